"""Moving an opportunity through its sales cycle (DOMAIN O2) with its probability (O3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from server.models import (
    ActionTaken,
    Activity,
    Contact,
    Opportunity,
    OpportunityEntry,
    OpportunityStatus,
    ProbabilityCalculation,
    SalesCycle,
    SalesCycleStage,
    Salesperson,
    Task,
)
from server.services.activities.assign import Assignment, make_activity_tasks
from server.services.core.context import Permission, ServiceContext
from server.services.core.dateformula import DateFormula, DateFormulaError
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.storage import get_locked
from server.services.core.unit_of_work import transaction
from server.services.core.values import clean_date, clean_money, clean_percent, lookup_key

_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)


class StageAction(Enum):
    """How an opportunity moves (O2)."""

    NEXT = "NEXT"
    PREVIOUS = "PREVIOUS"
    JUMP = "JUMP"
    SKIP = "SKIP"
    UPDATE = "UPDATE"
    WIN = "WIN"
    LOSE = "LOSE"


_TAKEN = {
    StageAction.NEXT: ActionTaken.NEXT,
    StageAction.PREVIOUS: ActionTaken.PREVIOUS,
    StageAction.JUMP: ActionTaken.JUMPED,
    StageAction.SKIP: ActionTaken.SKIPPED,
    StageAction.UPDATE: ActionTaken.UPDATED,
    StageAction.WIN: ActionTaken.WON,
    StageAction.LOSE: ActionTaken.LOST,
}
#: Actions that enter a (possibly other) stage and so make the stage activity's tasks.
_ENTERING = {StageAction.NEXT, StageAction.PREVIOUS, StageAction.JUMP, StageAction.SKIP}
#: Actions that need a stage to be current already.
_STARTED_ONLY = {StageAction.PREVIOUS, StageAction.UPDATE, StageAction.WIN, StageAction.LOSE}


@dataclass(frozen=True, kw_only=True)
class StageMove:
    """One move: the action, the target stage (JUMP, SKIP), the date of change (default
    today), the estimated value and close date (default: the previous entry's; the close date
    from the stage's date formula when it has one), the chances of success (default: the
    stage's, as NAV's wizard offers them) and whether to cancel open tasks first."""

    action: StageAction
    stage_no: int | None = None
    date_of_change: dt.date | None = None
    estimated_value: Decimal | None = None
    estimated_close_date: dt.date | None = None
    chances_of_success_percent: Decimal | None = None
    cancel_open_tasks: bool = False


@dataclass(frozen=True)
class Figures:
    """The percentages and value of one entry (O3)."""

    chances_of_success_percent: Decimal
    completed_percent: Decimal
    probability_percent: Decimal
    calculated_current_value: Decimal


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def probability(method: ProbabilityCalculation, chances: Decimal, completed: Decimal) -> Decimal:
    """O3: the probability % of a stage by the cycle's method, rounded half up to 0.01."""
    if method is ProbabilityCalculation.MULTIPLY:
        return _round(chances * completed / _HUNDRED)
    if method is ProbabilityCalculation.ADD:
        return _round((chances + completed) / 2)
    if method is ProbabilityCalculation.CHANCES_OF_SUCCESS:
        return _round(chances)
    return _round(completed)


def figures(
    method: ProbabilityCalculation,
    action: StageAction,
    stage: SalesCycleStage,
    estimated_value: Decimal,
    chances: Decimal | None = None,
) -> Figures:
    """O3: the stage's percentages (its chances of success unless `chances` are given) and the
    probability by method; WON is 100/100/100 and worth the estimated value; LOST has
    probability 0, completed 100 and is worth 0."""
    if action is StageAction.WIN:
        return Figures(_HUNDRED, _HUNDRED, _HUNDRED, _round(estimated_value))
    if action is StageAction.LOSE:
        zero = Decimal("0.00")
        return Figures(zero, _HUNDRED, zero, zero)
    if chances is None:
        chances = stage.chances_of_success_percent
    completed = stage.completed_percent
    percent = probability(method, chances, completed)
    return Figures(chances, completed, percent, _round(estimated_value * percent / _HUNDRED))


async def owner_code(salesperson_id: int | None) -> set[str]:
    """Section 5: an opportunity belongs to its salesperson."""
    if salesperson_id is None:
        return set()
    person = await Salesperson.get_or_none(id=salesperson_id)
    return {person.code} if person else set()


