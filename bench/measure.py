"""The benchmark's rounds: every figure measured on every server within each round, servers
interleaved (their order alternates from round to round, so a drift of the machine falls on
all alike), all load from wrk.

Figures per server and round:
- `small_query_rps`: small queries per second from 16 connections;
- `dashboard_p50_ms`, `dashboard_p99_ms`: the dashboard one request after another (one
  connection; at least SEQUENTIAL_SAMPLES per server and round in a full run). The servers
  take turns in slices of SLICE_SECONDS, and each server's slices of the round are pooled
  into one set of samples: a server measured in one block of half a minute met whatever the
  machine did in that half minute (on this shared 2-core machine the same server's p50 moved
  by a fifth from block to block), while slices spread every server over the same moments;
- `dashboards_per_s`: dashboards per second from 4 connections.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Any

from bench import wrk
from bench.servers import Server


@dataclass(frozen=True)
class Rounds:
    """How much load: rounds, and seconds of wrk per figure and server in each round."""

    rounds: int
    seconds: float
    warmup_seconds: float


def summary(rounds: list[float]) -> dict[str, Any]:
    """Median of per-round figures with their range, and the figures of each round in order
    (servers measured in the same round were measured back to back: bench/report.py pairs
    them)."""
    return {
        "median": round(statistics.median(rounds), 2),
        "min": round(min(rounds), 2),
        "max": round(max(rounds), 2),
        "rounds": [round(value, 2) for value in rounds],
    }


#: Sequential dashboards per server and round in a full run: enough for a p99 that is not
#: merely the slowest of a few samples.
SEQUENTIAL_SAMPLES = 200

#: Seconds of wrk per slice of the sequential dashboard (wrk counts whole seconds).
SLICE_SECONDS = 1


def _slices(
    servers: list[Server], dashboard: dict[str, Any], headers: dict[str, str], plan: Rounds
) -> int:
    """Slices per server and round: enough for the slowest server to reach SEQUENTIAL_SAMPLES
    dashboards in a full run (at least `plan.seconds` of them); a smoke run, without
    warm-up, takes `plan.seconds`."""
    least = max(1, math.ceil(plan.seconds / SLICE_SECONDS))
    if not plan.warmup_seconds:
        return least
    pace = 0.0
    for server in servers:
        probe = wrk.run(server.url, dashboard, headers, connections=1, seconds=2)
        pace = max(pace, probe.seconds / max(1, probe.requests))
    # A margin of half again: the probe runs alone, the rounds with wrk and the database
    # beside them, and each slice loses the dashboard in flight when it ends.
    return max(least, math.ceil(SEQUENTIAL_SAMPLES * 1.5 * pace / SLICE_SECONDS))


def percentile(samples: list[float], p: float) -> float:
    """The nearest-rank percentile of samples sorted fastest first, ranked as wrk ranks
    (rank = round(p / 100 * n + 0.5), rounding halves up)."""
    rank = math.floor(p / 100 * len(samples) + 1)
    return samples[min(len(samples), max(1, rank)) - 1]


def _sequential(
    servers: list[Server],
    dashboard: dict[str, Any],
    headers: dict[str, str],
    slices: int,
    index: int,
) -> dict[str, tuple[list[float], int]]:
    """One round of the sequential dashboard: every server's latencies, fastest first, pooled
    over its slices (as wrk's histograms hold them), and how many dashboards it answered."""
    pooled: dict[str, tuple[list[float], int]] = {s.name: ([], 0) for s in servers}
    for turn in range(slices):
        order = servers if (index + turn) % 2 == 0 else list(reversed(servers))
        for server in order:
            load = wrk.run(
                server.url, dashboard, headers, connections=1, seconds=SLICE_SECONDS, samples=True
            )
            latencies, answered = pooled[server.name]
            pooled[server.name] = (latencies + list(load.samples_ms), answered + load.requests)
    return {name: (sorted(latencies), answered) for name, (latencies, answered) in pooled.items()}


def measure(
    servers: list[Server],
    small: dict[str, Any],
    dashboard: dict[str, Any],
    headers: dict[str, str],
    plan: Rounds,
) -> dict[str, dict[str, Any]]:
    """Each server's figures: median and range over the rounds; the sequential dashboard's
    percentiles also over all rounds' samples together (`all_rounds`: a p99 of a thousand
    samples and more rests on their slowest ten, a round's on its slowest two or three)."""
    for server in servers if plan.warmup_seconds else ():
        for body, connections in ((small, 16), (dashboard, 4)):
            wrk.run(server.url, body, headers, connections=connections, seconds=plan.warmup_seconds)
    samples: dict[str, dict[str, list[float]]] = {s.name: {} for s in servers}
    counts: dict[str, int] = {s.name: 0 for s in servers}
    latencies_of: dict[str, list[float]] = {s.name: [] for s in servers}
    slices = _slices(servers, dashboard, headers, plan)

    def record(server: Server, figure: str, value: float) -> None:
        samples[server.name].setdefault(figure, []).append(value)

    for index in range(plan.rounds):
        order = servers if index % 2 == 0 else list(reversed(servers))
        for server in order:
            load = wrk.run(server.url, small, headers, connections=16, seconds=plan.seconds)
            record(server, "small_query_rps", load.rps)
        sequential = _sequential(servers, dashboard, headers, slices, index)
        for server in order:
            latencies, answered = sequential[server.name]
            record(server, "dashboard_p50_ms", percentile(latencies, 50))
            record(server, "dashboard_p99_ms", percentile(latencies, 99))
            counts[server.name] = min(counts[server.name] or answered, answered)
            latencies_of[server.name] += latencies
        for server in order:
            load = wrk.run(server.url, dashboard, headers, connections=4, seconds=plan.seconds)
            record(server, "dashboards_per_s", load.rps)
    figures: dict[str, dict[str, Any]] = {
        server.name: {
            **{figure: summary(values) for figure, values in samples[server.name].items()},
            "dashboard_samples_per_round": counts[server.name],
            "workers": server.workers,
            "peak_rss_mb": server.peak_rss_mb(),
        }
        for server in servers
    }
    for name, latencies in latencies_of.items():
        ordered = sorted(latencies)
        for figure, p in (("dashboard_p50_ms", 50), ("dashboard_p99_ms", 99)):
            figures[name][figure]["all_rounds"] = round(percentile(ordered, p), 2)
    return figures
