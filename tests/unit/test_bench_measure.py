"""The benchmark's sequential dashboard (bench/measure.py): servers take turns in short slices,
each server's slices are pooled, and its percentiles are ranked as wrk ranks them."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from bench import measure, wrk
from bench.servers import Server


def _wrk_percentile(histogram: dict[int, int], p: float) -> int:
    """wrk's stats_percentile, step by step: the first latency whose running count reaches
    rank round(p / 100 * count + 0.5) (C's round: halves away from zero)."""
    count = sum(histogram.values())
    rank = math.floor(p / 100 * count + 0.5 + 0.5)
    total = 0
    for microseconds in range(min(histogram), max(histogram) + 1):
        total += histogram.get(microseconds, 0)
        if total >= rank:
            return microseconds
    return 0


@pytest.mark.parametrize("seed", range(200))
def test_percentiles_of_pooled_samples_are_wrks_own(seed: int) -> None:
    chance = random.Random(seed)
    histogram: dict[int, int] = {}
    for _ in range(chance.randint(1, 400)):
        latency = chance.randint(100, 100 + chance.choice((5, 500, 50_000)))
        histogram[latency] = histogram.get(latency, 0) + 1
    samples = sorted(us / 1000 for us, n in histogram.items() for _ in range(n))
    for p in (50, 99, 99.9, 0.1, chance.uniform(0, 100)):
        assert measure.percentile(samples, p) == _wrk_percentile(histogram, p) / 1000


def test_the_listed_histogram_becomes_one_sample_per_request() -> None:
    output = 'Running 1s test\n@@wrk {"requests": 3}\n@@histogram 1500:2 2250:1\n'
    assert wrk._samples(output) == (1.5, 1.5, 2.25)


def test_servers_take_turns_slice_by_slice_and_their_slices_are_pooled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def fake_run(url: str, body: Any, headers: Any, **options: Any) -> wrk.Load:
        assert options == {"connections": 1, "seconds": measure.SLICE_SECONDS, "samples": True}
        calls.append(url)
        turn = len(calls)
        latencies = (float(turn), float(turn) + 0.5) if url.endswith(":1/graphql") else (9.0,)
        return wrk.Load(
            requests=len(latencies),
            seconds=1.0,
            p50_ms=latencies[0],
            p99_ms=latencies[-1],
            max_ms=latencies[-1],
            samples_ms=latencies,
        )

    monkeypatch.setattr(wrk, "run", fake_run)
    a, b = Server("product", "sqlite://:memory:", port=1), Server("floor", "sqlite://", port=2)

    pooled = measure._sequential([a, b], {}, {}, slices=3, index=1)

    # Round 1 starts reversed; then the order alternates slice by slice.
    assert [url.split(":")[2][0] for url in calls] == ["2", "1", "1", "2", "2", "1"]
    assert pooled["product"] == ([2.0, 2.5, 3.0, 3.5, 6.0, 6.5], 6)
    assert pooled["floor"] == ([9.0, 9.0, 9.0], 3)
