"""Remembered credentials (services/accounts/credentials.py): a token is read once while nothing
about users or tokens changes, and every change, expiry or stale `lastUsedAt` is seen at once."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest
import pytest_asyncio
from tortoise.context import TortoiseContext

from server.http.broker import PostgresBroker, PostgresWatch, asyncpg_dsn, watch_for
from server.models import ApiToken, Role
from server.services.accounts import credentials
from server.services.accounts import users as auth
from server.services.core.context import FixedClock
from server.services.core.errors import ValidationFailed
from server.services.core.events import InProcessBroker
from server.settings import Settings
from tests.builders import make_salesperson, make_user
from tests.conftest import BACKEND, POSTGRES_URL, TODAY, make_ctx

ADMIN = make_ctx(Role.ADMIN)
pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The token reads that reach the database, by secret hash."""
    seen: list[str] = []
    lookup = auth._TOKEN_BY_HASH

    async def counted(secret_hash: str) -> Any:
        seen.append(secret_hash)
        return await lookup(secret_hash)

    monkeypatch.setattr(auth, "_TOKEN_BY_HASH", counted)
    return seen


@pytest.fixture
def local() -> Iterator[credentials.LocalWatch]:
    watch = credentials.LocalWatch()
    previous = credentials.install(watch)
    yield watch
    credentials.install(previous)


async def _issued(role: Role = Role.MANAGER, **token: Any) -> auth.IssuedToken:
    user = await make_user(role, salesperson=await make_salesperson(name="Ann"))
    return await auth.create_token(ADMIN, user.username, "phone", **token)


async def test_a_token_is_read_once_while_nothing_changes(
    local: credentials.LocalWatch, reads: list[str]
):
    issued = await _issued()
    clock = FixedClock(TODAY)

    first = await auth.authenticate(issued.secret, clock)
    again = [await auth.authenticate(issued.secret, clock) for _ in range(5)]

    assert first is not None
    assert first.salesperson_code is not None
    assert again == [first] * 5
    assert len(reads) == 1
    assert await auth.authenticate("cg_" + "x" * 43, clock) is None  # unknown: read, refused
    assert len(reads) == 2


async def test_revocation_and_user_changes_are_seen_at_once(
    local: credentials.LocalWatch, reads: list[str]
):
    clock = FixedClock(TODAY)
    revoked, deactivated, demoted = await _issued(), await _issued(), await _issued()
    for issued in (revoked, deactivated, demoted):
        assert await auth.authenticate(issued.secret, clock) is not None
    await make_user(Role.ADMIN)

    await auth.revoke_token(ADMIN, revoked.token.id)
    assert await auth.authenticate(revoked.secret, clock) is None
    await auth.update_user(ADMIN, deactivated.token.user.username, auth.UserChanges(active=False))
    assert await auth.authenticate(deactivated.secret, clock) is None
    await auth.update_user(ADMIN, demoted.token.user.username, auth.UserChanges(role=Role.VIEWER))
    actor = await auth.authenticate(demoted.secret, clock)
    assert actor is not None
    assert actor.role is Role.VIEWER


async def test_a_change_rolled_back_forgets_nothing_and_one_committed_forgets_all(
    local: credentials.LocalWatch, reads: list[str]
):
    issued = await _issued()
    clock = FixedClock(TODAY)
    await auth.authenticate(issued.secret, clock)

    with pytest.raises(ValidationFailed):
        await auth.update_user(ADMIN, issued.token.user.username, auth.UserChanges(name=" "))
    await auth.authenticate(issued.secret, clock)
    assert len(reads) == 1
    assert local.generation == 0

    other = await _issued()
    await auth.revoke_token(ADMIN, other.token.id)
    assert local.generation == 1
    assert await auth.authenticate(issued.secret, clock) is not None
    assert len(reads) == 2  # read again: the remembered actors went with the change


async def test_expiry_and_a_stale_last_use_go_back_to_the_database(
    local: credentials.LocalWatch, reads: list[str]
):
    issued = await _issued(expires_at=TODAY + timedelta(hours=1))
    assert await auth.authenticate(issued.secret, FixedClock(TODAY)) is not None

    later = FixedClock(TODAY + auth.LAST_USED_RESOLUTION)
    assert await auth.authenticate(issued.secret, later) is not None
    assert len(reads) == 2
    token = await ApiToken.get(id=issued.token.id)
    assert token.last_used_at == later.now()  # the use is recorded, once a minute

    assert await auth.authenticate(issued.secret, FixedClock(TODAY + timedelta(hours=1))) is None


async def test_nothing_is_remembered_without_a_stamp(reads: list[str]):
    previous = credentials.install(credentials.Watch())
    try:
        issued = await _issued()
        for _ in range(3):
            assert await auth.authenticate(issued.secret, FixedClock(TODAY)) is not None
    finally:
        credentials.install(previous)
    assert len(reads) == 3


