"""The shared state of shared_state.py in Redis, when `REDIS_URL` is set (docs/operations.md
"Several machines"): the same budgets and persisted queries, under keys that start with the
configured prefix, on one Redis server (not a cluster: the budget script touches keys it
computes).

- `<prefix>budget:<principal>`: a hash of the tokens left (`t`) and when (`a`, Redis's clock),
  expiring once a full refill has passed; `<prefix>budget-changes`: a sorted set of principals
  by their last change, from which a process learns what the others spent. One script applies a
  process's spend and answers, one round trip per sync interval.
- `<prefix>apq:<hash>`: a registered document, expiring `DOCUMENT_TTL` after its last use (a
  fetch renews it). Redis's own `maxmemory` bounds the rest.

A Redis that does not answer fails the call quickly (short timeouts, one retry) and is then
left alone for `PAUSE` seconds: the callers (schema/ratelimit.py, http/persisted.py) fall back
on their own process meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from redis.asyncio import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from server.services.core.shared_state import DOCUMENT_TTL, Exchange

log = logging.getLogger("campaign_graph.shared_state")

#: Seconds a failed Redis is not asked again (the process works on its own meanwhile).
PAUSE = 2.0
#: Seconds to connect, and to wait for one answer.
TIMEOUT = 0.5

T = TypeVar("T")

_EXCHANGE = """
local prefix, cap, rate = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local since, ttl = tonumber(ARGV[4]), tonumber(ARGV[5])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local stamp = string.format('%.6f', now)
local changes = prefix .. 'budget-changes'
local out = {stamp}
local sent = {}
for i = 6, #ARGV, 2 do
  local who, spent = ARGV[i], tonumber(ARGV[i + 1])
  local key = prefix .. 'budget:' .. who
  local row = redis.call('HMGET', key, 't', 'a')
  local tokens = cap
  if row[1] then
    tokens = math.min(cap, tonumber(row[1]) + math.max(now - tonumber(row[2]), 0) * rate)
  end
  tokens = math.min(cap, math.max(-cap, tokens - spent))
  local left = string.format('%.6f', tokens)
  redis.call('HSET', key, 't', left, 'a', stamp)
  redis.call('EXPIRE', key, ttl)
  redis.call('ZADD', changes, now, who)
  sent[who] = true
  table.insert(out, who); table.insert(out, left); table.insert(out, stamp)
end
redis.call('ZREMRANGEBYSCORE', changes, '-inf', now - ttl)
for _, who in ipairs(redis.call('ZRANGEBYSCORE', changes, since, '+inf')) do
  if not sent[who] then
    local row = redis.call('HMGET', prefix .. 'budget:' .. who, 't', 'a')
    if row[1] then
      table.insert(out, who); table.insert(out, row[1]); table.insert(out, row[2])
    end
  end
end
return out
"""


class RedisState:
    """One process's client of the shared Redis, budgets and documents alike."""

    def __init__(self, url: str, prefix: str = "campaign_graph:") -> None:
        self.url = url
        self.prefix = prefix
        self.client = Redis.from_url(
            url,
            socket_timeout=TIMEOUT,
            socket_connect_timeout=TIMEOUT,
            retry=Retry(NoBackoff(), 1),
        )
        self._exchange = self.client.register_script(_EXCHANGE)
        self._paused_until = float("-inf")

    async def _call(self, call: Callable[[], Awaitable[T]]) -> T:
        """`call()`, unless Redis failed less than PAUSE seconds ago (RedisError then)."""
        if time.monotonic() < self._paused_until:
            raise RedisError("Redis failed a moment ago; not asked again yet")
        try:
            return await call()
        except (RedisError, OSError):
            self._paused_until = time.monotonic() + PAUSE
            raise

    async def ping(self) -> None:
        """Fail (RedisError) unless Redis answers."""
        await self._call(self.client.ping)

    async def close(self) -> None:
        """Close the connections, waiting `TIMEOUT` at most: redis-py's close may wait for
        ever for a socket to finish closing (its writer's `wait_closed`), and a stopping
        server then never stopped (seen once, under load, in the two-server test)."""
        try:
            await asyncio.wait_for(self.client.aclose(), TIMEOUT)
        except (TimeoutError, RedisError, OSError) as exc:
            log.warning("Redis connections not closed cleanly: %r", exc)

    async def exchange(
        self, spent: Mapping[str, float], since: float, capacity: float, rate: float
    ) -> Exchange:
        """BudgetStore.exchange (shared_state.py), in one script."""
        args: list[Any] = [self.prefix, capacity, rate, since, int(capacity / rate) + 60]
        for principal, amount in sorted(spent.items()):
            args += [principal, min(amount, 2 * capacity)]
        answer = await self._call(lambda: self._exchange(keys=[], args=args))
        values = [v.decode() if isinstance(v, bytes) else str(v) for v in answer]
        rows = [
            (values[i], float(values[i + 1]), float(values[i + 2]))
            for i in range(1, len(values), 3)
        ]
        return Exchange(float(values[0]), rows)

    async def get(self, digest: str) -> str | None:
        """DocumentStore.get: the document, its expiry renewed."""
        key = f"{self.prefix}apq:{digest}"
        ttl = int(DOCUMENT_TTL.total_seconds())
        value = await self._call(lambda: self.client.getex(key, ex=ttl))
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)

    async def put(self, digest: str, document: str) -> None:
        """DocumentStore.put."""
        key = f"{self.prefix}apq:{digest}"
        ttl = int(DOCUMENT_TTL.total_seconds())
        await self._call(lambda: self.client.set(key, document.encode(), ex=ttl))
