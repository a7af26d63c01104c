"""Refused stage moves (O2) change nothing: every invalid move, a move past the last stage or on
a closed opportunity, skipping backwards, someone else's opportunity, a cycle that is gone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from server.models import Opportunity, OpportunityEntry, Role, SalesCycleStage, Task
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.opportunities import stages as svc
from server.services.opportunities.stages import StageAction, StageMove
from tests.builders import make_salesperson
from tests.conftest import make_ctx
from tests.services.opportunities.opportunity_stage_builders import (
    DAY,
    D,
    _do,
    _entries,
    _opportunity,
)

pytestmark = pytest.mark.usefixtures("db")


async def _state() -> list[tuple[object, ...]]:
    """Everything a refused move must leave as it was."""
    entries = (
        await OpportunityEntry.all()
        .order_by("entry_no")
        .values_list("stage", "active", "date_closed", "days_open", "action_taken")
    )
    opportunity = await Opportunity.all().values_list("status", "closed", "date_closed")
    tasks = await Task.all().order_by("no").values_list("no", "closed")
    return [*entries, *opportunity, *tasks]


@pytest.mark.parametrize(
    ("setup", "move", "code", "field"),
    [
        ([], StageMove(action=StageAction.PREVIOUS), ErrorCode.INVALID, "action"),
        ([], StageMove(action=StageAction.UPDATE), ErrorCode.INVALID, "action"),
        ([], StageMove(action=StageAction.WIN), ErrorCode.INVALID, "action"),
        ([StageAction.NEXT], StageMove(action=StageAction.PREVIOUS), ErrorCode.INVALID, "action"),
        ([StageAction.NEXT], StageMove(action=StageAction.JUMP), ErrorCode.REQUIRED, "stage_no"),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.JUMP, stage_no=9),
            ErrorCode.NOT_FOUND,
            "stage_no",
        ),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.JUMP, stage_no=1),
            ErrorCode.INVALID,
            "stage_no",
        ),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.SKIP, stage_no=3),
            ErrorCode.STAGE_NOT_SKIPPABLE,
            "stage_no",
        ),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.NEXT, stage_no=3),
            ErrorCode.INVALID,
            "stage_no",
        ),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.UPDATE, date_of_change=DAY - timedelta(days=1)),
            ErrorCode.OUT_OF_RANGE,
            "date_of_change",
        ),
        (
            [],
            StageMove(action=StageAction.NEXT, date_of_change=date(2026, 2, 28)),
            ErrorCode.OUT_OF_RANGE,
            "date_of_change",
        ),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.UPDATE, estimated_value=D("-1")),
            ErrorCode.OUT_OF_RANGE,
            "estimated_value",
        ),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.UPDATE, chances_of_success_percent=D("100.01")),
            ErrorCode.OUT_OF_RANGE,
            "chances_of_success_percent",
        ),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.UPDATE, chances_of_success_percent=D("33.333")),
            ErrorCode.INVALID,
            "chances_of_success_percent",
        ),
        (
            [StageAction.NEXT],
            StageMove(action=StageAction.WIN, chances_of_success_percent=D("90")),
            ErrorCode.INVALID,
            "chances_of_success_percent",
        ),
    ],
    ids=[
        "previous-not-started",
        "update-not-started",
        "win-not-started",
        "previous-at-first",
        "jump-without-stage",
        "jump-unknown-stage",
        "jump-to-current",
        "skip-not-allowed",
        "stage-for-next",
        "date-before-previous",
        "date-before-creation",
        "negative-value",
        "chances-over-100",
        "chances-three-decimals",
        "chances-for-a-win",
    ],
)
async def test_refused_moves_change_nothing(
    manager: ServiceContext,
    setup: list[StageAction],
    move: StageMove,
    code: ErrorCode,
    field: str,
):
    await _opportunity()
    for action in setup:
        await _do(manager, action, date_of_change=DAY)
    before = await _state()

    with pytest.raises(ValidationFailed) as exc:
        await svc.stage_update(manager, "OP1", move)

    assert [(e.code, e.field) for e in exc.value.errors] == [(code, (field,))]
    assert await _state() == before


async def test_next_at_the_last_stage_and_moves_on_a_closed_opportunity_are_refused(
    manager: ServiceContext,
):
    await _opportunity(stages=[("50", "50")])
    await _do(manager, StageAction.NEXT)

    with pytest.raises(ValidationFailed) as last:
        await _do(manager, StageAction.NEXT)
    await _do(manager, StageAction.WIN)
    before = await _state()
    with pytest.raises(ValidationFailed) as closed:
        await _do(manager, StageAction.UPDATE)

    assert [e.code for e in last.value.errors] == [ErrorCode.INVALID]
    assert [(e.code, e.field) for e in closed.value.errors] == [
        (ErrorCode.INVALID, ("opportunity_no",))
    ]
    assert await _state() == before


async def test_skip_goes_only_forward(manager: ServiceContext):
    await _opportunity()
    await SalesCycleStage.filter(stage=1).update(allow_skip=True)
    await _do(manager, StageAction.JUMP, stage_no=3)

    with pytest.raises(ValidationFailed) as exc:
        await _do(manager, StageAction.SKIP, stage_no=1)

    assert [e.code for e in exc.value.errors] == [ErrorCode.INVALID]


async def test_only_the_salesperson_or_a_manager_moves_an_opportunity():
    await _opportunity()
    await make_salesperson(code="BOB")

    await _do(make_ctx(Role.SALES, salesperson="ANN"), StageAction.NEXT)
    for ctx in (make_ctx(Role.SALES, salesperson="BOB"), make_ctx(Role.VIEWER)):
        with pytest.raises(PermissionDenied):
            await _do(ctx, StageAction.NEXT)

    assert len(await _entries()) == 1


async def test_an_opportunity_whose_cycle_is_gone_cannot_move(manager: ServiceContext):
    opportunity = await _opportunity()
    await Opportunity.filter(id=opportunity.id).update(sales_cycle_id=None)

    with pytest.raises(DomainError) as exc:
        await _do(manager, StageAction.NEXT)

    assert exc.value.code is ErrorCode.INVALID