def test_the_remembered_tokens_are_bounded(monkeypatch: pytest.MonkeyPatch, local: Any):
    monkeypatch.setattr(credentials, "CAPACITY", 3)
    actor = make_ctx().actor
    for n in range(5):
        credentials.remember(f"h{n}", actor, local.stamp(), expires_at=None, last_used_at=TODAY)
    resolution = timedelta(minutes=1)
    kept = [n for n in range(5) if credentials.recall(f"h{n}", TODAY, resolution) is not None]
    assert kept == [2, 3, 4]


def test_sqlite_stamps_move_with_every_commit_of_any_connection(tmp_path: Path):
    path = str(tmp_path / "cg.sqlite3")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x)")
    watch = watch_for(Settings(database_url=f"sqlite://{path}"), InProcessBroker())
    assert isinstance(watch, credentials.SqliteWatch)
    try:
        before = watch.stamp()
        assert watch.stamp() == before
        writer.execute("BEGIN")
        writer.execute("INSERT INTO t VALUES (1)")
        assert watch.stamp() == before  # not committed: nothing to see yet
        writer.execute("COMMIT")
        assert watch.stamp() != before
    finally:
        watch.close()
        writer.close()
    memory = watch_for(Settings(database_url="sqlite://:memory:"), InProcessBroker())
    assert memory.stamp() is None


@pytest.mark.parametrize("journal_mode", ["WAL", "DELETE"])
def test_sqlite_stamps_move_with_every_commit_in_either_journal_mode(
    tmp_path: Path, journal_mode: str
):
    """In WAL mode the stamp is read off the wal-index header (the `-shm` file), and moves with
    every commit, also after a checkpoint has restarted the log; in a rollback-journal mode
    the pragma tells the same."""
    path = str(tmp_path / "cg.sqlite3")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute(f"PRAGMA journal_mode={journal_mode}")
    writer.execute("CREATE TABLE t (x)")
    watch = credentials.SqliteWatch(path)
    assert (watch._shm is not None) is (journal_mode == "WAL")
    seen = [watch.stamp()]
    try:
        for round_ in range(30):
            writer.execute("INSERT INTO t VALUES (?)", (round_,))
            stamp = watch.stamp()
            assert stamp is not None
            assert stamp not in seen  # every commit moves it, never back to an earlier one
            assert watch.stamp() == stamp  # and nothing else does
            seen.append(stamp)
            if journal_mode == "WAL" and round_ % 10 == 9:
                writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the next commit restarts
                seen.append(watch.stamp())
        if journal_mode == "WAL":
            assert all(isinstance(stamp[1], bytes) for stamp in seen)  # the header's
    finally:
        watch.close()
        writer.close()


postgres_only = pytest.mark.skipif(BACKEND != "postgres", reason="LISTEN/NOTIFY is PostgreSQL")


@pytest_asyncio.fixture
async def listening(db: TortoiseContext) -> AsyncIterator[PostgresBroker]:
    """A broker on the test database, with a credentials watch installed."""
    name = db.connections.get("default").database  # type: ignore[attr-defined]
    broker = PostgresBroker(asyncpg_dsn(POSTGRES_URL.rsplit("/", 1)[0] + "/" + name))
    previous = credentials.install(PostgresWatch(broker))
    await broker.start()
    try:
        yield broker
    finally:
        await broker.stop()
        credentials.install(previous)


async def _until(condition: Any) -> None:
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("not heard within 2 s")


@postgres_only
async def test_postgres_processes_hear_a_change_when_it_commits(
    listening: PostgresBroker, reads: list[str]
):
    issued = await _issued()
    clock = FixedClock(TODAY)
    assert await auth.authenticate(issued.secret, clock) is not None
    assert await auth.authenticate(issued.secret, clock) is not None
    assert len(reads) == 1
    stamp = credentials.stamp()

    # Another process (a second server, the command line) revokes: its transaction notifies,
    # and this process hears it when it commits, not before.
    other = await asyncpg.connect(listening.dsn)
    try:
        async with other.transaction():
            await other.execute(
                "UPDATE api_token SET revoked_at = now() WHERE id = $1", issued.token.id
            )
            await other.execute("SELECT pg_notify($1, '')", credentials.CHANNEL)
            await asyncio.sleep(0.1)
            assert credentials.stamp() == stamp
    finally:
        await other.close()
    await _until(lambda: credentials.stamp() != stamp)
    assert await auth.authenticate(issued.secret, clock) is None


@postgres_only
async def test_postgres_services_announce_their_changes(listening: PostgresBroker):
    issued = await _issued()
    watch = credentials._watch
    assert isinstance(watch, PostgresWatch)
    before = watch.generation

    await auth.revoke_token(ADMIN, issued.token.id)

    assert watch.generation > before  # this process forgets at commit
    await _until(lambda: watch.generation == before + 2)  # and hears the notification, as all do


@postgres_only
async def test_postgres_remembers_nothing_while_its_listener_is_away(
    listening: PostgresBroker, reads: list[str]
):
    issued = await _issued()
    connection = listening._connection
    assert connection is not None
    connection.terminate()  # the listener is lost: reconnects later, a new epoch
    await _until(lambda: not listening.listening)
    for _ in range(3):
        assert await auth.authenticate(issued.secret, FixedClock(TODAY)) is not None
    assert len(reads) == 3
    assert credentials.stamp() is None
