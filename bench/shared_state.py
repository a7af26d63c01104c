"""What sharing the rate-limit budgets costs a request (docs/operations.md "Several machines"):
charging in memory (one process alone, and the shared limiter that syncs in the background),
against a round trip per request to Redis (a token-bucket script) or PostgreSQL (an upsert), and
the background exchange itself, by number of callers. Wall and CPU time of this process, per
call, median of five runs.

    python -m bench.shared_state [--postgres postgres://postgres@127.0.0.1:5432/test]
                                 [--redis redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

import asyncpg  # type: ignore[import-untyped]
from redis.asyncio import Redis

from server.db import close_db, init_db, migrate
from server.schema.ratelimit import CostRateLimiter, SharedCostRateLimiter
from server.services.core.redis_state import RedisState
from server.services.core.shared_state import BudgetStore, PostgresBudgets

_BUCKET = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local row = redis.call('HMGET', KEYS[1], 't', 'a')
local cap, rate, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = cap
if row[1] then tokens = math.min(cap, tonumber(row[1]) + (now - tonumber(row[2])) * rate) end
if cost > tokens then return 0 end
redis.call('HSET', KEYS[1], 't', tostring(tokens - cost), 'a', tostring(now))
redis.call('EXPIRE', KEYS[1], 120)
return 1
"""

_UPSERT = """
INSERT INTO shared_budget AS b (principal, tokens, at)
VALUES ($1, 600000 - $2, extract(epoch FROM now())::float8)
ON CONFLICT (principal) DO UPDATE SET
    tokens = least(600000, b.tokens + (excluded.at - b.at) * 10000) - $2, at = excluded.at
RETURNING tokens
"""


def _report(name: str, calls: int, runs: list[tuple[float, float]]) -> None:
    wall = statistics.median(w for w, _ in runs) / calls * 1e6
    cpu = statistics.median(c for _, c in runs) / calls * 1e6
    print(f"{name:<58} {wall:9.2f} us wall {cpu:9.2f} us CPU")


def _sync_runs(call: Callable[[int], object], calls: int) -> list[tuple[float, float]]:
    runs = []
    for _ in range(5):
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(calls):
            call(i)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return runs


async def _async_runs(
    call: Callable[[int], Awaitable[object]], calls: int
) -> list[tuple[float, float]]:
    runs = []
    for _ in range(5):
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(calls):
            await call(i)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return runs


async def _exchanges(name: str, store: BudgetStore) -> None:
    for callers in (1, 100, 1000):
        spent = {f"token:{n}": 10.0 for n in range(callers)}
        runs = await _async_runs(
            lambda i, spent=spent: store.exchange(spent, 0.0, 600000.0, 10000.0),  # type: ignore[misc]
            20,
        )
        _report(f"{name} exchange, {callers} callers (per interval)", 20, runs)


async def main(postgres: str, redis_url: str) -> None:
    calls = 100_000
    alone = CostRateLimiter(600_000)
    _report(
        "in memory, one process (CostRateLimiter.charge)",
        calls,
        _sync_runs(lambda i: alone.charge(f"token:{i % 100}", 1), calls),
    )
    shared = SharedCostRateLimiter(600_000, PostgresBudgets())
    _report(
        "in memory, shared in the background (SharedCostRateLimiter)",
        calls,
        _sync_runs(lambda i: shared.charge(f"token:{i % 100}", 1), calls),
    )

    client = Redis.from_url(redis_url)
    bucket = client.register_script(_BUCKET)
    _report(
        "Redis per request (token-bucket script, EVALSHA)",
        2000,
        await _async_runs(
            lambda i: bucket(keys=[f"cg-bench:{i % 100}"], args=[600000, 10000, 1]), 2000
        ),
    )
    state = RedisState(redis_url, f"cg-bench-{uuid.uuid4().hex[:6]}:")
    await _exchanges("Redis", state)
    for key in [k async for k in client.scan_iter(match="cg-bench*")]:
        await client.delete(key)
    await state.close()
    await client.aclose()

    name = f"cg_bench_shared_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = postgres.rsplit("/", 1)[0] + "/" + name
    try:
        await migrate(url)
        connection = await asyncpg.connect(url)
        _report(
            "PostgreSQL per request (upsert, asyncpg)",
            2000,
            await _async_runs(
                lambda i: connection.fetchval(_UPSERT, f"token:{i % 100}", 1.0), 2000
            ),
        )
        await connection.close()
        await init_db(url)
        await _exchanges("PostgreSQL", PostgresBudgets())
        await close_db()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    options = parser.parse_args()
    asyncio.run(main(options.postgres, options.redis))
