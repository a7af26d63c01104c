"""Per-caller rate limit on query cost: a token bucket per principal, charged in this process,
and kept together with the other processes through a shared store when there are several
(docs/operations.md "Several machines")."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable

from server.services.core.shared_state import BudgetStore

log = logging.getLogger("campaign_graph.rate_limit")

#: Forget callers whose bucket has refilled once this many are tracked (bounded memory).
_PRUNE_AT = 10_000

#: Seconds between two exchanges of a process's spend with the shared store.
SYNC_INTERVAL = 0.2

#: Seconds of the shared store's changes read again at each exchange (a change committed late).
_LOOKBACK = 1.0


class CostRateLimiter:
    """Each principal may spend `per_minute` cost points a minute, refilled continuously.

    A request costs what the query cost analysis estimated, so one dashboard weighs as much as
    the thousands of rows it asks for. Buckets live in this process: with N server processes a
    caller may spend up to N times the budget (SharedCostRateLimiter shares them).
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def charge(self, principal: str, cost: int) -> int:
        """Spend `cost` for `principal`; 0 when admitted, else the whole seconds to wait."""
        now = self._clock()
        tokens, at = self._buckets.get(principal, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        if cost <= tokens:
            self._buckets[principal] = (tokens - cost, now)
            self._spent(principal, cost)
            if len(self._buckets) > _PRUNE_AT:
                self._prune(now)
            return 0
        self._buckets[principal] = (tokens, now)
        return max(1, math.ceil((min(cost, self.capacity) - tokens) / self.rate))

    def bill(self, principal: str, cost: int) -> None:
        """Spend `cost` for work already done (a refusal): it is taken whatever is left, down to
        an empty bucket, so that refusals too run a caller out of budget."""
        now = self._clock()
        tokens, at = self._buckets.get(principal, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        left = max(min(tokens, 0.0), tokens - cost)
        self._buckets[principal] = (left, now)
        self._spent(principal, tokens - left)

    def refund(self, principal: str, cost: int) -> None:
        """Give back a charge whose request was then answered by another path (which charges
        it again): as if it had never been made."""
        tokens, at = self._buckets.get(principal, (self.capacity, self._clock()))
        left = min(self.capacity, tokens + cost)
        self._buckets[principal] = (left, at)
        self._spent(principal, tokens - left)

    def _spent(self, principal: str, amount: float) -> None:
        """What a charge, bill or refund took (a refund: less than zero)."""

    def _prune(self, now: float) -> None:
        self._buckets = {
            who: (tokens, at)
            for who, (tokens, at) in self._buckets.items()
            if tokens + (now - at) * self.rate < self.capacity
        }


class SharedCostRateLimiter(CostRateLimiter):
    """A CostRateLimiter whose buckets are kept together with other processes' (a shared
    store: PostgreSQL or Redis, services/core/shared_state.py and redis_state.py).

    Requests are still charged here, in memory (no round trip per request). Every `interval`
    the spend since the last time goes to the store, and the answer sets each caller's bucket
    to what the store holds for it less what was spent here meanwhile. So a caller's budget is
    spent once across all processes, within what it can spend in about two intervals on each
    (the time its spend takes to reach the store and come back to the others); an overspend
    becomes a debt that makes it wait longer. A store that does not answer leaves the process
    on its own buckets (logged once), and the spend is sent when it is back.
    """

    def __init__(
        self,
        per_minute: int,
        store: BudgetStore,
        *,
        interval: float = SYNC_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(per_minute, clock)
        self.store = store
        self.interval = interval
        self._unsent: dict[str, float] = {}
        self._since = 0.0
        self._task: asyncio.Task[None] | None = None
        #: Whether the last exchange failed (a failure is logged once, until one succeeds).
        self.failing = False

    def _spent(self, principal: str, amount: float) -> None:
        self._unsent[principal] = self._unsent.get(principal, 0.0) + amount

    async def sync(self) -> bool:
        """Send what was spent here and take what the store holds; False when it failed."""
        sending = {who: spent for who, spent in self._unsent.items() if spent}
        self._unsent = {}
        try:
            exchange = await self.store.exchange(sending, self._since, self.capacity, self.rate)
        except Exception as exc:
            for who, spent in sending.items():
                self._unsent[who] = self._unsent.get(who, 0.0) + spent
            if not self.failing:
                self.failing = True
                log.warning(
                    "shared rate-limit budgets unavailable, charging in this process alone: %r",
                    exc,
                )
            return False
        if self.failing:
            self.failing = False
            log.info("shared rate-limit budgets available again")
        self._since = exchange.now - _LOOKBACK
        now = self._clock()
        for who, tokens, at in exchange.rows:
            shared = min(self.capacity, tokens + max(exchange.now - at, 0.0) * self.rate)
            self._buckets[who] = (shared - self._unsent.get(who, 0.0), now)
        if len(self._buckets) > _PRUNE_AT:
            self._prune(now)
        return True

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.sync()

    def start(self) -> None:
        """Exchange every `interval` from now on (in the running event loop)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop exchanging, after sending what is left (given a second at most)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._unsent:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.sync(), 1.0)
