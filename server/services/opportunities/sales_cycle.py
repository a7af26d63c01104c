"""Sales cycles and their stages (setup for opportunities), O4 on deleting them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from server.models import (
    Activity,
    Opportunity,
    OpportunityEntry,
    ProbabilityCalculation,
    SalesCycle,
    SalesCycleStage,
)
from server.services.activities.activity import clean_formula
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector, NotFound
from server.services.core.storage import create_unique, find, get_locked
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    UNSET,
    Unset,
    clean_key,
    clean_percent,
    clean_text,
    given,
    lookup_key,
    not_null,
)

#: Stage numbers: small positive integers (NAV's are 1..n).
STAGE_MAX = 10_000


@dataclass(frozen=True, kw_only=True)
class SalesCycleDraft:
    """Input for a new sales cycle."""

    code: str
    description: str
    probability_calculation: ProbabilityCalculation | None = None
    blocked: bool | None = None


@dataclass(frozen=True, kw_only=True)
class SalesCycleChanges:
    """Partial update of a sales cycle."""

    description: str | Unset = UNSET
    probability_calculation: ProbabilityCalculation | Unset | None = UNSET
    blocked: bool | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class StageDraft:
    """Input for a new stage of a sales cycle."""

    sales_cycle_code: str
    stage: int
    description: str
    completed_percent: Decimal | None = None
    chances_of_success_percent: Decimal | None = None
    activity_code: str | None = None
    quote_required: bool | None = None
    allow_skip: bool | None = None
    date_formula: str | None = None


@dataclass(frozen=True, kw_only=True)
class StageChanges:
    """Partial update of a stage; UNSET leaves a value, None clears an optional one."""

    description: str | Unset = UNSET
    completed_percent: Decimal | Unset | None = UNSET
    chances_of_success_percent: Decimal | Unset | None = UNSET
    activity_code: str | Unset | None = UNSET
    quote_required: bool | Unset | None = UNSET
    allow_skip: bool | Unset | None = UNSET
    date_formula: str | Unset | None = UNSET


# --- sales cycles ----------------------------------------------------------------------------


async def create_sales_cycle(ctx: ServiceContext, draft: SalesCycleDraft) -> SalesCycle:
    """Create a sales cycle (setup); stages are added one by one."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    code = clean_key(errors, draft.code, "code", max_length=CODE_MAX)
    description = clean_text(errors, draft.description, "description")
    errors.raise_if_any()
    async with transaction():
        return await create_unique(
            SalesCycle,
            "Sales cycle",
            "code",
            code=code,
            description=description,
            probability_calculation=draft.probability_calculation
            or ProbabilityCalculation.MULTIPLY,
            blocked=bool(draft.blocked),
        )


async def update_sales_cycle(
    ctx: ServiceContext, code: str, changes: SalesCycleChanges
) -> SalesCycle:
    """Change a sales cycle; entries already made keep their figures."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    values: dict[str, Any] = {}
    if given(changes.description):
        values["description"] = clean_text(errors, changes.description, "description")
    for choice in ("probability_calculation", "blocked"):
        value = getattr(changes, choice)
        if given(value):
            values[choice] = not_null(errors, value, choice)
    async with transaction():
        cycle = await get_locked(SalesCycle, "Sales cycle", "code", code=lookup_key(code))
        errors.raise_if_any()
        await cycle.update_from_dict(values).save()
        return cycle


async def delete_sales_cycle(ctx: ServiceContext, code: str) -> SalesCycle:
    """O4: delete a sales cycle with its stages, refused while an open opportunity uses it;
    closed opportunities keep their entries and lose only the link to the cycle."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        cycle = await get_locked(SalesCycle, "Sales cycle", "code", code=lookup_key(code))
        open_count = await Opportunity.filter(sales_cycle_id=cycle.id, closed=False).count()
        if open_count:
            raise DomainError(
                ErrorCode.IN_USE,
                f"Sales cycle {cycle.code} is used by {open_count} open opportunities.",
                ("code",),
            )
        await Opportunity.filter(sales_cycle_id=cycle.id).update(sales_cycle_id=None)
        await cycle.delete()
        return cycle


async def sales_cycles(ctx: ServiceContext) -> list[SalesCycle]:
    """All sales cycles by code."""
    ctx.require(Permission.READ)
    return await SalesCycle.all().order_by("code")


async def sales_cycle_by_code(ctx: ServiceContext, code: str) -> SalesCycle | None:
    """One sales cycle by code, or None."""
    ctx.require(Permission.READ)
    return await find(SalesCycle, code=lookup_key(code))


