"""Prepared reads (services/core/prepared.py) give what the same ORM query gives: the same
instances with the same fields, related records and annotations, for any lookup value, inside
and outside a transaction; and a read that cannot be prepared fails loudly."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.expressions import RawSQL

from server.models import ApiToken, Campaign, Contact
from server.services.core import prepared as module
from server.services.core.prepared import Prepared
from server.services.core.unit_of_work import transaction
from tests.builders import TODAY, make_campaign, make_salesperson, make_user

HAS_SALESPERSON = RawSQL('"salesperson_id" IS NOT NULL')

BY_NO: Prepared[Campaign | None] = Prepared(
    lambda no: Campaign.filter(no=no).annotate(assigned=HAS_SALESPERSON).first(), str
)
BY_ID_RANGE: Prepared[list[Campaign]] = Prepared(
    lambda low, high: Campaign.filter(id__gte=low, id__lte=high).order_by("-id"), int, int
)
TOKEN: Prepared[ApiToken | None] = Prepared(
    lambda secret_hash: (
        ApiToken.filter(secret_hash=secret_hash).select_related("user__salesperson").first()
    ),
    str,
)


def _fields(instance: Any) -> dict[str, Any]:
    if instance is None:
        return {}
    return {name: getattr(instance, name) for name in type(instance)._meta.db_fields}


async def test_a_single_read_gives_the_orm_instance_with_its_annotation(db: object):
    salesperson = await make_salesperson()
    await make_campaign(no="CP-A", salesperson=salesperson)
    await make_campaign(no="CP-B")

    for no in ("CP-A", "CP-B", "CP-NONE"):
        prepared = await BY_NO(no)
        orm = await Campaign.filter(no=no).annotate(assigned=HAS_SALESPERSON).first()
        assert _fields(prepared) == _fields(orm)
        if orm is not None:
            assert prepared is not None
            assert bool(prepared.assigned) == bool(orm.assigned) == (no == "CP-A")  # type: ignore[attr-defined]
    assert await BY_NO("CP-NONE") is None


async def test_a_list_read_keeps_order_and_every_parameter(db: object):
    made = [await make_campaign() for _ in range(5)]
    low, high = made[1].id, made[3].id

    found = await BY_ID_RANGE(low, high)

    assert [c.id for c in found] == [made[3].id, made[2].id, made[1].id]


async def test_related_records_come_as_the_orm_builds_them(db: object):
    salesperson = await make_salesperson()
    user = await make_user(salesperson=salesperson)
    await ApiToken.create(
        user=user, name="t", prefix="cg_x", secret_hash="h" * 64, created_at=TODAY
    )

    token = await TOKEN("h" * 64)

    assert token is not None
    assert token.user.username == user.username
    assert token.user.salesperson.code == salesperson.code
    assert await TOKEN("x" * 64) is None


async def test_inside_a_transaction_it_reads_the_transaction_s_own_rows(db: object):
    async with transaction():
        await make_campaign(no="CP-T")
        assert await BY_NO("CP-T") is not None
        await Campaign.filter(no="CP-T").delete()
        assert await BY_NO("CP-T") is None


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(no=st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=25))
async def test_any_lookup_value_matches_what_the_orm_matches(db: object, no: str):
    await Campaign.all().delete()
    await make_campaign(no=no[:20] or "EMPTY")
    await make_campaign(no="prepared-0")

    prepared = await BY_NO(no)
    orm = await Campaign.filter(no=no).first() if len(no) <= 20 else None

    assert _fields(prepared) == _fields(orm)


async def test_reads_that_cannot_be_prepared_fail_loudly(db: object):
    with pytest.raises(TypeError, match="`str` or `int`"):
        Prepared(lambda day: Campaign.filter(starting_date=day), float)
    with pytest.raises(TypeError, match="expected 1 values, got 2"):
        await BY_NO("a", "b")
    ignored: Prepared[list[Contact]] = Prepared(lambda no: Contact.all(), str)
    with pytest.raises(RuntimeError, match="do not reach the SQL"):
        await ignored("C1")


@pytest.fixture
def database_file(sqlite_file: Any) -> Any:
    """The reading connection is SQLite's, on a database file."""
    return sqlite_file


