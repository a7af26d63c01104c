"""Campaign service: creation, numbering, dates (C1), stamping (C2), deletion (C5)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal

import pytest

from server.models import Campaign
from server.services.campaigns import campaign as svc
from server.services.core.context import Role, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.core.values import UNSET
from tests.builders import make_campaign, make_salesperson, make_status
from tests.conftest import TODAY, make_ctx

pytestmark = pytest.mark.usefixtures("db")


def codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return [(e.code, e.field) for e in exc.errors]


async def test_create_draws_numbers_from_the_series_and_stamps_today(manager: ServiceContext):
    first = await svc.create_campaign(manager, svc.CampaignDraft(description="Spring fair"))
    second = await svc.create_campaign(manager, svc.CampaignDraft(description="  Autumn  "))

    assert (first.no, second.no) == ("CP00001", "CP00002")
    stored = await Campaign.get(no="CP00002")
    assert stored.description == "Autumn"
    assert stored.last_date_modified == TODAY.date()
    assert stored.budgeted_cost == Decimal("0.00")
    assert stored.created_by == "test-manager"  # the acting user is recorded


async def test_series_skips_numbers_entered_by_hand(manager: ServiceContext):
    await svc.create_campaign(manager, svc.CampaignDraft(no="cp00001", description="Manual"))

    drawn = await svc.create_campaign(manager, svc.CampaignDraft(description="Drawn"))

    assert drawn.no == "CP00002"
    assert await Campaign.filter(no="CP00001").count() == 1


async def test_concurrent_creates_never_share_a_number(manager: ServiceContext):
    made = await asyncio.gather(
        *(svc.create_campaign(manager, svc.CampaignDraft(description=f"C{i}")) for i in range(10))
    )

    assert len({c.no for c in made}) == 10
    assert await Campaign.all().count() == 10


async def test_create_refuses_ending_before_starting_and_stores_nothing(manager: ServiceContext):
    draft = svc.CampaignDraft(
        description="Backwards", starting_date=date(2026, 5, 1), ending_date=date(2026, 4, 1)
    )

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_campaign(manager, draft)

    assert codes(caught.value) == [(ErrorCode.CAMPAIGN_DATES_INVALID, ("ending_date",))]
    assert await Campaign.all().count() == 0


async def test_open_ended_and_single_day_campaigns_are_allowed(manager: ServiceContext):
    day = date(2026, 5, 1)
    one_day = await svc.create_campaign(
        manager, svc.CampaignDraft(description="One day", starting_date=day, ending_date=day)
    )
    open_ended = await svc.create_campaign(manager, svc.CampaignDraft(description="Open"))

    assert (one_day.starting_date, one_day.ending_date) == (day, day)
    assert (open_ended.starting_date, open_ended.ending_date) == (None, None)


async def test_create_reports_every_bad_field_at_once(manager: ServiceContext):
    draft = svc.CampaignDraft(
        no="X" * 21,
        description=" ",
        starting_date=date(1899, 12, 31),
        status_code="NOPE",
        salesperson_code="NOBODY",
        budgeted_cost=Decimal("-1"),
        expected_revenue=Decimal("1.234"),
    )

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_campaign(manager, draft)

    assert sorted(codes(caught.value), key=str) == sorted(
        [
            (ErrorCode.TOO_LONG, ("no",)),
            (ErrorCode.REQUIRED, ("description",)),
            (ErrorCode.OUT_OF_RANGE, ("starting_date",)),
            (ErrorCode.OUT_OF_RANGE, ("budgeted_cost",)),
            (ErrorCode.INVALID, ("expected_revenue",)),
            (ErrorCode.NOT_FOUND, ("status_code",)),
            (ErrorCode.NOT_FOUND, ("salesperson_code",)),
        ],
        key=str,
    )
    assert await Campaign.all().count() == 0


async def test_duplicate_number_is_refused(manager: ServiceContext):
    await make_campaign(no="CP1")

    with pytest.raises(DomainError) as caught:
        await svc.create_campaign(manager, svc.CampaignDraft(no=" cp1 ", description="Again"))

    assert (caught.value.code, caught.value.field) == (ErrorCode.DUPLICATE, ("no",))
    assert await Campaign.filter(no="CP1").count() == 1


async def test_blocked_salesperson_cannot_be_assigned(manager: ServiceContext):
    await make_salesperson(code="BLK", blocked=True)

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_campaign(
            manager, svc.CampaignDraft(description="X", salesperson_code="blk")
        )

    assert codes(caught.value) == [(ErrorCode.BLOCKED, ("salesperson_code",))]


async def test_update_checks_merged_dates_and_changes_nothing_when_refused(
    manager: ServiceContext,
):
    await make_campaign(no="CP1", starting_date=date(2026, 5, 1), description="Keep")

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_campaign(
            manager,
            "cp1",
            svc.CampaignChanges(description="Changed", ending_date=date(2026, 4, 30)),
        )

    assert codes(caught.value) == [(ErrorCode.CAMPAIGN_DATES_INVALID, ("ending_date",))]
    stored = await Campaign.get(no="CP1")
    assert (stored.description, stored.ending_date) == ("Keep", None)


async def test_update_stamps_today_and_clears_optional_values(manager: ServiceContext):
    status = await make_status()
    await make_campaign(
        no="CP1",
        status=status,
        last_date_modified=TODAY.date() - timedelta(days=30),
        starting_date=date(2026, 1, 1),
    )

    await svc.update_campaign(
        manager, "CP1", svc.CampaignChanges(status_code=None, starting_date=None)
    )

    stored = await Campaign.get(no="CP1")
    assert stored.status_id is None
    assert stored.starting_date is None
    assert stored.last_date_modified == TODAY.date()


async def test_update_keeps_a_salesperson_blocked_after_assignment(manager: ServiceContext):
    person = await make_salesperson(code="OLD")
    await make_campaign(no="CP1", salesperson=person)
    person.blocked = True
    await person.save()

    updated = await svc.update_campaign(
        manager, "CP1", svc.CampaignChanges(salesperson_code="OLD", description="Renamed")
    )

    assert updated.salesperson_id == person.id
    assert svc.CampaignChanges().description is UNSET


async def test_update_of_unknown_campaign_is_not_found(manager: ServiceContext):
    with pytest.raises(DomainError) as caught:
        await svc.update_campaign(manager, "NOPE", svc.CampaignChanges(description="X"))

    assert caught.value.code == ErrorCode.NOT_FOUND


async def test_delete_removes_an_unreferenced_campaign(manager: ServiceContext):
    await make_campaign(no="CP1")

    deleted = await svc.delete_campaign(manager, "cp1")

    assert deleted.no == "CP1"
    assert not await Campaign.exists(no="CP1")


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_managers_change_campaigns(role: Role):
    await make_campaign(no="CP1")
    ctx = make_ctx(role)

    with pytest.raises(PermissionDenied):
        await svc.create_campaign(ctx, svc.CampaignDraft(description="X"))
    with pytest.raises(PermissionDenied):
        await svc.update_campaign(ctx, "CP1", svc.CampaignChanges(description="Y"))
    with pytest.raises(PermissionDenied):
        await svc.delete_campaign(ctx, "CP1")

    assert await Campaign.all().count() == 1


async def test_filter_by_search_status_salesperson_and_dates(manager: ServiceContext):
    running = await make_status(code="RUNNING")
    ann = await make_salesperson(code="ANN")
    await make_campaign(
        no="A",
        description="Spring fair",
        status=running,
        salesperson=ann,
        starting_date=date(2026, 3, 1),
        ending_date=date(2026, 3, 31),
    )
    await make_campaign(no="B", description="Autumn mail", starting_date=date(2026, 9, 1))
    await make_campaign(no="C", description="Evergreen")

    async def nos(**criteria: object) -> list[str]:
        query = svc.campaigns_query(manager, svc.CampaignFilter(**criteria))  # type: ignore[arg-type]
        return sorted(c.no for c in await query)

    assert await nos(search="fair") == ["A"]
    assert await nos(search="b") == ["B"]
    assert await nos(status_codes=["running"]) == ["A"]
    assert await nos(salesperson_codes=["ann", "zed"]) == ["A"]
    assert await nos(active_on=date(2026, 3, 15)) == ["A", "C"]
    assert await nos(active_on=date(2026, 10, 1)) == ["B", "C"]
    assert await nos(starting_after=date(2026, 3, 1)) == ["B"]
    assert await nos(starting_before=date(2026, 9, 1)) == ["A"]
