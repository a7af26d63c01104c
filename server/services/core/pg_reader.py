"""PostgreSQL connections of their own for prepared reads outside transactions (issue 18).

A read through Tortoise's client takes a connection from asyncpg's pool and gives it back:
about 37 us of CPU per statement for the pool's queue, its shielded release task and timers,
and some 20 more for Tortoise's wrapper, where the statement itself costs asyncpg about 30
(tools: `asyncpg.create_pool(...).fetch` 67 us against `Connection.fetch` 30 us, one lookup by
number, uvloop). A small query is one such read.

A `PgReader` keeps a few connections of its own (`SIZE`) for the prepared reads that run
outside any transaction (services/core/prepared.py): a read takes an idle one, runs its
statement and puts it back, with no pool in between. When none is idle and fewer than `SIZE`
are open, the read goes through Tortoise's pool as before and one more connection is opened
in the background; when all `SIZE` are open and busy, the read waits for the first one put
back (first come, first served): a statement of a few hundred microseconds is a shorter wait
than the pool's way costs (under 16 concurrent small queries, 3 reads in 4 went through the
pool with 4 connections). A connection that fails in any way (lost, cancelled mid-statement)
is closed and never reused, and the read goes through the pool, which answers or fails as it
always did; nothing waits for a connection to open.

Readers exist only where the server turned them on (`install`, in the app's lifespan, which
also closes them): the same autocommit statements on other connections of the same database
read the same committed rows, as the pool's connections do outside a transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient

log = logging.getLogger("campaign_graph.prepared")

#: Connections each reader keeps, at most.
SIZE = 4

#: Connection options of asyncpg.connect that a Tortoise URL may carry besides the address.
_CONNECT_OPTIONS = frozenset(
    {
        "ssl",
        "direct_tls",
        "timeout",
        "command_timeout",
        "statement_cache_size",
        "max_cached_statement_lifetime",
        "max_cacheable_statement_size",
        "passfile",
    }
)


class PgReader:
    """Connections of one Tortoise PostgreSQL client's database, for reads."""

    def __init__(self, client: AsyncpgDBClient, size: int = SIZE) -> None:
        self._client = client
        self._size = size
        self._idle: list[asyncpg.Connection] = []
        self._open = 0  # connections opened and not yet closed, idle or busy
        self._opening: set[asyncio.Task[None]] = set()
        #: Reads waiting for a busy connection: each gets one, or None (read through the pool).
        self._waiting: deque[asyncio.Future[asyncpg.Connection | None]] = deque()
        self._closed = False

    @property
    def idle(self) -> bool:
        """Whether a connection is idle, so that `fetch` would run its statement (traces,
        services/core/tracing.py, time only the statements run)."""
        return bool(self._idle)

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Any] | None:
        """The rows of a statement, or None: no connection was idle (or the one taken
        failed), so the caller reads through the pool."""
        if self._idle:
            connection = self._idle.pop()
        elif self._closed or self._open + len(self._opening) < self._size:
            self._grow()
            return None
        else:
            waited = await self._wait()
            if waited is None:
                return None
            connection = waited
        try:
            rows: list[Any] = await connection.fetch(sql, *params)
        except BaseException as reason:
            # Lost, cancelled mid-statement or refused: its state is unknown. Close it, and
            # let the pool's way answer (or fail as it would have).
            self._discard(connection)
            if isinstance(reason, Exception):
                log.debug("read through the pool (a reading connection failed: %r)", reason)
                return None
            raise
        self._put_back(connection)
        return rows

    async def _wait(self) -> asyncpg.Connection | None:
        """The next connection put back, or None when the reader closes meanwhile."""
        waiter: asyncio.Future[asyncpg.Connection | None]
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            # Cancelled just after being handed a connection: give it to the next one.
            if waiter.done() and not waiter.cancelled() and (given := waiter.result()):
                self._put_back(given)
            raise

    def _put_back(self, connection: asyncpg.Connection) -> None:
        """An idle connection: to the first read waiting for one, else to the idle ones
        (closed, when the reader closed while it was busy)."""
        if self._closed:
            self._discard(connection)
            return
        waiting = self._waiting
        while waiting:
            waiter = waiting.popleft()
            if not waiter.done():
                waiter.set_result(connection)
                return
        self._idle.append(connection)

    def _release_waiting(self) -> None:
        """Every read waiting for a connection reads through the pool instead."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)

    def _grow(self) -> None:
        if self._closed or self._open + len(self._opening) >= self._size:
            return
        task = asyncio.get_running_loop().create_task(self._connect())
        self._opening.add(task)
        task.add_done_callback(self._opening.discard)

    async def _connect(self) -> None:
        client = self._client
        options = {k: v for k, v in client.extra.items() if k in _CONNECT_OPTIONS}
        try:
            connection = await asyncpg.connect(
                host=client.host,
                port=client.port,
                user=client.user,
                password=client.password,
                database=client.database,
                server_settings=dict(client.server_settings),
                **options,
            )
        except Exception as reason:
            log.debug("no new reading connection: %r", reason)
            self._release_waiting()  # nothing to wait for: they read through the pool
            return
        if self._closed:
            await connection.close()
            return
        self._open += 1
        self._put_back(connection)

    def _discard(self, connection: asyncpg.Connection) -> None:
        self._open -= 1
        connection.terminate()
        if self._waiting:
            self._grow()  # the reads waiting for it get the next one opened

    async def close(self) -> None:
        """Close every connection (idle ones at once; none is busy once requests are done)."""
        self._closed = True
        for task in list(self._opening):
            task.cancel()
        self._release_waiting()
        idle, self._idle = self._idle, []
        self._open -= len(idle)
        await asyncio.gather(*(c.close() for c in idle), return_exceptions=True)


_readers: dict[int, tuple[BaseDBAsyncClient, PgReader]] = {}
_enabled = False


def install() -> None:
    """Let prepared reads on PostgreSQL use readers from now on (the server's lifespan)."""
    global _enabled
    _enabled = True


async def uninstall() -> None:
    """Stop using readers and close them all."""
    global _enabled
    _enabled = False
    readers = [reader for _, reader in _readers.values()]
    _readers.clear()
    for reader in readers:
        await reader.close()


def reader_for(db: BaseDBAsyncClient) -> PgReader | None:
    """The reader of a PostgreSQL client outside a transaction, or None."""
    if not _enabled or not isinstance(db, AsyncpgDBClient):
        return None
    if isinstance(db, TransactionalDBClient):
        return None
    found = _readers.get(id(db))
    if found is not None and found[0] is db:
        return found[1]
    reader = PgReader(db)
    _readers[id(db)] = (db, reader)
    return reader