async def locked_own_opportunity(ctx: ServiceContext, no: str, field: str = "no") -> Opportunity:
    """The opportunity, row-locked, if the actor may change it (its salesperson)."""
    opportunity = await get_locked(Opportunity, "Opportunity", field, no=lookup_key(no))
    owners = await owner_code(opportunity.salesperson_id)
    ctx.require(Permission.MANAGE_OPPORTUNITIES, owners=owners)
    return opportunity


def _target(
    errors: ErrorCollector,
    move: StageMove,
    stages: list[SalesCycleStage],
    current: int | None,
) -> SalesCycleStage | None:
    """The stage the move leads to (the current one for UPDATE, WIN and LOSE)."""
    by_no = {stage.stage: stage for stage in stages}
    action = move.action
    if move.stage_no is not None and action not in (StageAction.JUMP, StageAction.SKIP):
        errors.add(ErrorCode.INVALID, "A stage number is only given to JUMP or SKIP.", "stage_no")
        return None
    if current is None and action in _STARTED_ONLY:
        errors.add(
            ErrorCode.INVALID,
            f"The opportunity has not started: {action.value} needs a current stage "
            "(move it with NEXT or JUMP first).",
            "action",
        )
        return None
    if action is StageAction.NEXT:
        later = [s for s in stages if current is None or s.stage > current]
        if not later:
            errors.add(ErrorCode.INVALID, "There is no stage after the current one.", "action")
            return None
        return later[0]
    if action is StageAction.PREVIOUS:
        earlier = [s for s in stages if current is not None and s.stage < current]
        if not earlier:
            errors.add(ErrorCode.INVALID, "There is no stage before the current one.", "action")
            return None
        return earlier[-1]
    if action in (StageAction.JUMP, StageAction.SKIP):
        return _jump_target(errors, move, by_no, current)
    assert current is not None
    stage = by_no.get(current)
    if stage is None:
        errors.add(ErrorCode.NOT_FOUND, f"Stage {current} no longer exists.", "action")
    return stage


def _jump_target(
    errors: ErrorCollector,
    move: StageMove,
    by_no: dict[int, SalesCycleStage],
    current: int | None,
) -> SalesCycleStage | None:
    """JUMP goes to any other stage; SKIP only forward to a stage that allows skipping."""
    if move.stage_no is None:
        errors.add(ErrorCode.REQUIRED, f"{move.action.value} needs a stage number.", "stage_no")
        return None
    stage = by_no.get(move.stage_no)
    if stage is None:
        errors.add(
            ErrorCode.NOT_FOUND, f"The sales cycle has no stage {move.stage_no}.", "stage_no"
        )
        return None
    if stage.stage == current:
        errors.add(
            ErrorCode.INVALID,
            f"The opportunity is at stage {current} already (use UPDATE).",
            "stage_no",
        )
        return None
    if move.action is StageAction.SKIP:
        if current is not None and stage.stage < current:
            errors.add(ErrorCode.INVALID, "SKIP only moves forward.", "stage_no")
            return None
        if not stage.allow_skip:
            errors.add(
                ErrorCode.STAGE_NOT_SKIPPABLE,
                f"Stage {stage.stage} does not allow skipping to it.",
                "stage_no",
            )
            return None
    return stage


def _close_date(
    errors: ErrorCollector,
    move: StageMove,
    stage: SalesCycleStage,
    day: dt.date,
    previous: OpportunityEntry | None,
) -> dt.date | None:
    if move.estimated_close_date is not None:
        return clean_date(errors, move.estimated_close_date, "estimated_close_date")
    if stage.date_formula and move.action in _ENTERING:
        try:
            return DateFormula.parse(stage.date_formula).evaluate(day)
        except (DateFormulaError, OverflowError, ValueError):
            errors.add(
                ErrorCode.DATE_FORMULA_INVALID,
                f"Stage {stage.stage}'s close date formula {stage.date_formula!r} gives no date.",
                "date_of_change",
            )
            return None
    return previous.estimated_close_date if previous else None


