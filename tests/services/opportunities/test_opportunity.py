"""Opportunities: creating and changing them (O1) and who may (section 5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import (
    ActionTaken,
    Campaign,
    Opportunity,
    OpportunityEntry,
    OpportunityStatus,
    Priority,
    Role,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import ErrorCode, PermissionDenied, ValidationFailed
from server.services.opportunities import opportunity as svc
from tests.builders import (
    activate,
    make_campaign,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
)
from tests.conftest import TODAY, make_ctx

pytestmark = pytest.mark.usefixtures("db")

DAY = TODAY.date()


async def _world() -> None:
    await make_salesperson(code="ANN")
    await make_salesperson(code="BOB")
    await make_contact(no="CT1")
    await make_sales_cycle([("25", "50"), ("50", "60")], code="NEW")


def _draft(**values: object) -> svc.OpportunityDraft:
    base: dict[str, object] = {
        "description": "Big deal",
        "contact_no": "ct1",
        "salesperson_code": "ann",
        "sales_cycle_code": "new",
    }
    base.update(values)
    return svc.OpportunityDraft(**base)  # type: ignore[arg-type]


def _codes(
    exc: pytest.ExceptionInfo[ValidationFailed],
) -> list[tuple[ErrorCode, tuple[object, ...]]]:
    return [(e.code, e.field) for e in exc.value.errors]


async def test_create_draws_a_number_and_starts_not_started(manager: ServiceContext):
    await _world()

    created = await svc.create_opportunity(manager, _draft(priority=Priority.HIGH))

    row = await Opportunity.get(no="OP00001")
    assert created.id == row.id
    assert (row.description, row.status, row.closed, row.creation_date, row.priority) == (
        "Big deal",
        OpportunityStatus.NOT_STARTED,
        False,
        DAY,
        Priority.HIGH,
    )
    assert row.created_by == "test-manager"
    assert await OpportunityEntry.all().count() == 0


async def test_create_can_enter_the_first_stage_at_once(manager: ServiceContext):
    await _world()

    await svc.create_opportunity(
        manager, _draft(activate_first_stage=True, estimated_value=Decimal("1000"))
    )

    entry = await OpportunityEntry.get()
    assert (entry.stage, entry.action_taken, entry.active, entry.date_of_change) == (
        1,
        ActionTaken.NEXT,
        True,
        DAY,
    )
    assert (entry.probability_percent, entry.calculated_current_value) == (
        Decimal("12.50"),
        Decimal("125.00"),
    )
    assert (await Opportunity.get()).status is OpportunityStatus.IN_PROGRESS


async def test_create_reports_every_missing_or_unknown_reference(manager: ServiceContext):
    await _world()
    await make_sales_cycle(code="OLD", blocked=True)

    with pytest.raises(ValidationFailed) as exc:
        await svc.create_opportunity(
            manager,
            _draft(
                description=" ", contact_no=None, salesperson_code="NOPE", sales_cycle_code="OLD"
            ),
        )

    assert _codes(exc) == [
        (ErrorCode.REQUIRED, ("description",)),
        (ErrorCode.REQUIRED, ("contact_no",)),
        (ErrorCode.NOT_FOUND, ("salesperson_code",)),
        (ErrorCode.BLOCKED, ("sales_cycle_code",)),
    ]
    assert await Opportunity.all().count() == 0


async def _campaign(start: date | None, end: date | None, *, activated: bool = True) -> Campaign:
    campaign = await make_campaign(no="CP1", starting_date=start, ending_date=end)
    if activated:
        await activate(campaign)
    return campaign


@pytest.mark.parametrize(
    ("start", "end", "activated"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), False),  # not activated
        (date(2026, 3, 16), date(2026, 12, 31), True),  # starts after the creation date
        (date(2026, 1, 1), date(2026, 3, 14), True),  # ended before it
        (date(2026, 3, 16), None, True),  # open-ended but not started yet
    ],
    ids=["not-activated", "before-start", "after-end", "open-ended-not-started"],
)
async def test_o1_refuses_a_campaign_not_activated_or_not_running_on_the_creation_date(
    manager: ServiceContext, start: date, end: date | None, activated: bool
):
    await _world()
    await _campaign(start, end, activated=activated)

    with pytest.raises(ValidationFailed) as exc:
        await svc.create_opportunity(manager, _draft(campaign_no="cp1"))

    assert _codes(exc) == [(ErrorCode.CAMPAIGN_NOT_ELIGIBLE, ("campaign_no",))]
    assert "CP1" in exc.value.errors[0].message
    assert await Opportunity.all().count() == 0


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 3, 15), date(2026, 3, 15)),  # both ends inclusive
        (date(2026, 1, 1), None),  # open-ended and started
        (None, None),  # no dates at all
    ],
    ids=["inclusive", "open-ended-started", "undated"],
)
async def test_o1_accepts_an_activated_campaign_running_on_the_creation_date(
    manager: ServiceContext, start: date | None, end: date | None
):
    await _world()
    campaign = await _campaign(start, end)

    created = await svc.create_opportunity(manager, _draft(campaign_no="CP1"))

    assert created.campaign_id == campaign.id


async def test_o1_checks_against_the_given_creation_date(manager: ServiceContext):
    await _world()
    await _campaign(date(2025, 1, 1), date(2025, 12, 31))

    created = await svc.create_opportunity(
        manager, _draft(campaign_no="CP1", creation_date=date(2025, 6, 1))
    )

    assert created.creation_date == date(2025, 6, 1)


async def test_sales_users_create_opportunities_only_for_themselves():
    await _world()
    ann = make_ctx(Role.SALES, salesperson="ANN")

    mine = await svc.create_opportunity(ann, _draft(salesperson_code=None))
    with pytest.raises(PermissionDenied):
        await svc.create_opportunity(ann, _draft(salesperson_code="BOB"))
    with pytest.raises(PermissionDenied):
        await svc.create_opportunity(make_ctx(Role.VIEWER), _draft())

    assert [o.no for o in await Opportunity.all()] == [mine.no]


async def test_update_changes_fields_and_checks_o1_for_a_new_campaign(manager: ServiceContext):
    await _world()
    contact = await make_contact()
    ann = await make_salesperson(code="ANN2")
    opportunity = await make_opportunity(
        contact=contact, salesperson=ann, sales_cycle=await make_sales_cycle()
    )
    await _campaign(date(2026, 4, 1), None)

    with pytest.raises(ValidationFailed) as exc:
        await svc.update_opportunity(
            manager, opportunity.no, svc.OpportunityChanges(description="New", campaign_no="CP1")
        )
    assert _codes(exc) == [(ErrorCode.CAMPAIGN_NOT_ELIGIBLE, ("campaign_no",))]
    assert (await Opportunity.get(id=opportunity.id)).description == opportunity.description

    await svc.update_opportunity(
        manager,
        opportunity.no,
        svc.OpportunityChanges(description="New", priority=Priority.LOW, salesperson_code="BOB"),
    )
    row = await Opportunity.get(id=opportunity.id).prefetch_related("salesperson")
    assert (row.description, row.priority, row.salesperson.code) == ("New", Priority.LOW, "BOB")


async def test_sales_users_cannot_hand_their_opportunity_to_someone_else():
    await _world()
    ann = await make_salesperson(code="ANN3")
    opportunity = await make_opportunity(
        contact=await make_contact(), salesperson=ann, sales_cycle=await make_sales_cycle()
    )
    as_ann = make_ctx(Role.SALES, salesperson="ANN3")

    await svc.update_opportunity(as_ann, opportunity.no, svc.OpportunityChanges(description="Mine"))
    with pytest.raises(PermissionDenied):
        await svc.update_opportunity(
            as_ann, opportunity.no, svc.OpportunityChanges(salesperson_code="BOB")
        )
    with pytest.raises(PermissionDenied):
        await svc.update_opportunity(
            make_ctx(Role.SALES, salesperson="BOB"),
            opportunity.no,
            svc.OpportunityChanges(description="Theirs"),
        )

    row = await Opportunity.get(id=opportunity.id)
    assert (row.description, row.salesperson_id) == ("Mine", ann.id)


async def test_a_closed_opportunity_cannot_be_changed(manager: ServiceContext):
    await _world()
    opportunity = await make_opportunity(
        contact=await make_contact(),
        salesperson=await make_salesperson(),
        sales_cycle=await make_sales_cycle(),
        closed=True,
        status=OpportunityStatus.WON,
    )

    with pytest.raises(ValidationFailed) as exc:
        await svc.update_opportunity(
            manager, opportunity.no, svc.OpportunityChanges(description="X")
        )

    assert _codes(exc) == [(ErrorCode.INVALID, ("no",))]


async def test_the_list_filters_by_status_salesperson_campaign_contact_and_cycle(
    manager: ServiceContext,
):
    await _world()
    ann, bob = await make_salesperson(code="A1"), await make_salesperson(code="B1")
    c1, c2 = await make_contact(no="C1"), await make_contact(no="C2")
    cycle = await make_sales_cycle(code="CYC")
    campaign = await make_campaign(no="CPL")
    await make_opportunity(no="O1", contact=c1, salesperson=ann, sales_cycle=cycle)
    await make_opportunity(
        no="O2", contact=c2, salesperson=bob, campaign=campaign, status=OpportunityStatus.WON
    )

    async def nos(**criteria: object) -> list[str]:
        query = svc.opportunities_query(manager, svc.OpportunityFilter(**criteria))  # type: ignore[arg-type]
        return sorted(await query.values_list("no", flat=True))

    assert await nos() == ["O1", "O2"]
    assert await nos(status=OpportunityStatus.WON) == ["O2"]
    assert await nos(salesperson_codes=["a1"]) == ["O1"]
    assert await nos(campaign_no="cpl") == ["O2"]
    assert await nos(contact_no="c1") == ["O1"]
    assert await nos(sales_cycle_code="cyc") == ["O1"]
    assert await nos(closed=False) == ["O1", "O2"]
    assert (await svc.opportunity_by_no(manager, "o1")) is not None
    assert await svc.opportunity_by_no(manager, "nope") is None
