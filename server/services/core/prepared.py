"""Reads whose SQL is built once: the hot lookups of every request (a bearer token, a record
by its number).

Tortoise builds each query anew through pypika, about 0.3 ms for a lookup with a join or an
annotation, several times what the database then takes to answer it. A `Prepared` read builds
its query once per database dialect, with markers in place of its parameters, keeps the SQL
and where each parameter goes, and afterwards only runs it, through Tortoise's own executor, so
that rows become model instances (related records and annotations included) exactly as the
same query awaited directly would give them.

Parameters are text or integers, passed as the database stores them (no conversion): what a
lookup key needs.

On a SQLite database file, a prepared read outside any transaction runs at once on a read-only
connection of its own, in the event loop's thread: an indexed lookup takes some 10 us there,
where aiosqlite hands it to its thread and the answer back, a hop that cost the small query
more than half its throughput (wrk -t1 -c16: 1,160 req/s through aiosqlite, 2,620 at once).
It reads what is committed, as the write connection outside a transaction does; SQLite in WAL
mode never makes a reader wait for a writer, and should the connection answer busy or fail at
all, the read goes through aiosqlite as before. Inside a transaction a read takes the
transaction's connection, and sees its uncommitted changes.

This is the one module outside the read engine that reaches into Tortoise's query internals
(ruff's SLF001 is lifted here alone).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.models import Model
from tortoise.queryset import QuerySet, QuerySetSingle

from server.services.core import pg_reader

R = TypeVar("R")

log = logging.getLogger("campaign_graph.prepared")

#: Marker integers: far outside any id, count or key a query of ours is given.
_INT_MARKER_BASE = -(2**62)


@dataclass(frozen=True)
class _Plan:
    sql: str
    #: For each parameter of the SQL: the index of the caller's value, or None for a constant.
    slots: tuple[int | None, ...]
    constants: tuple[Any, ...]
    model: type[Model]
    select_related_idx: Any
    prefetch_map: Any
    prefetch_queries: Any
    custom_fields: tuple[str, ...]
    single: bool

    @property
    def plain(self) -> bool:
        """Rows of one model, nothing joined or fetched after: made here, not by Tortoise's
        executor (`_instances`)."""
        # Tortoise lists the queried model itself first: only more entries are joins.
        joined = self.select_related_idx and len(self.select_related_idx) > 1
        return not joined and not self.prefetch_map and not self.prefetch_queries


class Prepared(Generic[R]):
    """A read built by `build` (a function of the lookup values, of the types `kinds`, that
    returns a QuerySet or one ending in `.first()`), prepared on first use for each dialect:
    `await prepared(*values)` gives what awaiting `build(*values)` would, a list, or one
    instance or None."""

    def __init__(
        self, build: Callable[..., QuerySet[Any] | QuerySetSingle[Any]], *kinds: type
    ) -> None:
        self._build = build
        self._markers: list[str | int] = []
        for index, kind in enumerate(kinds):
            if kind is int:
                self._markers.append(_INT_MARKER_BASE + index)
            elif kind is str:
                self._markers.append(f"\x00prepared-{index}\x00")
            else:
                raise TypeError("prepared parameters are `str` or `int`")
        self._model: type[Model] | None = None
        self._plans: dict[str, _Plan] = {}
        #: For each SQLite client met outside transactions (by identity, the client kept
        #: alive with it): its plan and its reader.
        self._direct: dict[int, tuple[BaseDBAsyncClient, _Plan, DirectReader]] = {}

    async def __call__(self, *values: str | int) -> R:
        if len(values) != len(self._markers):
            raise TypeError(f"expected {len(self._markers)} values, got {len(values)}")
        if self._model is None:
            built: Any = self._build(*self._markers)
            self._model = built.model
        # The connection of this moment: a transaction's own inside one.
        db: BaseDBAsyncClient = self._model._meta.db
        direct = self._direct.get(id(db))
        reader: DirectReader | None
        if direct is not None and direct[0] is db:
            _, plan, reader = direct
        else:
            plan = self._plans.get(db.capabilities.dialect) or self._prepare(db)
            found = _reader(db)
            if found is not None:
                self._direct[id(db)] = (db, plan, found)
            reader = found
        params = [
            values[slot] if slot is not None else constant
            for slot, constant in zip(plan.slots, plan.constants, strict=True)
        ]
        rows = None
        if reader is not None:
            try:
                rows = (
                    _instances(plan, reader.rows(plan.sql, params))
                    if plan.plain
                    else await _select(plan, reader, params)
                )
            except sqlite3.Error as reason:
                log.debug("read through aiosqlite (the reading connection: %s)", reason)
        elif plan.plain and (held := pg_reader.reader_for(db)) is not None:
            fetched = await held.fetch(plan.sql, params)
            if fetched is not None:
                rows = _instances(plan, fetched)
        if rows is None:
            rows = await _select(plan, db, params)
        if not plan.single:
            result: Any = rows
        elif len(rows) > 1:
            raise RuntimeError(f"a prepared single read found {len(rows)} rows")
        else:
            result = rows[0] if rows else None
        return result  # type: ignore[no-any-return]

    def _prepare(self, db: BaseDBAsyncClient) -> _Plan:
        markers = self._markers
        query: Any = self._build(*markers)
        query._db = db
        query._make_query()
        sql, params = query.query.get_parameterized_sql()
        slots = tuple(markers.index(p) if p in markers else None for p in params)
        missing = set(range(len(markers))) - {s for s in slots if s is not None}
        if missing:
            raise RuntimeError(f"prepared parameters {sorted(missing)} do not reach the SQL")
        plan = _Plan(
            sql=sql,
            slots=slots,
            constants=tuple(
                None if s is not None else p for s, p in zip(slots, params, strict=True)
            ),
            model=query.model,
            select_related_idx=query._select_related_idx,
            prefetch_map=query._prefetch_map,
            prefetch_queries=query._prefetch_queries,
            custom_fields=tuple(query._annotations.keys()),
            single=bool(getattr(query, "_single", False)),
        )
        self._plans[db.capabilities.dialect] = plan
        return plan


async def _select(plan: _Plan, db: Any, params: list[Any]) -> list[Any]:
    executor = db.executor_class(
        model=plan.model,
        db=db,
        prefetch_map=plan.prefetch_map,
        prefetch_queries=plan.prefetch_queries,
        select_related_idx=plan.select_related_idx,
    )
    rows: list[Any] = await executor.execute_select(
        plan.sql, params, custom_fields=list(plan.custom_fields)
    )
    return rows


def _instances(plan: _Plan, rows: Sequence[Any]) -> list[Any]:
    """A plain plan's rows (sqlite3.Row or asyncpg Record) as model instances, as Tortoise's
    `execute_select` makes them (each row through the model's `_init_from_db`, annotations
    set as read)."""
    make = plan.model._init_from_db
    instances = [make(**row) for row in rows]
    if plan.custom_fields:
        for instance, row in zip(instances, rows, strict=True):
            for name in plan.custom_fields:
                object.__setattr__(instance, name, row[name])
    return instances


class DirectReader:
    """A SQLite client as Tortoise's executor sees it, whose statements run at once on a
    read-only connection of the calling thread (the client answers everything else). With
    traces on, services/core/tracing.py wraps `rows`, as it wraps Tortoise's clients."""

    def __init__(self, client: SqliteClient) -> None:
        self._client = client
        # No busy wait (Python's default is 5 s, of a blocked event loop): a busy database
        # answers at once, and the read goes through aiosqlite, which may wait.
        connection = sqlite3.connect(
            client.filename, timeout=0, isolation_level=None, check_same_thread=False
        )
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA query_only = ON")
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    async def execute_query(
        self, query: str, values: Sequence[Any] | None = None
    ) -> tuple[int, list[sqlite3.Row]]:
        rows = self.rows(query, values)
        return len(rows), rows

    def rows(self, query: str, values: Sequence[Any] | None = None) -> list[sqlite3.Row]:
        """The rows of a statement, read at once."""
        self._client.log.debug("%s: %s", query, values)  # as Tortoise logs its statements
        return self._connection.execute(query, values or ()).fetchall()


#: Each SQLite client's reader (None: an in-memory database, which no other connection sees).
_READERS: WeakKeyDictionary[BaseDBAsyncClient, DirectReader | None] = WeakKeyDictionary()


def _reader(db: BaseDBAsyncClient) -> DirectReader | None:
    """The reader for reads on `db`, or None: not SQLite, or inside a transaction."""
    if not isinstance(db, SqliteClient) or isinstance(db, TransactionalDBClient):
        return None
    try:
        return _READERS[db]
    except KeyError:
        pass
    reader = None
    if db.filename != ":memory:" and not db.filename.startswith("file:"):
        try:
            reader = DirectReader(db)
        except sqlite3.Error as reason:
            log.warning("no reading connection to %s: %s", db.filename, reason)
    _READERS[db] = reader
    return reader
