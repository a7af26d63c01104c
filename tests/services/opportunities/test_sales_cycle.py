"""Sales cycles and stages (setup), O4 on deleting them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from server.models import (
    ActionTaken,
    Opportunity,
    OpportunityEntry,
    OpportunityStatus,
    ProbabilityCalculation,
    Role,
    SalesCycle,
    SalesCycleStage,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.opportunities import sales_cycle as svc
from tests.builders import (
    make_activity,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
)
from tests.conftest import TODAY, make_ctx

pytestmark = pytest.mark.usefixtures("db")


def _stage(**values: object) -> svc.StageDraft:
    base: dict[str, object] = {"sales_cycle_code": "new", "stage": 1, "description": "Lead"}
    base.update(values)
    return svc.StageDraft(**base)  # type: ignore[arg-type]


async def test_create_update_and_list_cycles_and_stages(manager: ServiceContext):
    await make_activity(code="CALL")

    await svc.create_sales_cycle(
        manager,
        svc.SalesCycleDraft(code=" new ", description="New business", probability_calculation=None),
    )
    await svc.create_stage(
        manager,
        _stage(
            completed_percent=Decimal("12.5"),
            chances_of_success_percent=Decimal(40),
            activity_code="call",
            allow_skip=True,
            date_formula="<cm+1d>",
        ),
    )
    await svc.create_stage(manager, _stage(stage=2, description="Proposal"))
    await svc.update_sales_cycle(
        manager,
        "NEW",
        svc.SalesCycleChanges(probability_calculation=ProbabilityCalculation.ADD, blocked=True),
    )
    await svc.update_stage(
        manager, "new", 2, svc.StageChanges(quote_required=True, description="Offer")
    )

    cycle = await SalesCycle.get(code="NEW")
    assert (cycle.description, cycle.probability_calculation, cycle.blocked) == (
        "New business",
        ProbabilityCalculation.ADD,
        True,
    )
    stages = (await svc.cycle_stages(manager, [cycle.id]))[cycle.id]
    assert [
        (
            s.stage,
            s.description,
            s.completed_percent,
            s.chances_of_success_percent,
            s.allow_skip,
            s.quote_required,
            s.date_formula,
        )
        for s in stages
    ] == [
        (1, "Lead", Decimal("12.50"), Decimal("40.00"), True, False, "CM+1D"),
        (2, "Offer", Decimal("0.00"), Decimal("0.00"), False, True, ""),
    ]
    assert stages[0].activity_id is not None
    assert [c.code for c in await svc.sales_cycles(manager)] == ["NEW"]
    assert await svc.sales_cycle_by_code(manager, "new") is not None


async def test_stage_input_is_validated_all_at_once(manager: ServiceContext):
    await make_sales_cycle(code="NEW", stages=[("0", "0")])

    with pytest.raises(ValidationFailed) as exc:
        await svc.create_stage(
            manager,
            _stage(
                stage=1,
                completed_percent=Decimal(101),
                chances_of_success_percent=Decimal("1.001"),
                activity_code="NOPE",
                date_formula="1X",
            ),
        )

    assert [(e.code, e.field) for e in exc.value.errors] == [
        (ErrorCode.OUT_OF_RANGE, ("completed_percent",)),
        (ErrorCode.INVALID, ("chances_of_success_percent",)),
        (ErrorCode.NOT_FOUND, ("activity_code",)),
        (ErrorCode.DATE_FORMULA_INVALID, ("date_formula",)),
        (ErrorCode.DUPLICATE, ("stage",)),
    ]
    assert "'1X'" in exc.value.errors[3].message
    assert await SalesCycleStage.all().count() == 1


async def test_only_setup_managers_change_sales_cycles():
    for role in (Role.SALES, Role.VIEWER):
        with pytest.raises(PermissionDenied):
            await svc.create_sales_cycle(
                make_ctx(role, salesperson="ANN"), svc.SalesCycleDraft(code="X", description="X")
            )
    assert await SalesCycle.all().count() == 0


async def _opportunity_at(cycle: SalesCycle, stage: int, *, closed: bool) -> Opportunity:
    opportunity = await make_opportunity(
        contact=await make_contact(),
        salesperson=await make_salesperson(),
        sales_cycle=cycle,
        closed=closed,
        status=OpportunityStatus.WON if closed else OpportunityStatus.IN_PROGRESS,
    )
    await OpportunityEntry.create(
        opportunity=opportunity,
        stage=stage,
        date_of_change=TODAY.date(),
        action_taken=ActionTaken.NEXT,
    )
    return opportunity


async def test_o4_a_cycle_with_open_opportunities_cannot_be_deleted(manager: ServiceContext):
    cycle = await make_sales_cycle([("10", "10")], code="NEW")
    await _opportunity_at(cycle, 1, closed=False)

    with pytest.raises(DomainError) as exc:
        await svc.delete_sales_cycle(manager, "NEW")

    assert (exc.value.code, exc.value.field) == (ErrorCode.IN_USE, ("code",))
    assert await SalesCycle.exists(code="NEW")
    assert await SalesCycleStage.all().count() == 1


async def test_o4_a_cycle_with_only_closed_opportunities_goes_and_they_keep_their_entries(
    manager: ServiceContext,
):
    cycle = await make_sales_cycle([("10", "10")], code="NEW")
    closed = await _opportunity_at(cycle, 1, closed=True)

    await svc.delete_sales_cycle(manager, "new")

    assert not await SalesCycle.exists(code="NEW")
    assert await SalesCycleStage.all().count() == 0
    assert (await Opportunity.get(id=closed.id)).sales_cycle_id is None
    assert await OpportunityEntry.filter(opportunity_id=closed.id).count() == 1


async def test_o4_a_stage_with_active_entries_cannot_be_deleted(manager: ServiceContext):
    cycle = await make_sales_cycle([("10", "10"), ("20", "20")], code="NEW")
    opportunity = await _opportunity_at(cycle, 1, closed=False)
    await OpportunityEntry.filter(opportunity_id=opportunity.id).update(active=False)
    await OpportunityEntry.create(
        opportunity=opportunity, stage=2, date_of_change=TODAY.date(), action_taken="NEXT"
    )

    with pytest.raises(DomainError) as exc:
        await svc.delete_stage(manager, "NEW", 2)
    await svc.delete_stage(manager, "NEW", 1)  # only an inactive entry is at stage 1

    assert (exc.value.code, exc.value.field) == (ErrorCode.IN_USE, ("stage",))
    assert [s.stage for s in await SalesCycleStage.all()] == [2]


async def test_unknown_cycles_and_stages_are_not_found(manager: ServiceContext):
    await make_sales_cycle(code="NEW")

    for call in (
        svc.delete_sales_cycle(manager, "NOPE"),
        svc.delete_stage(manager, "NEW", 3),
        svc.update_stage(manager, "NOPE", 1, svc.StageChanges()),
    ):
        with pytest.raises(DomainError) as exc:
            await call
        assert exc.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(ValidationFailed) as bad:
        await svc.create_stage(manager, _stage(stage=0))
    assert [e.field for e in bad.value.errors] == [("stage",)]
