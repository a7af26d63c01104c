"""The soak's figures: the drivers' records merged, percentiles per kind of request, the
verdict, and the Markdown report (bench/results/soak.md)."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from typing import Any

from bench.soak.watch import Sample

#: Answers that are not errors: an accepted one, and a conflict the client sends again.
NOT_ERRORS = ("ok", "payload TRANSIENT_CONFLICT")
#: A driver busier than this (% of its one core) was the bound of the load.
SATURATED = 85.0


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (`q` in 0..100) of unsorted values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def merge(driven: list[dict[str, Any]]) -> dict[str, Any]:
    """One record from the drivers' (each a process with its share of the clients), with the
    figures per kind and in total."""
    latencies: dict[str, list[float]] = {}
    outcomes: dict[str, Counter[str]] = {}
    warmup: Counter[str] = Counter()
    per_second: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    merged: dict[str, Any] = {"examples": [], "internal_errors": [], "client_crashes": []}
    merged |= {"acknowledged": [], "seconds": 0.0, "cpu_seconds": 0.0}
    summed = ("rounds", "rounds_aborted", "requests_sent_again", "transient_conflicts")
    merged |= dict.fromkeys((*summed, "unanswered_requests"), 0)
    for one in driven:
        for kind, values in one.get("latencies_ms", {}).items():
            latencies.setdefault(kind, []).extend(values)
        for kind, counts in one.get("outcomes", {}).items():
            outcomes.setdefault(kind, Counter()).update(counts)
        warmup.update(one.get("warmup_requests", {}))
        per_second.update(one.get("per_second", {}))
        refused.update(one.get("refused_by_code", {}))
        for name in ("examples", "internal_errors", "client_crashes", "acknowledged"):
            merged[name] += one.get(name, [])
        for name in (*summed, "unanswered_requests", "cpu_seconds"):
            merged[name] += one.get(name, 0)
        merged["seconds"] = max(merged["seconds"], one.get("seconds", 0.0))
    merged["examples"] = merged["examples"][:10]
    merged["refused_by_code"] = dict(refused)
    merged["per_second"] = dict(per_second)
    merged["warmup_requests"] = sum(warmup.values())
    merged["kinds"] = {
        kind: _kind(latencies.get(kind, []), outcomes[kind]) for kind in sorted(outcomes)
    }
    merged |= _totals(merged["kinds"])
    return merged


def _kind(latencies: list[float], outcomes: Counter[str]) -> dict[str, Any]:
    return {
        "requests": sum(outcomes.values()),
        "measured": len(latencies),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies, default=0.0), 1),
        "outcomes": dict(outcomes),
        "errors": sum(n for outcome, n in outcomes.items() if outcome not in NOT_ERRORS),
    }


def _totals(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    by_outcome: Counter[str] = Counter()
    for figures in kinds.values():
        by_outcome.update(figures["outcomes"])
    return {
        "requests": sum(f["requests"] for f in kinds.values()),
        "measured_requests": sum(f["measured"] for f in kinds.values()),
        "outcomes": dict(by_outcome),
        "http_5xx": sum(n for o, n in by_outcome.items() if o.startswith("http 5")),
        "errors": sum(n for o, n in by_outcome.items() if o not in NOT_ERRORS),
    }


def curve(samples: list[Sample], per_second: dict[str, int]) -> list[dict[str, Any]]:
    """Requests per second between two samples, and each worker's RSS at the later one."""
    points = []
    for before, after in itertools.pairwise(samples):
        seconds = range(int(before.at), int(after.at))
        answered = sum(per_second.get(str(s), 0) for s in seconds)
        rate = answered / len(seconds) if seconds else 0.0
        points.append({"at_s": after.at, "requests_per_s": round(rate, 1), "rss_mb": after.rss_mb})
    return points


def throughput(figures: dict[str, Any], warmup: float) -> float:
    """Requests answered per second after the warm-up."""
    measured_seconds = figures["seconds"] - warmup
    return round(figures["measured_requests"] / measured_seconds, 1) if measured_seconds else 0.0


