"""The benchmark's rounds: every figure measured on every server within each round, servers
interleaved (their order alternates from round to round, so a drift of the machine falls on
all alike), all load from wrk.

Figures per server and round:
- `small_query_rps`: small queries per second from 16 connections;
- `dashboard_p50_ms`, `dashboard_p99_ms`: the dashboard one request after another (one
  connection; at least SEQUENTIAL_SAMPLES per server and round in a full run);
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

_PACE: dict[str, float] = {}


def _sequential_seconds(
    server: Server, dashboard: dict[str, Any], headers: dict[str, str], plan: Rounds
) -> float:
    """How long one server's sequential run takes to reach SEQUENTIAL_SAMPLES dashboards (at
    least `plan.seconds`; a smoke run, without warm-up, takes `plan.seconds`)."""
    if not plan.warmup_seconds:
        return plan.seconds
    pace = _PACE.get(server.url)
    if pace is None:
        probe = wrk.run(server.url, dashboard, headers, connections=1, seconds=2)
        pace = _PACE[server.url] = probe.seconds / max(1, probe.requests)
    # A margin of half again: the probe runs alone, the rounds with wrk and the database
    # beside them (1.15 gave 174 of 200 samples in the 2026-12-06 run).
    return max(plan.seconds, math.ceil(SEQUENTIAL_SAMPLES * 1.5 * pace))


def measure(
    servers: list[Server],
    small: dict[str, Any],
    dashboard: dict[str, Any],
    headers: dict[str, str],
    plan: Rounds,
) -> dict[str, dict[str, Any]]:
    """Each server's figures (median and range over the rounds)."""
    for server in servers if plan.warmup_seconds else ():
        for body, connections in ((small, 16), (dashboard, 4)):
            wrk.run(server.url, body, headers, connections=connections, seconds=plan.warmup_seconds)
    samples: dict[str, dict[str, list[float]]] = {s.name: {} for s in servers}
    counts: dict[str, int] = {s.name: 0 for s in servers}

    def record(server: Server, figure: str, value: float) -> None:
        samples[server.name].setdefault(figure, []).append(value)

    for index in range(plan.rounds):
        order = servers if index % 2 == 0 else list(reversed(servers))
        for server in order:
            load = wrk.run(server.url, small, headers, connections=16, seconds=plan.seconds)
            record(server, "small_query_rps", load.rps)
        for server in order:
            seconds = _sequential_seconds(server, dashboard, headers, plan)
            load = wrk.run(server.url, dashboard, headers, connections=1, seconds=seconds)
            record(server, "dashboard_p50_ms", load.p50_ms)
            record(server, "dashboard_p99_ms", load.p99_ms)
            counts[server.name] = min(counts[server.name] or load.requests, load.requests)
        for server in order:
            load = wrk.run(server.url, dashboard, headers, connections=4, seconds=plan.seconds)
            record(server, "dashboards_per_s", load.rps)
    return {
        server.name: {
            **{figure: summary(values) for figure, values in samples[server.name].items()},
            "dashboard_samples_per_round": counts[server.name],
            "workers": server.workers,
            "peak_rss_mb": server.peak_rss_mb(),
        }
        for server in servers
    }
