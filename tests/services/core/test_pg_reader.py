"""PostgreSQL readers (services/core/pg_reader.py): once turned on, prepared reads outside
transactions run on connections of their own and give what the pool's way gives; a
transaction's reads stay on its connection; a reading connection that fails is dropped and
the read answered through the pool; turned off, every connection is closed."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from server.models import Campaign
from server.services.core import pg_reader
from server.services.core.unit_of_work import transaction
from tests.builders import make_campaign
from tests.conftest import BACKEND
from tests.services.core.test_prepared import BY_NO, HAS_SALESPERSON, _fields, through_tortoise

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="PostgreSQL's readers")

__all__ = ["through_tortoise"]  # the fixture, shared with test_prepared.py


@pytest_asyncio.fixture
async def readers(db: object) -> AsyncIterator[None]:
    pg_reader.install()
    try:
        yield
    finally:
        await pg_reader.uninstall()


async def _warm() -> pg_reader.PgReader:
    """The default client's reader, with one connection open."""
    reader = pg_reader.reader_for(Campaign._meta.db)
    assert reader is not None
    await BY_NO("CP-NONE")  # no idle connection yet: through the pool, one opens meanwhile
    for _ in range(100):
        if reader._idle:
            return reader
        await asyncio.sleep(0.01)
    raise AssertionError("no reading connection opened")


async def test_reads_outside_transactions_take_a_reading_connection(
    readers: None, through_tortoise: list[str]
):
    await make_campaign(no="CP-A", budgeted_cost="12.50")
    reader = await _warm()
    through_tortoise.clear()
    for no in ("CP-A", "CP-NONE", "CP-A"):
        campaign = await BY_NO(no)
        orm = await Campaign.filter(no=no).annotate(assigned=HAS_SALESPERSON).first()
        assert _fields(campaign) == _fields(orm)
        if orm is not None:
            assert campaign is not None
            assert campaign.assigned == orm.assigned  # type: ignore[attr-defined]
    assert through_tortoise == []
    assert len(reader._idle) == reader._open == 1


async def test_a_transaction_reads_on_its_own_connection(
    readers: None, through_tortoise: list[str]
):
    await _warm()
    through_tortoise.clear()
    async with transaction():
        await make_campaign(no="CP-T")
        assert await BY_NO("CP-T") is not None  # its own uncommitted row
    assert len(through_tortoise) == 1


async def test_a_reading_connection_the_server_ends_is_dropped_and_the_pool_answers(
    readers: None, through_tortoise: list[str]
):
    await make_campaign(no="CP-A")
    reader = await _warm()
    (connection,) = reader._idle
    await Campaign._meta.db.execute_query(
        "SELECT pg_terminate_backend($1)", [connection.get_server_pid()]
    )
    through_tortoise.clear()
    assert (await BY_NO("CP-A")) is not None
    assert len(through_tortoise) == 1
    assert connection.is_closed()
    assert connection not in reader._idle


async def test_a_read_cancelled_on_its_connection_drops_the_connection(readers: None):
    await make_campaign(no="CP-A")
    reader = await _warm()
    (connection,) = reader._idle
    outside = contextvars.copy_context()
    async with transaction() as locked:
        # Another transaction holds the table: the read waits until it is cancelled.
        await locked.execute_script('LOCK TABLE "campaign" IN ACCESS EXCLUSIVE MODE')
        task = asyncio.get_running_loop().create_task(BY_NO("CP-A"), context=outside)
        await asyncio.sleep(0.2)
        assert not task.done()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert connection.is_closed()
    assert connection not in reader._idle
    assert (await BY_NO("CP-A")) is not None  # the pool, while a new one opens


async def test_turned_off_no_reader_is_used_and_every_connection_closes(db: object):
    assert pg_reader.reader_for(Campaign._meta.db) is None
    pg_reader.install()
    reader = await _warm()
    (connection,) = reader._idle
    await pg_reader.uninstall()
    assert connection.is_closed()
    assert pg_reader.reader_for(Campaign._meta.db) is None


async def test_reads_wait_for_a_busy_connection_when_all_are_open(
    readers: None, through_tortoise: list[str]
):
    await make_campaign(no="CP-A", description="Spring fair")
    reader = await _warm()
    reader._size = 1  # its one connection is all it may open
    through_tortoise.clear()
    found = await asyncio.gather(*(BY_NO(no) for no in ("CP-A", "CP-NONE", "CP-A", "CP-A")))
    assert [c.description if c else None for c in found] == [
        "Spring fair",
        None,
        "Spring fair",
        "Spring fair",
    ]
    assert through_tortoise == []  # three waited for the one connection, none took the pool
    assert len(reader._idle) == reader._open == 1
    assert not reader._waiting


async def test_a_cancelled_wait_leaves_the_connection_to_the_next_read(readers: None):
    await make_campaign(no="CP-A")
    reader = await _warm()
    reader._size = 1
    first = asyncio.ensure_future(BY_NO("CP-A"))  # takes the connection
    second = asyncio.ensure_future(BY_NO("CP-A"))  # waits for it
    third = asyncio.ensure_future(BY_NO("CP-A"))  # waits behind
    await asyncio.sleep(0)
    second.cancel()
    assert (await first) is not None
    assert (await third) is not None
    assert second.cancelled()
    assert len(reader._idle) == reader._open == 1


async def test_reads_waiting_when_the_reader_closes_read_through_the_pool(
    readers: None, through_tortoise: list[str]
):
    await make_campaign(no="CP-A")
    reader = await _warm()
    reader._size = 1
    (connection,) = reader._idle
    through_tortoise.clear()
    first = asyncio.ensure_future(BY_NO("CP-A"))
    waiting = asyncio.ensure_future(BY_NO("CP-A"))
    await asyncio.sleep(0)
    assert len(reader._waiting) == 1
    closing = asyncio.ensure_future(reader.close())
    assert (await waiting) is not None
    assert (await first) is not None
    await closing
    assert through_tortoise != []  # the waiting read, through the pool
    assert reader._open == 0  # the busy connection closed once put back
    assert not reader._idle
    assert connection.is_closed()
