"""The SQLite event broker (server/http/sqlite_broker.py): events cross the processes sharing
one database file, through its broker_event table (tests/e2e/test_live.py runs two servers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from server.http.sqlite_broker import SqliteBroker
from server.models import BrokerEvent
from server.services.core.events import ActivityEvent, ActivityKind

LOGGED = ActivityKind.LOGGED


@pytest.fixture
def database_file(sqlite_file: Any) -> str:
    """The path of a migrated SQLite database file (SQLite runs only)."""
    return str(sqlite_file.filename)


@pytest_asyncio.fixture
async def two_processes(database_file: str) -> AsyncIterator[tuple[SqliteBroker, SqliteBroker]]:
    """Two brokers on one file, as two server processes have (polling by hand)."""
    first = SqliteBroker(database_file, poll_interval=3600)
    second = SqliteBroker(database_file, poll_interval=3600)
    await first.start()
    await second.start()
    try:
        yield first, second
    finally:
        await first.stop()
        await second.stop()


def _queued(subscription: Any) -> list[ActivityEvent]:
    found = []
    while not subscription._queue.empty():
        found.append(subscription._queue.get_nowait())
    return found


async def test_an_event_reaches_every_process_itself_included(
    two_processes: tuple[SqliteBroker, SqliteBroker],
):
    first, second = two_processes
    here, there, elsewhere = first.subscribe(42), second.subscribe(42), second.subscribe(43)
    events = [ActivityEvent(LOGGED, 42, (7, 8), 2), ActivityEvent(LOGGED, 42, (9,), 1)]

    await first.publish(events)

    assert second.receive() == 2
    assert first.receive() == 2
    assert _queued(there) == events
    assert _queued(here) == events
    assert _queued(elsewhere) == []
    assert second.receive() == 0  # nothing committed since: nothing read


async def test_a_process_starting_later_hears_only_what_comes_after(database_file: str):
    early = SqliteBroker(database_file, poll_interval=3600)
    await early.start()
    await early.publish([ActivityEvent(LOGGED, 1, (1,), 1)])
    late = SqliteBroker(database_file, poll_interval=3600)
    await late.start()
    subscription = late.subscribe(1)
    try:
        await early.publish([ActivityEvent(LOGGED, 1, (2,), 1)])
        late.receive()
        assert [e.entry_nos for e in _queued(subscription)] == [(2,)]
    finally:
        await early.stop()
        await late.stop()


async def test_polling_delivers_without_being_asked(database_file: str):
    broker = SqliteBroker(database_file, poll_interval=0.01)
    await broker.start()
    subscription = broker.subscribe(5)
    try:
        await broker.publish([ActivityEvent(LOGGED, 5, (3,), 1)])
        event = await asyncio.wait_for(anext(subscription), 2)
    finally:
        await broker.stop()
    assert event.entry_nos == (3,)


async def test_malformed_rows_are_skipped_and_old_rows_deleted(
    two_processes: tuple[SqliteBroker, SqliteBroker],
):
    first, second = two_processes
    subscription = second.subscribe(1)
    old = datetime.now(UTC) - first.keep - timedelta(seconds=1)
    await BrokerEvent.create(payload="not json", created_at=old)
    await BrokerEvent.create(payload='{"k": "LOGGED"}', created_at=old)

    assert second.receive() == 2  # read, and skipped
    await first.publish([ActivityEvent(LOGGED, 1, (4,), 1)])
    assert second.receive() == 1

    assert [e.entry_nos for e in _queued(subscription)] == [(4,)]
    assert await BrokerEvent.all().count() == 1  # the old rows went with this publish


async def test_an_unmigrated_database_is_refused_with_what_to_do(tmp_path: Path):
    broker = SqliteBroker(str(tmp_path / "empty.sqlite3"))

    with pytest.raises(RuntimeError, match="run `campaign-graph migrate`"):
        await broker.start()
    await broker.stop()
