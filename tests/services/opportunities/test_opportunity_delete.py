"""Deleting opportunities: not while in progress, nor while anything refers to one."""

from __future__ import annotations

import pytest

from server.models import Opportunity, OpportunityEntry, OpportunityStatus, Role, Task
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied
from server.services.opportunities import opportunity as svc
from server.services.opportunities import stages
from server.services.opportunities.stages import StageAction, StageMove
from tests.builders import (
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
    make_task,
)
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


async def _opportunity(no: str = "OP1", salesperson: str = "ANN") -> Opportunity:
    return await make_opportunity(
        no=no,
        contact=await make_contact(),
        salesperson=await make_salesperson(code=salesperson),
        sales_cycle=await make_sales_cycle([("10", "50"), ("40", "60")]),
    )


async def _move(ctx: ServiceContext, no: str, action: StageAction) -> None:
    await stages.stage_update(ctx, no, StageMove(action=action))


async def test_a_won_opportunity_goes_with_its_entries(manager: ServiceContext):
    opportunity = await _opportunity()
    await _move(manager, "OP1", StageAction.NEXT)
    await _move(manager, "OP1", StageAction.WIN)
    kept = await _opportunity("OP2", salesperson="BOB")
    await _move(manager, "OP2", StageAction.NEXT)

    deleted = await svc.delete_opportunity(manager, "op1")

    assert deleted.no == "OP1"
    assert not await Opportunity.exists(id=opportunity.id)
    assert not await OpportunityEntry.exists(opportunity_id=opportunity.id)
    assert await OpportunityEntry.filter(opportunity_id=kept.id).count() == 1


async def test_a_not_started_opportunity_can_be_deleted(manager: ServiceContext):
    await _opportunity()

    await svc.delete_opportunity(manager, "OP1")

    assert await Opportunity.all().count() == 0


async def test_an_opportunity_in_progress_is_refused_and_kept(manager: ServiceContext):
    await _opportunity()
    await _move(manager, "OP1", StageAction.NEXT)

    with pytest.raises(DomainError) as refused:
        await svc.delete_opportunity(manager, "OP1")

    assert (refused.value.code, refused.value.field) == (
        ErrorCode.OPPORTUNITY_IN_PROGRESS,
        ("no",),
    )
    row = await Opportunity.get(no="OP1")
    assert row.status is OpportunityStatus.IN_PROGRESS
    assert await OpportunityEntry.filter(opportunity_id=row.id, active=True).count() == 1


async def test_an_opportunity_a_task_refers_to_is_refused_and_kept(manager: ServiceContext):
    opportunity = await _opportunity()
    ann = await opportunity.salesperson
    await make_task(salesperson=ann, opportunity=opportunity)

    with pytest.raises(DomainError) as refused:
        await svc.delete_opportunity(manager, "OP1")

    assert refused.value.code is ErrorCode.IN_USE
    assert "1 tasks" in refused.value.message
    assert await Opportunity.exists(no="OP1")
    assert await Task.filter(opportunity_id=opportunity.id).count() == 1


async def test_an_unknown_opportunity_is_not_found(manager: ServiceContext):
    with pytest.raises(DomainError) as refused:
        await svc.delete_opportunity(manager, "NOPE")

    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_sales_users_delete_only_their_own_and_viewers_none():
    await _opportunity("OP1", salesperson="ANN")
    await _opportunity("OP2", salesperson="BOB")

    await svc.delete_opportunity(make_ctx(Role.SALES, salesperson="ANN"), "OP1")
    with pytest.raises(PermissionDenied):
        await svc.delete_opportunity(make_ctx(Role.SALES, salesperson="ANN"), "OP2")
    with pytest.raises(PermissionDenied):
        await svc.delete_opportunity(make_ctx(Role.VIEWER), "OP2")

    assert list(await Opportunity.all().values_list("no", flat=True)) == ["OP2"]
