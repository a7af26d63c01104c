"""Remembered credentials: a bearer token's actor without a database read on every request,
while a revoked token, an expired one or one whose user changed is refused at once.

Looking a token up costs a statement per request, most of a small query's database time. So an
authenticated token's actor is remembered with a *stamp* of the credentials' state taken before
the read, and is used again only while the stamp is unchanged, the token has not expired and its
`lastUsedAt` is fresh (a stale one goes to the database, which records the use).

A `Watch` gives the stamp, and only where it can tell every change, from any process:

- SQLite (a database file): what changes with every commit of any connection, this server's
  and the command line's included. In WAL mode that is the wal-index header, the first 96
  bytes of the `-shm` file (two copies of a 48-byte header holding the frame count, a change
  counter, the salts and checksums, which every commit rewrites: SQLite's "WAL-mode File
  Format" for the unix VFS), read with one `pread` of the page cache SQLite maps; while the
  two copies differ (a commit is writing them), or in another journal mode, `PRAGMA
  data_version` of a private connection. That connection stays open, so the `-shm` file is
  never removed or reset under the watch (SQLite does that only for the last connection).
  The header's read takes about 1 us, the pragma 3 to 12 us (it starts a read transaction);
  every write flushes the remembered actors, which is exact and costs one lookup per token
  after it.
- PostgreSQL: a change to users or tokens sends a notification in its own transaction, so other
  processes hear it exactly when it commits (server/http/broker.py listens). While the listening
  connection is away nothing is remembered, and a reconnect forgets everything.
- Elsewhere (an in-memory database, tests): the default watch has no stamp, nothing is remembered.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise import connections

from server.services.core.context import Actor
from server.services.core.unit_of_work import on_commit

#: The PostgreSQL channel a change to users or tokens is announced on.
CHANNEL = "campaign_graph_credentials"

#: At most this many tokens are remembered (the oldest is forgotten first).
CAPACITY = 10_000


class Watch:
    """Stamps of the credentials' state; this one cannot tell changes, so it gives none."""

    def stamp(self) -> Any:
        """A value that changes whenever users or tokens may have changed; None when that
        cannot be told right now (then nothing is remembered or used)."""
        return None

    def changed(self) -> None:
        """This process committed a change to users or tokens."""

    def close(self) -> None:
        """Release what the watch holds."""


class LocalWatch(Watch):
    """Changes made through this process's services, counted (one process on a database
    nothing else writes to, as tests have)."""

    def __init__(self) -> None:
        self.generation = 0

    def stamp(self) -> Any:
        return self.generation

    def changed(self) -> None:
        self.generation += 1


#: The wal-index header: two copies of 48 bytes; byte 12 of each is `isInit`.
_HEADER, _IS_INIT = 48, 12


class SqliteWatch(LocalWatch):
    """Every commit to the database file by any connection: the wal-index header in WAL mode,
    else `PRAGMA data_version` (see the module's docstring)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        # No busy wait (it would block the event loop): a busy answer means "cannot tell".
        self._connection = sqlite3.connect(
            path, timeout=0, isolation_level=None, check_same_thread=False
        )
        #: The `-shm` file, open for reading, when the database is in WAL mode.
        self._shm: int | None = None
        try:
            (mode,) = self._connection.execute("PRAGMA journal_mode").fetchone()
            self._version()  # a read: the connection opens the wal-index and holds it open
            if str(mode).lower() == "wal":
                self._shm = os.open(f"{path}-shm", os.O_RDONLY)
        except (sqlite3.Error, OSError):
            self._shm = None

    def stamp(self) -> Any:
        if self._shm is not None:
            header = os.pread(self._shm, 2 * _HEADER, 0)
            first = header[:_HEADER]
            if len(header) == 2 * _HEADER and first == header[_HEADER:] and first[_IS_INIT]:
                return (self.generation, first)
        version = self._version()
        return None if version is None else (self.generation, version)

    def _version(self) -> int | None:
        try:
            (version,) = self._connection.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return None
        return int(version)

    def close(self) -> None:
        if self._shm is not None:
            os.close(self._shm)
            self._shm = None
        self._connection.close()


@dataclass(frozen=True, slots=True)
class _Remembered:
    actor: Actor
    stamp: Any
    expires_at: datetime | None
    last_used_at: datetime


_watch: Watch = Watch()
_remembered: dict[str, _Remembered] = {}


def install(watch: Watch) -> Watch:
    """Use `watch` from now on (the previous one is returned); everything remembered goes."""
    global _watch
    previous, _watch = _watch, watch
    _remembered.clear()
    return previous


def stamp() -> Any:
    """The current stamp: take it before reading a token, remember the read with it."""
    return _watch.stamp()


def recall(secret_hash: str, now: datetime, resolution: timedelta) -> Actor | None:
    """The actor remembered for a token, if everything it was read under still holds."""
    found = _remembered.get(secret_hash)
    if found is None:
        return None
    current = _watch.stamp()
    if (
        current is None
        or found.stamp != current
        or (found.expires_at is not None and found.expires_at <= now)
        or now - found.last_used_at >= resolution
    ):
        del _remembered[secret_hash]
        return None
    return found.actor


def remember(
    secret_hash: str,
    actor: Actor,
    taken: Any,
    *,
    expires_at: datetime | None,
    last_used_at: datetime,
) -> None:
    """Keep what a token read found, under the stamp taken before the read."""
    if taken is None:
        return
    if len(_remembered) >= CAPACITY:
        del _remembered[next(iter(_remembered))]
    _remembered[secret_hash] = _Remembered(actor, taken, expires_at, last_used_at)


async def announce_change() -> None:
    """Inside the transaction changing users or tokens: every process forgets what it
    remembered once it commits (PostgreSQL notifies at commit, SQLite's version moves)."""
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        await connection.execute_query("SELECT pg_notify($1, '')", [CHANNEL])
    await on_commit(_forget_all)


async def _forget_all() -> None:
    _watch.changed()
    _remembered.clear()