async def move(ctx: ServiceContext, opportunity: Opportunity, step: StageMove) -> OpportunityEntry:
    """O2/O3 on a locked opportunity inside the caller's transaction: a new active entry,
    the old one closed with its days open; entering a stage with an activity makes its tasks
    dated from the date of change (not for UPDATE, WIN, LOSE)."""
    errors = ErrorCollector()
    if opportunity.closed:
        errors.add(ErrorCode.INVALID, f"Opportunity {opportunity.no} is closed.", "opportunity_no")
        errors.raise_if_any()
    cycle = await SalesCycle.get_or_none(id=opportunity.sales_cycle_id or 0)
    if cycle is None:
        raise DomainError(
            ErrorCode.INVALID,
            f"Opportunity {opportunity.no} has no sales cycle.",
            ("opportunity_no",),
        )
    stages = await SalesCycleStage.filter(sales_cycle_id=cycle.id).order_by("stage")
    previous = (
        await OpportunityEntry.filter(opportunity_id=opportunity.id, active=True)
        .select_for_update()
        .first()
    )
    day = clean_date(errors, step.date_of_change or ctx.clock.today(), "date_of_change")
    earliest = previous.date_of_change if previous else opportunity.creation_date
    if day is not None and day < earliest:
        what = "the current entry's date of change" if previous else "its creation date"
        errors.add(
            ErrorCode.OUT_OF_RANGE,
            f"The date of change {day} is before {what} {earliest}.",
            "date_of_change",
        )
    value = clean_money(
        errors,
        step.estimated_value,
        "estimated_value",
        default=previous.estimated_value if previous else Decimal("0.00"),
    )
    chances = None
    if step.chances_of_success_percent is not None:
        if step.action in (StageAction.WIN, StageAction.LOSE):
            errors.add(
                ErrorCode.INVALID,
                "A won or lost opportunity's chances are fixed (100 or 0): give no chances.",
                "chances_of_success_percent",
            )
        else:
            chances = clean_percent(
                errors, step.chances_of_success_percent, "chances_of_success_percent"
            )
    stage = _target(errors, step, stages, previous.stage if previous else None)
    close_date = (
        _close_date(errors, step, stage, day, previous) if stage and day is not None else None
    )
    errors.raise_if_any()
    assert stage is not None
    assert day is not None
    assert value is not None
    if step.cancel_open_tasks:
        await Task.filter(opportunity_id=opportunity.id, closed=False).update(
            closed=True, canceled=True, date_closed=ctx.clock.today()
        )
    if previous is not None:
        previous.active = False
        previous.date_closed = day
        previous.days_open = (day - previous.date_of_change).days
        await previous.save(update_fields=["active", "date_closed", "days_open"])
    numbers = figures(cycle.probability_calculation, step.action, stage, value, chances)
    finished = step.action in (StageAction.WIN, StageAction.LOSE)
    entry = await OpportunityEntry.create(
        opportunity_id=opportunity.id,
        stage=stage.stage,
        active=True,
        date_of_change=day,
        date_closed=day if finished else None,
        action_taken=_TAKEN[step.action],
        estimated_value=value,
        chances_of_success_percent=numbers.chances_of_success_percent,
        completed_percent=numbers.completed_percent,
        probability_percent=numbers.probability_percent,
        calculated_current_value=numbers.calculated_current_value,
        estimated_close_date=close_date,
        user=ctx.actor.user,
    )
    if finished:
        won = step.action is StageAction.WIN
        opportunity.status = OpportunityStatus.WON if won else OpportunityStatus.LOST
        opportunity.closed = True
        opportunity.date_closed = day
    else:
        opportunity.status = OpportunityStatus.IN_PROGRESS
    await opportunity.save(update_fields=["status", "closed", "date_closed"])
    if step.action in _ENTERING and stage.activity_id is not None:
        await _stage_tasks(ctx, opportunity, stage.activity_id, day)
    return entry


async def _stage_tasks(
    ctx: ServiceContext, opportunity: Opportunity, activity_id: int, day: dt.date
) -> None:
    """K3 for the stage's activity: the opportunity's salesperson, contact and campaign."""
    activity = await Activity.get(id=activity_id)
    who = Assignment(
        salesperson=await Salesperson.get(id=opportunity.salesperson_id),
        contacts=[await Contact.get(id=opportunity.contact_id)],
        campaign_id=opportunity.campaign_id,
        opportunity_id=opportunity.id,
    )
    await make_activity_tasks(ctx, activity, day, who, field=("action",))


async def stage_update(ctx: ServiceContext, opportunity_no: str, step: StageMove) -> Opportunity:
    """O2: move an opportunity (its salesperson, or a manager) with one of the stage actions."""
    async with transaction():
        opportunity = await locked_own_opportunity(ctx, opportunity_no, "opportunity_no")
        await move(ctx, opportunity, step)
        return opportunity