async def cycle_stages(
    ctx: ServiceContext, cycle_ids: Sequence[int]
) -> dict[int, list[SalesCycleStage]]:
    """Stages of several sales cycles at once, by cycle id, in stage order."""
    ctx.require(Permission.READ)
    found: dict[int, list[SalesCycleStage]] = {}
    rows = SalesCycleStage.filter(sales_cycle_id__in=list(cycle_ids)).order_by("stage")
    for stage in await rows:
        found.setdefault(stage.sales_cycle_id, []).append(stage)
    return found


# --- stages ----------------------------------------------------------------------------------


async def _activity(errors: ErrorCollector, code: str | None) -> Activity | None:
    if not code:
        return None
    key = lookup_key(code)
    activity = await find(Activity, code=key) if len(key) <= CODE_MAX else None
    if activity is None:
        errors.add(ErrorCode.NOT_FOUND, f"Activity {code!r} does not exist.", "activity_code")
    return activity


async def _stage_values(errors: ErrorCollector, data: StageDraft | StageChanges) -> dict[str, Any]:
    """Validate stage input into column values."""
    values: dict[str, Any] = {}
    if given(data.description):
        values["description"] = clean_text(errors, data.description, "description")
    for percent in ("completed_percent", "chances_of_success_percent"):
        value = getattr(data, percent)
        if given(value):
            values[percent] = clean_percent(errors, value, percent)
    for flag in ("quote_required", "allow_skip"):
        value = getattr(data, flag)
        if given(value):
            values[flag] = bool(value)
    if given(data.activity_code):
        activity = await _activity(errors, data.activity_code)
        values["activity_id"] = activity.id if activity else None
    if given(data.date_formula):
        values["date_formula"] = clean_formula(errors, data.date_formula, "date_formula") or ""
    return values


def _stage_no(errors: ErrorCollector, stage: int | None) -> int | None:
    if stage is None or not 1 <= stage <= STAGE_MAX:
        errors.add(ErrorCode.OUT_OF_RANGE, f"Stage must be 1 to {STAGE_MAX}.", "stage")
        return None
    return stage


async def _locked_stage(cycle_code: str, stage: int) -> tuple[SalesCycle, SalesCycleStage]:
    cycle = await get_locked(
        SalesCycle, "Sales cycle", "sales_cycle_code", code=lookup_key(cycle_code)
    )
    row = await SalesCycleStage.filter(sales_cycle_id=cycle.id, stage=stage).first()
    if row is None:
        raise NotFound("Stage", f"{cycle.code} {stage}", ("stage",))
    return cycle, row


async def create_stage(ctx: ServiceContext, draft: StageDraft) -> SalesCycleStage:
    """Add a stage to a sales cycle; its number is unique within the cycle."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    stage = _stage_no(errors, draft.stage)
    async with transaction():
        cycle = await get_locked(
            SalesCycle, "Sales cycle", "sales_cycle_code", code=lookup_key(draft.sales_cycle_code)
        )
        values = await _stage_values(errors, draft)
        if stage is not None and await SalesCycleStage.exists(sales_cycle_id=cycle.id, stage=stage):
            errors.add(
                ErrorCode.DUPLICATE, f"Sales cycle {cycle.code} has a stage {stage}.", "stage"
            )
        errors.raise_if_any()
        return await SalesCycleStage.create(sales_cycle_id=cycle.id, stage=stage, **values)


async def update_stage(
    ctx: ServiceContext, cycle_code: str, stage: int, changes: StageChanges
) -> SalesCycleStage:
    """Change a stage; entries already made keep their figures."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    async with transaction():
        _, row = await _locked_stage(cycle_code, stage)
        values = await _stage_values(errors, changes)
        errors.raise_if_any()
        await row.update_from_dict(values).save()
        return row


async def delete_stage(ctx: ServiceContext, cycle_code: str, stage: int) -> SalesCycleStage:
    """O4: delete a stage, refused while an opportunity's active entry is at it."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        cycle, row = await _locked_stage(cycle_code, stage)
        active = await OpportunityEntry.filter(
            opportunity__sales_cycle_id=cycle.id, stage=stage, active=True
        ).count()
        if active:
            raise DomainError(
                ErrorCode.IN_USE,
                f"Stage {stage} of sales cycle {cycle.code} is the current stage of "
                f"{active} opportunities.",
                ("stage",),
            )
        await row.delete()
        return row
