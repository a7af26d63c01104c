"""State that the server processes of several workers and machines keep together
(docs/operations.md "Several machines"): callers' cost budgets and automatic persisted
queries, in the PostgreSQL database they share (Redis's are in redis_state.py).

**Budgets.** A process charges requests in its own memory (schema/ratelimit.py) and, every
sync interval, sends what each caller spent since the last time and reads back what every
process spent: one statement (`exchange`). The shared row of a caller is a token bucket at a
moment of the database's clock: the tokens left and when. Applying a process's spend refills
the row to now and takes the spend; it may go below zero when processes together spent more
than was left (a debt, repaid by waiting), down to minus the capacity. The answer holds the
rows this process sent and every row another process changed since the last exchange, so a
process learns of callers it never met. Rows of callers idle for longer than a full refill are
deleted now and then (their bucket is full: no row says the same).

**Documents.** A registered persisted query is a row by its hash (verified by the caller before
storing). Processes keep their own least-recently-used copy in front (http/persisted.py) and
look here only on a miss. Rows unused for `DOCUMENT_TTL` go, and beyond `DOCUMENT_LIMIT`
rows the least recently used go, at most once every `PRUNE_EVERY` per process.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from tortoise import connections
from tortoise.expressions import Subquery

from server.models import PersistedQuery

#: Registered documents unused this long are forgotten (the client registers them again).
DOCUMENT_TTL = timedelta(days=7)
#: At most this many registered documents are kept (the least recently used go first).
DOCUMENT_LIMIT = 10_000
#: A fetched document's row is marked used at most this often (a fetch is a read, not a write).
TOUCH_EVERY = timedelta(days=1)
#: Seconds between two prunings of the shared rows by one process.
PRUNE_EVERY = 60.0


@dataclass(frozen=True, slots=True)
class Exchange:
    """What the shared store holds after a process sent its spend: the store's clock, and
    `(principal, tokens, at)` of the callers sent and of those others changed since."""

    now: float
    rows: Sequence[tuple[str, float, float]]


class BudgetStore(Protocol):
    """Where processes keep callers' budgets together."""

    async def exchange(
        self, spent: Mapping[str, float], since: float, capacity: float, rate: float
    ) -> Exchange:
        """Apply `spent` (cost per principal, refunds negative) and return the rows sent and
        those changed at or after `since` (the store's clock)."""
        ...


class DocumentStore(Protocol):
    """Where processes keep registered persisted queries together."""

    async def get(self, digest: str) -> str | None:
        """The document registered under `digest`, or None."""
        ...

    async def put(self, digest: str, document: str) -> None:
        """Register a document already checked against its digest."""
        ...


_EXCHANGE = """
WITH spent AS (
    INSERT INTO shared_budget AS b (principal, tokens, at)
    SELECT u.p, $3 - u.d, extract(epoch FROM now())::float8
    FROM unnest($1::text[], $2::float8[]) AS u(p, d)
    ORDER BY u.p
    ON CONFLICT (principal) DO UPDATE SET
        tokens = least($3::float8, greatest(
            -$3::float8,
            least($3::float8, b.tokens + greatest(excluded.at - b.at, 0) * $4::float8)
            - ($3 - excluded.tokens)
        )),
        at = excluded.at
    RETURNING b.principal, b.tokens, b.at
)
SELECT principal, tokens, at FROM spent
UNION ALL
SELECT principal, tokens, at FROM shared_budget
WHERE at >= $5 AND NOT principal = ANY($1::text[])
UNION ALL
SELECT NULL, NULL, extract(epoch FROM now())::float8
"""

_PRUNE = "DELETE FROM shared_budget WHERE at < extract(epoch FROM now())::float8 - $1"


class PostgresBudgets:
    """Budgets in the `shared_budget` table (UNLOGGED) of the PostgreSQL database, through the
    application's pool: one statement per exchange, whatever the number of callers."""

    def __init__(self, connection: str = "default") -> None:
        self.connection = connection
        self._pruned = float("-inf")

    async def exchange(
        self, spent: Mapping[str, float], since: float, capacity: float, rate: float
    ) -> Exchange:
        client = connections.get(self.connection)
        # Sorted: two processes lock the rows they share in the same order (no deadlock).
        # A spend above twice the capacity empties the bucket as well as the twice would.
        principals = sorted(spent)
        deltas = [min(spent[p], 2 * capacity) for p in principals]
        _, records = await client.execute_query(
            _EXCHANGE, [principals, deltas, capacity, rate, since]
        )
        now = 0.0
        rows: list[tuple[str, float, float]] = []
        for record in records:
            principal, tokens, at = record[0], record[1], record[2]
            if principal is None:
                now = float(at)
            else:
                rows.append((str(principal), float(tokens), float(at)))
        if time.monotonic() - self._pruned >= PRUNE_EVERY:
            self._pruned = time.monotonic()
            # Idle longer than a full refill (and a margin): the bucket is full.
            await client.execute_query(_PRUNE, [capacity / rate + 60.0])
        return Exchange(now, rows)


class DatabaseDocuments:
    """Persisted queries in the `persisted_query` table."""

    def __init__(self, ttl: timedelta = DOCUMENT_TTL, limit: int = DOCUMENT_LIMIT) -> None:
        self.ttl = ttl
        self.limit = limit
        self._pruned = float("-inf")

    async def get(self, digest: str) -> str | None:
        row = await PersistedQuery.get_or_none(hash=digest)
        if row is None:
            return None
        now = datetime.now(UTC)
        if now - row.used_at >= TOUCH_EVERY:
            await PersistedQuery.filter(hash=digest).update(used_at=now)
        return str(row.body)

    async def put(self, digest: str, document: str) -> None:
        now = datetime.now(UTC)
        await PersistedQuery.bulk_create(
            [PersistedQuery(hash=digest, body=document, used_at=now)],
            on_conflict=["hash"],
            update_fields=["used_at"],
        )
        if time.monotonic() - self._pruned >= PRUNE_EVERY:
            self._pruned = time.monotonic()
            await self.prune(now)

    async def prune(self, now: datetime) -> None:
        """Forget documents unused for the TTL, and the least recently used beyond the limit."""
        await PersistedQuery.filter(used_at__lt=now - self.ttl).delete()
        beyond = PersistedQuery.all().order_by("-used_at").offset(self.limit).values("hash")
        await PersistedQuery.filter(hash__in=Subquery(beyond)).delete()
