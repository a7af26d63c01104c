"""Load generators: sequential latency and bounded-concurrency throughput over HTTP."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

import httpx


def percentile(samples: list[float], share: float) -> float:
    """The `share` (0-1) percentile of `samples`, nearest rank."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def latencies(
    client: httpx.AsyncClient, url: str, body: dict[str, Any], count: int, headers: dict[str, str]
) -> list[float]:
    """Milliseconds of `count` requests sent one after another; each must succeed."""
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        response = await client.post(url, json=body, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200 or "errors" in response.json():
            raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:300]}")
    return samples


async def throughput(
    url: str, body: dict[str, Any], headers: dict[str, str], *, seconds: float, concurrency: int
) -> float:
    """Requests per second that `concurrency` clients sending back to back achieve."""
    stop = time.perf_counter() + seconds
    done = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < stop:
                response = await client.post(url, json=body, headers=headers)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done / (time.perf_counter() - started)


def summary(rounds: list[float]) -> dict[str, float]:
    """Median of per-round figures with their range."""
    return {
        "median": round(statistics.median(rounds), 2),
        "min": round(min(rounds), 2),
        "max": round(max(rounds), 2),
    }
