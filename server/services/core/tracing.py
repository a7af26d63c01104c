"""SQL statements as OpenTelemetry spans, while traces are on (docs/operations.md "Traces").

Every statement the server sends goes through a few methods: those of Tortoise's clients
(`execute_query`, `execute_query_dict`, `execute_insert`, `execute_many`, `execute_script`, and
a transaction's `begin`, `commit` and `rollback`) and those of the prepared reads' own
connections (`prepared.DirectReader.rows` on a SQLite file, `pg_reader.PgReader.fetch` on
PostgreSQL). `install` wraps them and `uninstall` puts the originals back: with traces off
nothing is wrapped, so no statement does any work for them, and this module (which imports
OpenTelemetry) is never imported.

A statement becomes a span (kind CLIENT) only inside a span being recorded, the operation
that runs it: statements outside any traced operation (the server's start, a subscription's
events, background work) and those of operations the sampler dropped make none. Its name is
the SQL keyword and table (`SELECT campaign`); its attributes the database semantic
conventions', current and earlier names (`db.system.name` and `db.system`: `sqlite` or
`postgresql`; `db.query.text` and `db.statement`: the statement as sent, with its placeholders,
never its parameter values; `db.operation.name` and `db.operation`; `db.collection.name`;
`db.namespace`, `server.address` and `server.port` where known). A statement that fails is
marked ERROR with the exception's class as `error.type` and description, not its message,
which may quote values.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from typing import Any

from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.asyncpg.client import TransactionWrapper as AsyncpgTransaction
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.base_postgres.client import BasePostgresClient
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionWrapper

from server.services.core.pg_reader import PgReader
from server.services.core.prepared import DirectReader

#: The methods that send one statement (its text first), on the classes that define them.
STATEMENT_METHODS = (
    "execute_query",
    "execute_query_dict",
    "execute_insert",
    "execute_many",
    "execute_script",
)

#: A transaction's own statements, and a nested transaction's (its savepoint). asyncpg's
#: transaction wrapper makes its savepoints with its own `begin`, `commit` and `rollback`:
#: there, a nested transaction's are named after its savepoint.
TRANSACTION_METHODS = {
    "begin": "BEGIN",
    "commit": "COMMIT",
    "rollback": "ROLLBACK",
    "savepoint": "SAVEPOINT",
    "release_savepoint": "RELEASE SAVEPOINT",
    "savepoint_rollback": "ROLLBACK TO SAVEPOINT",
}
_NESTED = {"BEGIN": "SAVEPOINT", "COMMIT": "RELEASE SAVEPOINT", "ROLLBACK": "ROLLBACK TO SAVEPOINT"}
_DELEGATING: dict[type, tuple[str, ...]] = {
    AsyncpgTransaction: ("savepoint", "release_savepoint", "savepoint_rollback")
}

#: Tortoise's client classes and the database each speaks to.
CLIENTS: tuple[tuple[type, str], ...] = (
    (SqliteClient, "sqlite"),
    (SqliteTransactionWrapper, "sqlite"),
    (BasePostgresClient, "postgresql"),
    (AsyncpgDBClient, "postgresql"),
    (AsyncpgTransaction, "postgresql"),
)

_KEYWORD = re.compile(r"\s*([A-Za-z]+)")
_TARGETS = {
    "SELECT": re.compile(r'\sFROM\s+"?(\w+)', re.IGNORECASE),
    "DELETE": re.compile(r'\sFROM\s+"?(\w+)', re.IGNORECASE),
    "INSERT": re.compile(r'\sINTO\s+"?(\w+)', re.IGNORECASE),
    "UPDATE": re.compile(r'^\s*UPDATE\s+"?(\w+)', re.IGNORECASE),
}

#: Statements described so far (the server sends the same few hundred texts over and over).
_DESCRIBED: dict[str, tuple[str, str | None]] = {}
_DESCRIBED_KEPT = 2048

_tracer: Tracer | None = None
#: What `install` replaced: (class, name, the class's own attribute or None).
_replaced: list[tuple[type, str, Any]] = []


def install(tracer: Tracer) -> None:
    """Make spans of the statements run inside traced operations, with `tracer`."""
    global _tracer
    _tracer = tracer
    if _replaced:
        return
    for cls, system in CLIENTS:
        for name in STATEMENT_METHODS:
            if name in cls.__dict__:
                _replace(cls, name, _statement(cls.__dict__[name], system))
        for name, keyword in TRANSACTION_METHODS.items():
            if name in cls.__dict__ and name not in _DELEGATING.get(cls, ()):
                _replace(cls, name, _transaction(cls.__dict__[name], system, keyword))
    _replace(DirectReader, "rows", _direct_rows(DirectReader.rows))
    _replace(PgReader, "fetch", _reader_fetch(PgReader.fetch))


def uninstall() -> None:
    """Put every wrapped method back as it was."""
    global _tracer
    _tracer = None
    while _replaced:
        cls, name, original = _replaced.pop()
        setattr(cls, name, original)


def _replace(cls: type, name: str, wrapper: Any) -> None:
    _replaced.append((cls, name, cls.__dict__[name]))
    setattr(cls, name, wrapper)


def describe(statement: str) -> tuple[str, str | None]:
    """The SQL keyword of a statement (upper case) and its table (the first outside any
    subquery), if any."""
    found = _DESCRIBED.get(statement)
    if found is not None:
        return found
    match = _KEYWORD.match(statement)
    keyword = match.group(1).upper() if match else "SQL"
    target = _TARGETS.get(keyword)
    table = None
    for candidate in target.finditer(statement) if target is not None else ():
        before = statement[: candidate.start()]
        if before.count("(") == before.count(")"):  # not in a subquery
            table = candidate.group(1)
            break
    found = (keyword, table)
    if len(_DESCRIBED) >= _DESCRIBED_KEPT:
        _DESCRIBED.clear()
    _DESCRIBED[statement] = found
    return found


def _start(client: Any, system: str, statement: str, keyword: str, table: str | None) -> Any:
    """A span for one statement of `client`, current until it ends."""
    attributes: dict[str, Any] = {
        "db.system.name": system,
        "db.system": system,
        "db.query.text": statement,
        "db.statement": statement,
        "db.operation.name": keyword,
        "db.operation": keyword,
    }
    if table is not None:
        attributes["db.collection.name"] = table
    attributes.update(_where(client, system))
    assert _tracer is not None
    return _tracer.start_as_current_span(
        f"{keyword} {table}" if table else keyword,
        kind=SpanKind.CLIENT,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    )


def _where(client: Any, system: str) -> dict[str, Any]:
    """Which database a client speaks to (a transaction's: its parent's)."""
    client = getattr(client, "_client", None) or client  # a prepared read's reader
    while (parent := getattr(client, "_parent", None)) is not None:  # a (nested) transaction
        client = parent
    if system == "sqlite":
        filename = getattr(client, "filename", None)
        return {"db.namespace": os.path.basename(filename)} if filename else {}
    where: dict[str, Any] = {}
    database, host, port = (getattr(client, k, None) for k in ("database", "host", "port"))
    if database:
        where["db.namespace"] = str(database)
    if host:
        where["server.address"] = str(host)
    if port:
        where["server.port"] = int(port)
    return where


def _failed(span: Any, error: BaseException) -> None:
    """Mark a span failed by its error's class only (a message may hold parameter values)."""
    kind = type(error).__qualname__
    span.set_attribute("error.type", kind)
    span.set_status(Status(StatusCode.ERROR, kind))


