"""Choosing where the server processes keep their shared state (docs/operations.md "Several
machines"): callers' rate-limit budgets and automatic persisted queries, in Redis
(services/core/redis_state.py), in PostgreSQL (services/core/shared_state.py) or in each
process alone, as `Settings.shared_engine` says.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from server.http.persisted import PersistedQueries
from server.schema.ratelimit import CostRateLimiter, SharedCostRateLimiter
from server.services.core.shared_state import (
    BudgetStore,
    DatabaseDocuments,
    DocumentStore,
    PostgresBudgets,
)
from server.settings import Settings

if TYPE_CHECKING:
    # Imported only with Redis in use: redis-py loads OpenTelemetry when it is installed,
    # which must stay unloaded while traces are off (http/tracing.py).
    from server.services.core.redis_state import RedisState

log = logging.getLogger("campaign_graph.shared_state")


class SharedState:
    """One process's rate limiter and persisted-query store, and what they share through."""

    def __init__(self, settings: Settings) -> None:
        self.engine = settings.shared_engine
        self.redis: RedisState | None = None
        budgets: BudgetStore | None = None
        documents: DocumentStore | None = None
        if self.engine == "redis":
            from server.services.core.redis_state import RedisState

            assert settings.redis_url is not None  # Settings.from_env checked it
            self.redis = budgets = documents = RedisState(settings.redis_url, settings.redis_prefix)
        elif self.engine == "postgres":
            budgets, documents = PostgresBudgets(), DatabaseDocuments()
        self.rate_limiter: CostRateLimiter | None = None
        if settings.rate_limit and budgets is not None:
            self.rate_limiter = SharedCostRateLimiter(settings.rate_limit, budgets)
        elif settings.rate_limit:
            self.rate_limiter = CostRateLimiter(settings.rate_limit)
        self.persisted = PersistedQueries(settings.apq_cache_size, documents)

    async def start(self) -> None:
        """Start sharing (in the application's lifespan): a Redis that does not answer is
        logged, and the process works alone until it does."""
        if self.redis is not None:
            try:
                await self.redis.ping()
            except Exception as exc:
                log.warning("Redis does not answer (%r): working alone until it does", exc)
        if isinstance(self.rate_limiter, SharedCostRateLimiter):
            self.rate_limiter.start()

    async def stop(self) -> None:
        """Send what is left and close the connections."""
        if isinstance(self.rate_limiter, SharedCostRateLimiter):
            await self.rate_limiter.stop()
        if self.redis is not None:
            await self.redis.close()
