"""Activities: named, ordered steps linked by date formulas (setup for K2/K3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from server.models import Activity, ActivityStep, Priority, TaskType
from server.services.core.context import Permission, ServiceContext
from server.services.core.dateformula import DateFormula, DateFormulaError
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.storage import create_unique, delete_unreferenced, find, get_locked
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    UNSET,
    Unset,
    clean_key,
    clean_text,
    given,
    lookup_key,
)

#: An activity is a small, bounded list of steps (docs/api.md "Connections and paging": a plain
#: list).
MAX_STEPS = 50


@dataclass(frozen=True, kw_only=True)
class StepDraft:
    """One step of an activity; its position in the list is its step number."""

    description: str
    type: TaskType | None = None
    priority: Priority | None = None
    date_formula: str | None = None


@dataclass(frozen=True, kw_only=True)
class ActivityDraft:
    """Input for a new activity with its steps."""

    code: str
    description: str
    steps: Sequence[StepDraft] | None = None


@dataclass(frozen=True, kw_only=True)
class ActivityChanges:
    """Partial update of an activity; `steps` replaces all steps."""

    description: str | Unset = UNSET
    steps: Sequence[StepDraft] | Unset | None = UNSET


def clean_formula(errors: ErrorCollector, text: str | None, *field: str | int) -> str | None:
    """A date formula in its neutral text, or a DATE_FORMULA_INVALID error naming the bad part."""
    try:
        return str(DateFormula.parse(text))
    except DateFormulaError as exc:
        errors.add(
            ErrorCode.DATE_FORMULA_INVALID,
            f"Date formula {text!r} is invalid at {exc.part!r}: {exc.message}",
            *field,
        )
        return None


def _steps(errors: ErrorCollector, drafts: Sequence[StepDraft]) -> list[ActivityStep]:
    """Validate steps (every problem reported with its index) into unsaved rows."""
    if len(drafts) > MAX_STEPS:
        errors.add(ErrorCode.OUT_OF_RANGE, f"An activity has at most {MAX_STEPS} steps.", "steps")
        return []
    rows = []
    for index, step in enumerate(drafts):
        inner = ErrorCollector()
        description = clean_text(inner, step.description, "description")
        formula = clean_formula(inner, step.date_formula, "date_formula")
        errors.extend(
            DomainError(e.code, e.message, ("steps", index, *e.field)) for e in inner.errors
        )
        rows.append(
            ActivityStep(
                step_no=index + 1,
                type=step.type or TaskType.NONE,
                priority=step.priority or Priority.NORMAL,
                description=description or "",
                date_formula=formula or "",
            )
        )
    return rows


async def _replace_steps(activity: Activity, rows: list[ActivityStep]) -> None:
    await ActivityStep.filter(activity_id=activity.id).delete()
    for row in rows:
        row.activity_id = activity.id
    if rows:
        await ActivityStep.bulk_create(rows)


async def create_activity(ctx: ServiceContext, draft: ActivityDraft) -> Activity:
    """Create an activity with its steps; each step's date formula must parse (section 4)."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    code = clean_key(errors, draft.code, "code", max_length=CODE_MAX)
    description = clean_text(errors, draft.description, "description")
    rows = _steps(errors, draft.steps or ())
    errors.raise_if_any()
    async with transaction():
        activity = await create_unique(
            Activity, "Activity", "code", code=code, description=description
        )
        await _replace_steps(activity, rows)
        return activity


async def update_activity(ctx: ServiceContext, code: str, changes: ActivityChanges) -> Activity:
    """Change an activity's description or replace its steps (tasks already made stay)."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    description = (
        clean_text(errors, changes.description, "description")
        if given(changes.description)
        else None
    )
    rows = _steps(errors, changes.steps or ()) if given(changes.steps) else None
    async with transaction():
        activity = await get_locked(Activity, "Activity", "code", code=lookup_key(code))
        errors.raise_if_any()
        if description is not None:
            activity.description = description
            await activity.save()
        if rows is not None:
            await _replace_steps(activity, rows)
        return activity


async def delete_activity(ctx: ServiceContext, code: str) -> Activity:
    """Delete an activity with its steps, refused while tasks refer to it."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        activity = await get_locked(Activity, "Activity", "code", code=lookup_key(code))
        await delete_unreferenced(activity, "Activity", activity.code, ignore=frozenset({"steps"}))
        return activity


async def activities(ctx: ServiceContext) -> list[Activity]:
    """All activities by code."""
    ctx.require(Permission.READ)
    return await Activity.all().order_by("code")


async def activity_by_code(ctx: ServiceContext, code: str) -> Activity | None:
    """One activity by code, or None."""
    ctx.require(Permission.READ)
    return await find(Activity, code=lookup_key(code))


async def activity_steps(
    ctx: ServiceContext, activity_ids: Sequence[int]
) -> dict[int, list[ActivityStep]]:
    """Steps of several activities at once, by activity id, in step order."""
    ctx.require(Permission.READ)
    found: dict[int, list[ActivityStep]] = {}
    rows = ActivityStep.filter(activity_id__in=list(activity_ids)).order_by("step_no")
    for step in await rows:
        found.setdefault(step.activity_id, []).append(step)
    return found
