"""Choosing the broker, the app lifespan, and PostgreSQL LISTEN/NOTIFY between processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from tortoise.context import TortoiseContext

from server.app import create_app
from server.http.broker import PostgresBroker, asyncpg_dsn, broker_for, is_postgres
from server.http.sqlite_broker import SqliteBroker
from server.models import Interaction
from server.services.core import events
from server.services.core.context import ServiceContext
from server.services.core.unit_of_work import transaction
from server.services.interactions import logging as log
from server.settings import Settings
from tests.builders import make_campaign, make_contact
from tests.conftest import BACKEND, POSTGRES_URL

LOGGED = events.ActivityKind.LOGGED


def test_the_broker_follows_the_database_unless_told():
    pg = "postgres://u:p@db:5432/cg?minsize=2"

    assert isinstance(broker_for(Settings(database_url="sqlite://x.db")), SqliteBroker)
    memory_db = Settings(database_url="sqlite://:memory:")
    assert isinstance(broker_for(memory_db), events.InProcessBroker)
    assert isinstance(
        broker_for(Settings(database_url="sqlite://x.db", event_broker="memory")),
        events.InProcessBroker,
    )
    assert isinstance(broker_for(Settings(database_url=pg)), PostgresBroker)
    memory = Settings(database_url=pg, event_broker="memory", subscription_queue_size=7)
    assert isinstance(broker_for(memory), events.InProcessBroker)
    assert broker_for(memory).queue_size == 7
    assert is_postgres("asyncpg://h/db")
    assert not is_postgres("sqlite://:memory:")
    assert asyncpg_dsn(pg) == "postgresql://u:p@db:5432/cg"
    assert asyncpg_dsn("postgres://h/cg?maxsize=5&sslmode=require") == (
        "postgresql://h/cg?sslmode=require"
    )


async def test_the_lifespan_installs_the_broker_and_stops_it():
    before = events.broker()
    app = create_app(Settings(database_url="sqlite://:memory:"), manage_database=False)

    async with app.router.lifespan_context(app):
        running = events.broker()
        subscription = running.subscribe(1)
        assert running is not before

    assert events.broker() is before
    assert subscription.closed
    with pytest.raises(events.BrokerClosed):
        await anext(subscription)


postgres_only = pytest.mark.skipif(BACKEND != "postgres", reason="LISTEN/NOTIFY is PostgreSQL")


@pytest_asyncio.fixture
async def two_processes(db: TortoiseContext) -> AsyncIterator[tuple[PostgresBroker, ...]]:
    """Two brokers on the test database, as two server processes would have."""
    name = db.connections.get("default").database  # type: ignore[attr-defined]
    dsn = asyncpg_dsn(POSTGRES_URL.rsplit("/", 1)[0] + "/" + name)
    first, second = PostgresBroker(dsn), PostgresBroker(dsn)
    await first.start()
    await second.start()
    try:
        yield first, second
    finally:
        await first.stop()
        await second.stop()


async def _next(subscription: events.Subscription) -> events.ActivityEvent:
    return await asyncio.wait_for(anext(subscription), 5)


@postgres_only
async def test_an_event_published_by_one_process_reaches_the_other(
    two_processes: tuple[PostgresBroker, PostgresBroker],
):
    first, second = two_processes
    event = events.ActivityEvent(LOGGED, 42, (7, 8), 2)
    there, elsewhere = second.subscribe(42), second.subscribe(43)
    here = first.subscribe(42)

    await first.publish([event])

    assert await _next(there) == event
    assert await _next(here) == event  # the publishing process hears itself too
    await first.publish([events.ActivityEvent(LOGGED, 42, (9,), 1)])
    assert (await _next(there)).entry_nos == (9,)
    assert elsewhere._queue.empty()


@postgres_only
async def test_committed_logging_crosses_processes_and_rolled_back_logging_does_not(
    two_processes: tuple[PostgresBroker, PostgresBroker], manager: ServiceContext
):
    first, second = two_processes
    campaign = await make_campaign(no="CP1")
    await make_contact(no="C1")
    subscription = second.subscribe(campaign.id)
    previous = events.install(first)
    draft = log.InteractionDraft(contact_no="C1", description="Call", campaign_no="CP1")

    async def log_then_abort() -> None:
        async with transaction():
            await log.interaction_log(manager, draft)
            raise RuntimeError("rolled back")

    try:
        with pytest.raises(RuntimeError):
            await log_then_abort()
        logged = await log.interaction_log(manager, draft)
    finally:
        events.install(previous)

    received = await _next(subscription)
    assert received == events.ActivityEvent(LOGGED, campaign.id, (logged.entry_no,), 1)
    assert await Interaction.all().count() == 1
    await asyncio.sleep(0.2)
    assert subscription._queue.empty()  # the rolled-back attempt sent nothing


@postgres_only
async def test_malformed_notifications_are_ignored(
    two_processes: tuple[PostgresBroker, PostgresBroker],
):
    first, second = two_processes
    subscription = second.subscribe(1)
    connection = first._connection
    assert connection is not None

    await connection.execute("SELECT pg_notify($1, $2)", first.channel, "not json")
    await connection.execute("SELECT pg_notify($1, $2)", first.channel, '{"k": "LOGGED"}')
    await first.publish([events.ActivityEvent(LOGGED, 1, (3,), 1)])

    assert (await _next(subscription)).entry_nos == (3,)


class _Unreachable(events.Broker):
    async def publish(self, events: object) -> None:
        raise ConnectionError("the event channel is down")


async def test_a_failed_publication_is_logged_not_raised(
    db: TortoiseContext, manager: ServiceContext, caplog: pytest.LogCaptureFixture
):
    await make_campaign(no="CP1")
    await make_contact(no="C1")
    previous = events.install(_Unreachable())
    try:
        logged = await log.interaction_log(
            manager, log.InteractionDraft(contact_no="C1", description="Call", campaign_no="CP1")
        )
    finally:
        events.install(previous)

    assert await Interaction.filter(entry_no=logged.entry_no).exists()
    assert "could not publish" in caplog.text


@postgres_only
async def test_without_its_listener_a_process_still_notifies_the_others(
    two_processes: tuple[PostgresBroker, PostgresBroker], manager: ServiceContext
):
    _, second = two_processes
    campaign = await make_campaign(no="CP1")
    await make_contact(no="C1")
    subscription = second.subscribe(campaign.id)
    listener_down = PostgresBroker("postgresql://nowhere.invalid/x")  # never connected
    previous = events.install(listener_down)
    try:
        logged = await log.interaction_log(
            manager, log.InteractionDraft(contact_no="C1", description="Call", campaign_no="CP1")
        )
    finally:
        events.install(previous)

    assert await _next(subscription) == events.ActivityEvent(
        LOGGED, campaign.id, (logged.entry_no,), 1
    )


@postgres_only
async def test_a_lost_listener_connection_is_reopened(
    two_processes: tuple[PostgresBroker, PostgresBroker],
):
    first, second = two_processes
    second.retry_pause = 0.05
    subscription = second.subscribe(5)
    lost = second._connection
    assert lost is not None
    pid = lost.get_server_pid()
    publisher = first._connection
    assert publisher is not None

    await publisher.execute("SELECT pg_terminate_backend($1)", pid)
    for _ in range(100):
        if second._connection is not None and second._connection is not lost:
            break
        await asyncio.sleep(0.05)
    await first.publish([events.ActivityEvent(LOGGED, 5, (11,), 1)])

    assert second._connection is not lost
    # What was sent while it was away is lost to it: its subscribers are told to reload.
    assert await _next(subscription) == events.ActivityEvent(events.ActivityKind.RESYNC, 5, (), 0)
    assert (await _next(subscription)).entry_nos == (11,)