def _traced() -> bool:
    return _tracer is not None and trace.get_current_span().is_recording()


def _statement(method: Callable[..., Any], system: str) -> Callable[..., Any]:
    @functools.wraps(method)
    async def traced(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if not _traced():
            return await method(self, query, *args, **kwargs)
        keyword, table = describe(query)
        with _start(self, system, query, keyword, table) as span:
            if method.__name__ == "execute_many" and args:
                span.set_attribute("db.operation.batch.size", len(args[0]))
            try:
                return await method(self, query, *args, **kwargs)
            except Exception as error:
                _failed(span, error)
                raise

    return traced


def _transaction(method: Callable[..., Any], system: str, keyword: str) -> Callable[..., Any]:
    @functools.wraps(method)
    async def traced(self: Any) -> Any:
        if not _traced():
            return await method(self)
        nested = keyword in _NESTED and isinstance(
            getattr(self, "_parent", None), TransactionalDBClient
        )
        named = _NESTED[keyword] if nested else keyword
        with _start(self, system, named, named, None) as span:
            try:
                return await method(self)
            except Exception as error:
                _failed(span, error)
                raise

    return traced


def _direct_rows(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def traced(self: Any, query: str, values: Any = None) -> Any:
        if not _traced():
            return method(self, query, values)
        keyword, table = describe(query)
        with _start(self, "sqlite", query, keyword, table) as span:
            try:
                return method(self, query, values)
            except Exception as error:
                _failed(span, error)
                raise

    return traced


def _reader_fetch(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def traced(self: PgReader, sql: str, params: Any) -> Any:
        if not self.idle or not _traced():
            return await method(self, sql, params)  # no statement runs without a connection
        keyword, table = describe(sql)
        with _start(self, "postgresql", sql, keyword, table) as span:
            rows = await method(self, sql, params)
            if rows is None:  # the connection failed: the pool reads it again
                span.set_attribute("error.type", "reading connection failed")
                span.set_status(Status(StatusCode.ERROR, "reading connection failed"))
            return rows

    return traced