def failures(figures: dict[str, Any], max_growth: float) -> list[str]:
    """What makes the run fail, each with its figure."""
    found = []
    if figures["http_5xx"] or figures["server"]["http_5xx"]:
        found.append(
            f"5xx answers: {figures['http_5xx']} seen by the clients, "
            f"{figures['server']['http_5xx']} counted by the server"
        )
    if figures["errors"]:
        bad = {o: n for o, n in figures["outcomes"].items() if o not in NOT_ERRORS}
        found.append(f"errors: {bad}; e.g. {figures['examples'][:3]}")
    for name in ("internal_errors", "client_crashes"):
        if figures[name]:
            found.append(f"{name}: {figures[name][:3]}")
    if figures["unanswered_requests"]:
        found.append(f"unanswered requests: {figures['unanswered_requests']}")
    if any(figures["driver_exit_codes"]):
        found.append(f"a load driver failed: exit codes {figures['driver_exit_codes']}")
    if figures["workers_replaced"]:
        found.append("a worker was replaced during the run (it died)")
    if not figures["memory"]:
        found.append("no memory sample after the warm-up")
    for worker in figures["memory"]:
        if worker["growth_percent"] > max_growth:
            found.append(
                f"worker {worker['worker']}: RSS {worker['warm_mb']} -> {worker['end_mb']} MB "
                f"(+{worker['growth_percent']}%, at most {max_growth}%)"
            )
    invariants = figures["invariants"]
    for name in ("lost_writes", "double_applied", "invariant_violations"):
        if invariants[name]:
            found.append(f"{name}: {invariants[name]}; {invariants['examples']}")
    return found


def _n(value: float) -> str:
    return f"{value:,}"


def _errors(outcomes: dict[str, int]) -> str:
    bad = {o: n for o, n in outcomes.items() if o != "ok"}
    return ", ".join(f"{o}: {n:,}" for o, n in sorted(bad.items())) or "0"


def saturation(cpu: dict[str, float], cores: int, drivers: int) -> str:
    """Whether the load driver bounded the load, in words."""
    driver = cpu["load driver(s)"] / drivers
    busy = cpu["machine"] / cores
    if driver >= SATURATED:
        verdict = (
            f"The load driver used {driver:.0f}% of its core: it was the bottleneck (give it "
            "more processes: `--drivers 2`)."
        )
    else:
        verdict = f"The load driver used {driver:.0f}% of its core: it was not the bottleneck."
    if busy >= SATURATED:
        verdict += (
            f" The machine's {cores} cores were {busy:.0f}% busy: the load was bound by the "
            "CPU they had for the server and PostgreSQL."
        )
    return verdict


