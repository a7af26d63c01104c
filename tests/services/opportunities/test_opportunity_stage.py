"""Moving an opportunity through its sales cycle (O2) and its probability (O3)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from server.models import (
    ActionTaken,
    Opportunity,
    OpportunityEntry,
    OpportunityStatus,
    ProbabilityCalculation,
    Role,
    SalesCycleStage,
    Task,
    TaskType,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.opportunities import stages as svc
from server.services.opportunities.stages import StageAction, StageMove
from tests.builders import (
    make_activity,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
    make_task,
)
from tests.conftest import TODAY, make_ctx

pytestmark = pytest.mark.usefixtures("db")

DAY = TODAY.date()
D = Decimal
#: (completed %, chances of success %) of stages 1..4.
STAGES = [("10", "50"), ("40", "60"), ("70", "75"), ("90", "80")]


async def _opportunity(
    method: ProbabilityCalculation = ProbabilityCalculation.MULTIPLY,
    stages: list[tuple[str, str]] | None = None,
) -> Opportunity:
    cycle = await make_sales_cycle(STAGES if stages is None else stages, method, code="CYC")
    return await make_opportunity(
        no="OP1",
        contact=await make_contact(no="CT1"),
        salesperson=await make_salesperson(code="ANN"),
        sales_cycle=cycle,
        creation_date=date(2026, 3, 1),
    )


async def _do(ctx: ServiceContext, action: StageAction, **values: Any) -> Opportunity:
    return await svc.stage_update(ctx, "op1", StageMove(action=action, **values))


async def _entries() -> list[OpportunityEntry]:
    return await OpportunityEntry.all().order_by("entry_no")


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


async def test_next_enters_the_first_stage_then_the_following_ones(manager: ServiceContext):
    await _opportunity()

    await _do(manager, StageAction.NEXT, date_of_change=date(2026, 3, 2), estimated_value=D(1000))
    await _do(manager, StageAction.NEXT, date_of_change=date(2026, 3, 12))

    first, second = await _entries()
    assert (first.stage, first.active, first.date_closed, first.days_open) == (
        1,
        False,
        date(2026, 3, 12),
        10,
    )
    assert (second.stage, second.active, second.action_taken, second.date_of_change) == (
        2,
        True,
        ActionTaken.NEXT,
        date(2026, 3, 12),
    )
    assert (second.estimated_value, second.probability_percent) == (D("1000.00"), D("24.00"))
    assert second.calculated_current_value == D("240.00")
    assert (second.chances_of_success_percent, second.completed_percent) == (D(60), D(40))
    assert (await Opportunity.get()).status is OpportunityStatus.IN_PROGRESS


async def test_previous_jump_skip_and_update_record_their_action(manager: ServiceContext):
    await _opportunity()
    await SalesCycleStage.filter(stage=4).update(allow_skip=True)

    await _do(manager, StageAction.JUMP, stage_no=3)
    await _do(manager, StageAction.PREVIOUS)
    await _do(manager, StageAction.SKIP, stage_no=4)
    await _do(manager, StageAction.UPDATE, estimated_value=D("500.50"))

    entries = await _entries()
    assert [(e.stage, e.action_taken, e.active) for e in entries] == [
        (3, ActionTaken.JUMPED, False),
        (2, ActionTaken.PREVIOUS, False),
        (4, ActionTaken.SKIPPED, False),
        (4, ActionTaken.UPDATED, True),
    ]
    # MULTIPLY at stage 4: 80 x 90 / 100 = 72; 500.50 x 72% = 360.36
    assert (entries[-1].probability_percent, entries[-1].calculated_current_value) == (
        D("72.00"),
        D("360.36"),
    )


@pytest.mark.parametrize(
    ("method", "completed", "chances", "probability", "value"),
    [
        (ProbabilityCalculation.MULTIPLY, "33.33", "50", "16.67", "166.70"),
        (ProbabilityCalculation.ADD, "33.33", "50", "41.67", "416.70"),
        (ProbabilityCalculation.CHANCES_OF_SUCCESS, "33.33", "50", "50.00", "500.00"),
        (ProbabilityCalculation.COMPLETED, "33.33", "50", "33.33", "333.30"),
        (ProbabilityCalculation.MULTIPLY, "0", "0", "0.00", "0.00"),
        (ProbabilityCalculation.ADD, "100", "100", "100.00", "1000.00"),
    ],
)
async def test_o3_probability_per_method_and_current_value(
    manager: ServiceContext,
    method: ProbabilityCalculation,
    completed: str,
    chances: str,
    probability: str,
    value: str,
):
    await _opportunity(method, [(completed, chances)])

    await _do(manager, StageAction.NEXT, estimated_value=D(1000))

    (entry,) = await _entries()
    assert (entry.probability_percent, entry.calculated_current_value) == (D(probability), D(value))


async def test_the_chances_of_success_can_be_given_for_a_move(manager: ServiceContext):
    await _opportunity()  # MULTIPLY; stage 1 is 10 % completed, 50 % chances; stage 2 40/60
    await _do(manager, StageAction.NEXT, estimated_value=D(1000))

    await _do(manager, StageAction.UPDATE, chances_of_success_percent=D("35"))
    await _do(manager, StageAction.NEXT)

    first, updated, second = await _entries()
    assert (first.chances_of_success_percent, first.probability_percent) == (D(50), D(5))
    # 35 x 10 / 100 = 3.50 %, worth 35.00 of 1,000
    assert (
        updated.chances_of_success_percent,
        updated.probability_percent,
        updated.calculated_current_value,
    ) == (D(35), D("3.50"), D("35.00"))
    # the next stage starts from its own chances again: 60 x 40 / 100 = 24 %
    assert (second.chances_of_success_percent, second.probability_percent) == (D(60), D(24))


def test_o3_probability_rounds_half_up_to_cents():
    # MULTIPLY 12.5 x 50.01 / 100 = 6.25125 -> 6.25; ADD (0.01 + 0) / 2 = 0.005 -> 0.01
    assert svc.probability(ProbabilityCalculation.MULTIPLY, D("50.01"), D("12.5")) == D("6.25")
    assert svc.probability(ProbabilityCalculation.ADD, D("0.01"), D(0)) == D("0.01")


async def test_win_closes_with_everything_at_100(manager: ServiceContext):
    await _opportunity()
    await _do(manager, StageAction.NEXT, estimated_value=D("1234.56"), date_of_change=DAY)

    await _do(manager, StageAction.WIN, date_of_change=DAY + timedelta(days=3))

    last = (await _entries())[-1]
    assert (last.action_taken, last.active, last.stage, last.date_closed) == (
        ActionTaken.WON,
        True,
        1,
        DAY + timedelta(days=3),
    )
    assert (
        last.chances_of_success_percent,
        last.completed_percent,
        last.probability_percent,
        last.calculated_current_value,
    ) == (D(100), D(100), D(100), D("1234.56"))
    row = await Opportunity.get()
    assert (row.status, row.closed, row.date_closed) == (
        OpportunityStatus.WON,
        True,
        DAY + timedelta(days=3),
    )


async def test_lose_closes_with_no_value(manager: ServiceContext):
    await _opportunity()
    await _do(manager, StageAction.NEXT, estimated_value=D("800"))

    await _do(manager, StageAction.LOSE)

    last = (await _entries())[-1]
    assert (
        last.action_taken,
        last.estimated_value,
        last.chances_of_success_percent,
        last.completed_percent,
        last.probability_percent,
        last.calculated_current_value,
    ) == (ActionTaken.LOST, D("800.00"), D(0), D(100), D(0), D(0))
    row = await Opportunity.get()
    assert (row.status, row.closed, row.date_closed) == (OpportunityStatus.LOST, True, DAY)


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


async def test_exactly_one_entry_is_active_through_any_sequence_of_moves(manager: ServiceContext):
    await _opportunity()
    await SalesCycleStage.filter(stage__in=[2, 4]).update(allow_skip=True)
    chooser = random.Random(20261124)
    day = date(2026, 3, 1)
    for _ in range(40):
        action = chooser.choice(list(StageAction)[:5])  # keep it open: no WIN/LOSE
        stage_no = chooser.randint(1, 4) if action in (StageAction.JUMP, StageAction.SKIP) else None
        day += timedelta(days=chooser.randint(0, 3))
        with contextlib.suppress(ValidationFailed):
            await _do(manager, action, stage_no=stage_no, date_of_change=day)
        entries = await _entries()
        if entries:
            assert [e.active for e in entries].count(True) == 1
            assert entries[-1].active
            assert all(
                e.days_open == (n.date_of_change - e.date_of_change).days
                and e.date_closed == n.date_of_change
                for e, n in itertools.pairwise(entries)
            )
    assert len(await _entries()) > 10
    await _do(manager, StageAction.LOSE, date_of_change=day)
    assert [e.active for e in await _entries()].count(True) == 1


async def test_entering_a_stage_makes_its_activity_tasks_dated_from_the_date_of_change(
    manager: ServiceContext,
):
    opportunity = await _opportunity()
    activity = await make_activity([(TaskType.PHONE_CALL, "0D"), (TaskType.MEETING, "1W")])
    await SalesCycleStage.filter(stage=2).update(activity_id=activity.id)
    await _do(manager, StageAction.NEXT, date_of_change=date(2026, 3, 2))

    await _do(manager, StageAction.NEXT, date_of_change=date(2026, 3, 10))

    tasks = await Task.all().order_by("no")
    assert [(t.type, t.date) for t in tasks] == [
        (TaskType.PHONE_CALL, date(2026, 3, 10)),
        (TaskType.MEETING, date(2026, 3, 17)),
    ]
    assert {
        (t.opportunity_id, t.salesperson_id, t.contact_id, t.activity_id, t.campaign_id)
        for t in tasks
    } == {
        (
            opportunity.id,
            opportunity.salesperson_id,
            opportunity.contact_id,
            activity.id,
            None,
        )
    }

    await _do(manager, StageAction.UPDATE, date_of_change=date(2026, 3, 11))
    assert await Task.all().count() == 2


async def test_cancel_open_tasks_cancels_only_this_opportunitys_open_tasks(
    manager: ServiceContext,
):
    opportunity = await _opportunity()
    ann = await make_salesperson(code="BOB")
    open_one = await make_task(salesperson=ann, opportunity=opportunity)
    done = await make_task(salesperson=ann, opportunity=opportunity, closed=True)
    other = await make_task(salesperson=ann)
    await _do(manager, StageAction.NEXT)

    await _do(manager, StageAction.UPDATE, cancel_open_tasks=True)

    rows = {t.id: (t.closed, t.canceled, t.date_closed) for t in await Task.all()}
    assert rows == {
        open_one.id: (True, True, DAY),
        done.id: (True, False, None),
        other.id: (False, False, None),
    }


async def test_the_stage_formula_sets_the_estimated_close_date(manager: ServiceContext):
    await _opportunity()
    await SalesCycleStage.filter(stage=1).update(date_formula="CM+1M")

    await _do(manager, StageAction.NEXT, date_of_change=date(2026, 3, 10))
    await _do(manager, StageAction.UPDATE)
    await _do(manager, StageAction.UPDATE, estimated_close_date=date(2026, 9, 1))

    assert [e.estimated_close_date for e in await _entries()] == [
        date(2026, 4, 30),
        date(2026, 4, 30),
        date(2026, 9, 1),
    ]


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


async def test_concurrent_moves_leave_exactly_one_active_entry(manager: ServiceContext):
    await _opportunity()
    await _do(manager, StageAction.NEXT)

    async def one(i: int) -> None:
        action = [StageAction.NEXT, StageAction.PREVIOUS, StageAction.UPDATE][i % 3]
        with contextlib.suppress(ValidationFailed):
            await _do(manager, action)

    await asyncio.gather(*(one(i) for i in range(12)))

    entries = await _entries()
    assert [e.active for e in entries].count(True) == 1
    assert entries[-1].active
    assert all(e.date_closed == DAY for e in entries[:-1])