@pytest.fixture
def through_aiosqlite(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The prepared reads that went through aiosqlite (not the reading connection)."""
    seen: list[str] = []
    select = module._select

    async def counted(plan: Any, db: Any, params: list[Any]) -> list[Any]:
        if not isinstance(db, module.DirectReader):
            seen.append(plan.sql)
        return await select(plan, db, params)

    monkeypatch.setattr(module, "_select", counted)
    return seen


async def test_on_a_file_reads_outside_transactions_take_the_reading_connection(
    database_file: Any, through_aiosqlite: list[str]
):
    salesperson = await make_salesperson()
    user = await make_user(salesperson=salesperson)
    await ApiToken.create(
        user=user, name="t", prefix="cg_x", secret_hash="h" * 64, created_at=TODAY
    )
    await make_campaign(no="CP-A", salesperson=salesperson)

    token, campaign = await TOKEN("h" * 64), await BY_NO("CP-A")
    found = await BY_ID_RANGE(0, 10**6)

    assert through_aiosqlite == []
    assert module._READERS[database_file] is not None
    assert token is not None
    assert token.user.salesperson.code == salesperson.code
    orm = await Campaign.filter(no="CP-A").annotate(assigned=HAS_SALESPERSON).first()
    assert _fields(campaign) == _fields(orm)
    assert [c.no for c in found] == ["CP-A"]


@pytest.fixture
def through_tortoise(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every prepared read Tortoise's executor made (on a reader, the pool or a transaction)."""
    seen: list[str] = []
    select = module._select

    async def counted(plan: Any, db: Any, params: list[Any]) -> list[Any]:
        seen.append(plan.sql)
        return await select(plan, db, params)

    monkeypatch.setattr(module, "_select", counted)
    return seen


async def test_on_a_file_plain_reads_make_the_orm_s_instances_without_its_executor(
    database_file: Any, through_tortoise: list[str]
):
    salesperson = await make_salesperson()
    await make_campaign(no="CP-A", salesperson=salesperson, budgeted_cost="1234.50")
    await make_campaign(no="CP-B", starting_date=None, ending_date=None, notes="")
    await make_campaign(no="CP-C", description="Ünïcode ✓", expected_revenue="0.00")
    selects = through_tortoise

    for no in ("CP-A", "CP-B", "CP-C", "CP-NONE"):
        campaign = await BY_NO(no)
        orm = await Campaign.filter(no=no).annotate(assigned=HAS_SALESPERSON).first()
        assert _fields(campaign) == _fields(orm)
        if orm is not None:
            assert campaign is not None
            assert campaign.assigned == orm.assigned  # type: ignore[attr-defined]
            assert campaign._saved_in_db
    listed = await BY_ID_RANGE(0, 10**6)
    orm_listed = await Campaign.filter(id__gte=0).order_by("-id")
    assert [_fields(c) for c in listed] == [_fields(c) for c in orm_listed]
    assert selects == []  # all made by _instances, none by Tortoise's executor
    await TOKEN("h" * 64)  # joined: Tortoise's executor makes it
    assert len(selects) == 1


async def test_on_a_file_a_transaction_reads_its_own_rows_and_others_only_committed_ones(
    database_file: Any, through_aiosqlite: list[str]
):
    written, read_outside = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        async with transaction():
            await make_campaign(no="CP-T")
            assert await BY_NO("CP-T") is not None  # its own row, through its connection
            written.set()
            await read_outside.wait()

    task = asyncio.create_task(writer())
    await written.wait()
    outside = await asyncio.wait_for(BY_NO("CP-T"), 1)  # no waiting for the writer
    read_outside.set()
    await task

    assert outside is None
    assert len(through_aiosqlite) == 1  # the transaction's read
    assert await BY_NO("CP-T") is not None  # committed now: seen at once


async def test_on_a_file_a_failing_reading_connection_falls_back_to_aiosqlite(
    database_file: Any, through_aiosqlite: list[str], monkeypatch: pytest.MonkeyPatch
):
    await make_campaign(no="CP-A")
    assert await BY_NO("CP-A") is not None
    reader = module._READERS[database_file]
    assert reader is not None

    class Busy:
        def execute(self, *args: Any) -> Any:
            raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(reader, "_connection", Busy())
    campaign = await BY_NO("CP-A")

    assert campaign is not None
    assert len(through_aiosqlite) == 1


async def test_in_memory_there_is_no_reading_connection(db: object, through_aiosqlite: list[str]):
    await make_campaign(no="CP-A")
    assert await BY_NO("CP-A") is not None
    assert len(through_aiosqlite) == 1