def markdown(results: dict[str, Any]) -> str:
    plan, figures = results["plan"], results["figures"]
    info = results["machine"]
    rate = throughput(figures, plan["warmup"])
    problems = failures(figures, plan["max_memory_growth"])
    server = figures["server"]
    invariants = figures["invariants"]
    database = figures["database"]
    lines = [
        f"# Soak {'(short form) ' if plan['short'] else ''}— {results['when']}",
        "",
        f"PostgreSQL {info.get('postgresql', '?')}, `campaign-graph serve --workers "
        f"{plan['workers']}` in production mode; {plan['clients']} clients in "
        f"{plan['drivers']} load process(es), without pause; {plan['seconds']:.0f} s, the "
        f"first {plan['warmup']:.0f} s a warm-up (not measured); seed sizes {plan['sizes']}; "
        f"weights {plan['weights']}; seed {plan['seed']}. Machine: {info['cores']} cores, "
        f"load average {results['load_average_before'][0]:.2f} before and "
        f"{results['load_average_after'][0]:.2f} after.",
        "",
        f"**{'FAILED' if problems else 'PASSED'}**"
        + (": " + "; ".join(problems) if problems else ""),
        "",
        "| figure | value |",
        "|---|---:|",
        f"| requests answered or failed | {_n(figures['requests'])} |",
        f"| of which during the warm-up | {_n(figures['warmup_requests'])} |",
        f"| throughput after the warm-up (requests/s) | {rate:,} |",
        f"| HTTP 5xx, seen by the clients / counted by the server (must be 0) | "
        f"{figures['http_5xx']} / {server['http_5xx']} |",
        f"| other errors (must be 0) | {figures['errors'] - figures['http_5xx']} |",
        f"| transient conflicts (sent again) | {_n(figures['transient_conflicts'])} |",
        f"| rounds of writes | {_n(figures['rounds'])} |",
        f"| acknowledged writes, checked in the database | "
        f"{_n(invariants['checked'].get('writes present exactly once', 0))} |",
        f"| sales lines written / priced by a campaign price | {_n(database['sales_lines'])} / "
        f"{_n(database['sales_lines_priced_by_campaign'])} |",
        f"| lost / double-applied writes / invariant violations (must be 0) | "
        f"{invariants['lost_writes']} / {invariants['double_applied']} / "
        f"{invariants['invariant_violations']} |",
        f"| worker memory growth, after the warm-up to the end (at most "
        f"{plan['max_memory_growth']:g}%) | "
        + ", ".join(f"{w['growth_percent']:+}%" for w in figures["memory"])
        + " |",
        "",
        "## Per kind of request",
        "",
        "Latency from the client's send to the last byte of the answer, after the warm-up.",
        "",
        "| kind | requests | share | p50 (ms) | p99 (ms) | max (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    total = figures["requests"] or 1
    for kind, k in sorted(figures["kinds"].items(), key=lambda item: -item[1]["requests"]):
        lines.append(
            f"| {kind} | {_n(k['requests'])} | {100 * k['requests'] / total:.1f}% | "
            f"{k['p50_ms']} | {k['p99_ms']} | {k['max_ms']} | {_errors(k['outcomes'])} |"
        )
    lines += [
        "",
        "Errors by kind as the server counted them (/metrics, both workers): HTTP statuses "
        f"{server['http_statuses']}, GraphQL errors {server['graphql_errors'] or 'none'}, "
        f"payload errors {server['payload_errors'] or 'none'}.",
        "",
        "## Memory per worker (RSS, MB)",
        "",
        "After the warm-up and at the end: the median of the first and of the last three "
        f"samples under load (one every {plan['sample_every']:g} s).",
        "",
        "| worker | after warm-up | end | growth | range under load | after the load | peak |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for w in figures["memory"]:
        lines.append(
            f"| {w['worker']} | {w['warm_mb']} | {w['end_mb']} | {w['growth_percent']:+}% | "
            f"{w['min_mb']}-{w['max_mb']} | {w['after_load_mb']} | {w['peak_mb']} |"
        )
    cpu = figures["cpu_percent"]
    lines += [
        "",
        "## The load and the machine",
        "",
        "CPU over the run, % of one core: "
        + ", ".join(f"{name} {value}%" for name, value in cpu.items())
        + ". "
        + saturation(cpu, info["cores"], plan["drivers"]),
        "",
        "| at (s) | requests/s since the row before | "
        + " | ".join(f"worker {w['worker']} RSS (MB)" for w in figures["memory"])
        + " |",
        "|---:|---:|" + "---:|" * len(figures["memory"]),
    ]
    for point in figures["curve"]:
        rss = " | ".join(str(mb) for mb in point["rss_mb"])
        at = point["at_s"]
        when = f"{at} (warm-up)" if at < plan["warmup"] else str(at)
        when = f"{at} (load over)" if at > plan["seconds"] else when
        lines.append(f"| {when} | {point['requests_per_s']} | {rss} |")
    lines += [
        "",
        f"Set-up (database, seed, users) {figures['setup_seconds']} s; checks afterwards "
        f"{figures['verification_seconds']} s: {invariants['checked']}.",
        "",
    ]
    return "\n".join(lines)
