"""The benchmark's Markdown table: figures per database, product against floor."""

from __future__ import annotations

from typing import Any


def _cell(figure: dict[str, float]) -> str:
    return f"{figure['median']:g} ({figure['min']:g}-{figure['max']:g})"


def _ratio(product: float, floor: float) -> str:
    return f"{product / floor:.2f}x" if floor else "-"


def markdown(results: dict[str, Any]) -> str:
    """A table per database, then the machine; medians of rounds with their range."""
    lines = [f"# Benchmark ({results['when']})", ""]
    for kind, run in results["databases"].items():
        product, floor = run["product"], run["floor"]
        lines += [
            f"## {kind}",
            "",
            "| figure | product | floor | product / floor |",
            "|---|---|---|---|",
        ]
        for key, label in (
            ("dashboard_p50_ms", "dashboard p50 (ms)"),
            ("dashboard_p99_ms", "dashboard p99 (ms)"),
            ("small_query_rps", "small query (requests/s)"),
        ):
            lines.append(
                f"| {label} | {_cell(product[key])} | {_cell(floor[key])} | "
                f"{_ratio(product[key]['median'], floor[key]['median'])} |"
            )
        lines.append(
            f"| peak RSS (MB) | {product['peak_rss_mb']} | {floor['peak_rss_mb']} | "
            f"{_ratio(product['peak_rss_mb'], floor['peak_rss_mb'])} |"
        )
        activation = run["activation"]
        gzip = run.get("product_gzip")
        lines += [""]
        if gzip:
            lines.append(
                f"- dashboard p50 when the client accepts gzip (product only; the floor does "
                f"not compress, and the figures above are uncompressed for both): "
                f"{gzip['dashboard_p50_ms']:g} ms for {gzip['bytes'] / 1024:,.0f} KB instead "
                f"of {gzip['identity_bytes'] / 1024:,.0f} KB"
            )
        lines += [
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
        + f". Plan: {results['plan']}."
    )
    return "\n".join(lines) + "\n"
