"""The benchmark's Markdown table: figures per database, the product against the floor and
two workers against one."""

from __future__ import annotations

import statistics
from typing import Any

#: Figure, label, and whether more is better.
FIGURES = (
    ("small_query_rps", "small query, 16 connections (requests/s)", True),
    ("dashboard_p50_ms", "dashboard p50, sequential (ms)", False),
    ("dashboard_p99_ms", "dashboard p99, sequential (ms)", False),
    ("dashboards_per_s", "dashboards, 4 connections (per s)", True),
)


def value(figure: dict[str, Any]) -> float:
    """The figure a table shows: a percentile over all rounds' samples where the run kept
    one (the sequential dashboard), else the median of the rounds."""
    return float(figure.get("all_rounds", figure["median"]))


def _cell(figure: dict[str, Any]) -> str:
    return f"{value(figure):g} ({figure['min']:g}-{figure['max']:g})"


def _ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}x" if reference else "-"


def paired(figure: dict[str, Any], reference: dict[str, Any]) -> float | None:
    """The median of the per-round ratios of two servers' figure (each round measured them
    back to back), or None when the rounds were not recorded: steadier than the ratio of the
    medians when the machine drifts between rounds."""
    ours, theirs = figure.get("rounds"), reference.get("rounds")
    if not ours or not theirs or len(ours) != len(theirs) or not all(theirs):
        return None
    return float(statistics.median(a / b for a, b in zip(ours, theirs, strict=True)))


def _paired_line(product: dict[str, Any], floor: dict[str, Any], two: dict[str, Any]) -> str:
    cells = []
    for key, label, _ in FIGURES:
        against_floor = paired(product[key], floor[key])
        two_to_one = paired(two[key], product[key])
        if against_floor is None or two_to_one is None:
            return ""
        cells.append(f"{label.split(' (')[0]} {against_floor:.2f}x and {two_to_one:.2f}x")
    return (
        "- the same ratios paired round by round (median of the rounds' ratios, product / floor "
        "and 2 / 1 worker): " + "; ".join(cells)
    )


def markdown(results: dict[str, Any]) -> str:
    """A table per database, then the machine: per figure its value (see `value`) with the
    range of its rounds."""
    lines = [f"# Benchmark ({results['when']})", ""]
    for kind, run in results["databases"].items():
        product, floor, two = run["product"], run["floor"], run["product_2_workers"]
        lines += [
            f"## {kind}",
            "",
            "| figure | product | floor | product / floor | product, 2 workers | 2 / 1 worker |",
            "|---|---|---|---|---|---|",
        ]
        for key, label, _ in FIGURES:
            lines.append(
                f"| {label} | {_cell(product[key])} | {_cell(floor[key])} | "
                f"{_ratio(value(product[key]), value(floor[key]))} | {_cell(two[key])} | "
                f"{_ratio(value(two[key]), value(product[key]))} |"
            )
        lines.append(
            f"| peak RSS per worker (MB) | {product['peak_rss_mb']} | {floor['peak_rss_mb']} | "
            f"| {two['peak_rss_mb']} | |"
        )
        activation = run["activation"]
        gzip = run["product_gzip"]
        lines.append("")
        pairs = _paired_line(product, floor, two)
        if pairs:
            lines.append(pairs)
        least = min(s["dashboard_samples_per_round"] for s in (product, floor, two))
        pooled = any("all_rounds" in product[key] for key, _, _ in FIGURES)
        lines += [
            f"- dashboard samples per round and server (sequential): at least {least}"
            + (
                "; the servers took turns in slices of a second, and the table's p50 and p99 "
                "are over all rounds' samples together (brackets: the rounds' range)"
                if pooled
                else ""
            ),
            f"- dashboard p50 when the client accepts gzip (product only; the floor does not "
            f"compress, and the figures above are uncompressed for both): "
            f"{gzip['dashboard_p50_ms']:g} ms for {gzip['bytes'] / 1024:,.0f} KB instead of "
            f"{gzip['identity_bytes'] / 1024:,.0f} KB",
            f"- SQL statements per dashboard (product): {run['statements_per_dashboard']}",
            f"- activation of {activation['campaign']} ({run['activation_target_lines']:,} target "
            f"lines; {activation['targeted_customers']:,} customers, "
            f"{activation['targeted_contacts']:,} contacts): {activation['seconds']} s",
            f"- `campaign-graph seed` {run['seed_sizes']}: {run['seed_seconds']} s",
            "",
        ]
    machine = results["machine"]
    lines.append(
        "Machine: "
        + ", ".join(f"{key} {value}" for key, value in machine.items())
        + f". Plan: {results['plan']}. Load: wrk, one thread, from the same machine."
    )
    return "\n".join(lines) + "\n"
