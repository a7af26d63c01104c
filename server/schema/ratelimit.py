"""Per-caller rate limit on query cost: a token bucket per principal, in this process."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

#: Forget callers whose bucket has refilled once this many are tracked (bounded memory).
_PRUNE_AT = 10_000


class CostRateLimiter:
    """Each principal may spend `per_minute` cost points a minute, refilled continuously.

    A request costs what the query cost analysis estimated, so one dashboard weighs as much as
    the thousands of rows it asks for. Buckets live in this process: with N server processes a
    caller may spend up to N times the budget.
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
        self._buckets[principal] = (max(0.0, tokens - cost), now)

    def refund(self, principal: str, cost: int) -> None:
        """Give back a charge whose request was then answered by another path (which charges
        it again): as if it had never been made."""
        tokens, at = self._buckets.get(principal, (self.capacity, self._clock()))
        self._buckets[principal] = (min(self.capacity, tokens + cost), at)

    def _prune(self, now: float) -> None:
        self._buckets = {
            who: (tokens, at)
            for who, (tokens, at) in self._buckets.items()
            if tokens + (now - at) * self.rate < self.capacity
        }
