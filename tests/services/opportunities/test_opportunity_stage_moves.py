"""Moving an opportunity through its sales cycle (O2): each action and what it records,
winning and losing, the stage's tasks and close date, and one active entry whatever happens."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
from datetime import date, timedelta

import pytest

from server.models import (
    ActionTaken,
    Opportunity,
    OpportunityStatus,
    SalesCycleStage,
    Task,
    TaskType,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import ValidationFailed
from server.services.opportunities.stages import StageAction
from tests.builders import make_activity, make_salesperson, make_task
from tests.services.opportunities.opportunity_stage_builders import (
    DAY,
    D,
    _do,
    _entries,
    _opportunity,
)

pytestmark = pytest.mark.usefixtures("db")


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
