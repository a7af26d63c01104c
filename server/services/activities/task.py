"""Tasks: create and change (K1, K5), close, cancel and reopen (K4), and who may (section 5).

Assigning an activity, which makes several tasks at once (K2, K3), is in `assign.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from server.models import (
    Contact,
    ContactType,
    Salesperson,
    Task,
    TaskAttendee,
    TaskStatus,
    TaskType,
)
from server.models.activities import Priority
from server.services.campaigns.campaign import existing_campaign
from server.services.contacts.contact import existing_contact
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.numbering import next_no
from server.services.core.storage import create_unique, get_locked
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    NO_MAX,
    UNSET,
    Unset,
    clean_date,
    clean_key,
    clean_money,
    clean_text,
    given,
    lookup_key,
    not_null,
)
from server.services.segments.segment import existing_segment
from server.services.setup.codes import assignable_salesperson, existing_team


@dataclass(frozen=True, kw_only=True)
class TaskDraft:
    """Input for a new task; a blank `no` is drawn from the TASK series."""

    no: str | None = None
    description: str
    type: TaskType | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    duration: Decimal | None = None
    status: TaskStatus | None = None
    priority: Priority | None = None
    salesperson_code: str | None = None
    team_code: str | None = None
    contact_no: str | None = None
    campaign_no: str | None = None
    segment_no: str | None = None


@dataclass(frozen=True, kw_only=True)
class TaskChanges:
    """Partial update of a task; UNSET leaves a value, None clears it."""

    description: str | Unset = UNSET
    type: TaskType | Unset | None = UNSET
    date: dt.date | Unset | None = UNSET
    start_time: dt.time | Unset | None = UNSET
    duration: Decimal | Unset | None = UNSET
    status: TaskStatus | Unset | None = UNSET
    priority: Priority | Unset | None = UNSET
    salesperson_code: str | Unset | None = UNSET
    team_code: str | Unset | None = UNSET
    contact_no: str | Unset | None = UNSET
    campaign_no: str | Unset | None = UNSET
    segment_no: str | Unset | None = UNSET


# --- owners and references -----------------------------------------------------------------


async def owner_codes(salesperson_id: int | None, team_id: int | None) -> set[str]:
    """Section 5: a task belongs to its salesperson and to every member of its team."""
    codes: set[str] = set()
    if salesperson_id is not None:
        person = await Salesperson.get_or_none(id=salesperson_id)
        if person is not None:
            codes.add(person.code)
    if team_id is not None:
        members = Salesperson.filter(teams__id=team_id)
        codes.update(str(code) for code in await members.values_list("code", flat=True))
    return codes


def company_id(contact: Contact | None) -> int | None:
    """The contact's company: itself for a company, its company (if any) for a person."""
    if contact is None:
        return None
    return contact.id if contact.type is ContactType.COMPANY else contact.company_id


async def set_attendees(task: Task, contact_ids: Collection[int] = ()) -> None:
    """K3 attendees: every member of the task's team, plus its contact(s)."""
    await TaskAttendee.filter(task_id=task.id).delete()
    rows: list[TaskAttendee] = []
    if task.team_id is not None:
        members = Salesperson.filter(teams__id=task.team_id).order_by("code")
        for person_id in await members.values_list("id", flat=True):
            rows.append(TaskAttendee(task_id=task.id, salesperson_id=person_id))
    for contact_id in contact_ids or ([task.contact_id] if task.contact_id else []):
        rows.append(TaskAttendee(task_id=task.id, contact_id=contact_id))
    if rows:
        await TaskAttendee.bulk_create(rows)


# --- create and change ---------------------------------------------------------------------


async def _values(
    errors: ErrorCollector, data: TaskDraft | TaskChanges, current: Task | None
) -> dict[str, Any]:
    """Validate task input into column values (references resolved)."""
    values: dict[str, Any] = {}
    if given(data.description):
        values["description"] = clean_text(errors, data.description, "description")
    if given(data.date):
        if data.date is None:
            errors.add(ErrorCode.REQUIRED, "Date is required.", "date")
        values["date"] = clean_date(errors, data.date, "date")
    if given(data.start_time):
        start = data.start_time
        values["start_time"] = (
            None if start is None else start.replace(tzinfo=None).isoformat("seconds")
        )
    if given(data.duration):
        duration = data.duration
        values["duration"] = None if duration is None else clean_money(errors, duration, "duration")
    for choice in ("type", "status", "priority"):
        value = getattr(data, choice)
        if given(value) and (current is not None or value is not None):
            values[choice] = not_null(errors, value, choice)
    if values.get("status") is TaskStatus.COMPLETED:
        errors.add(ErrorCode.INVALID, "Close the task to complete it.", "status")
    if given(data.salesperson_code):
        person = None
        if data.salesperson_code:
            already = current.salesperson_id if current else None
            person = await assignable_salesperson(
                errors, data.salesperson_code, "salesperson_code", already_assigned=already
            )
        values["salesperson_id"] = person.id if person else None
    if given(data.team_code):
        team = await existing_team(errors, data.team_code, "team_code")
        values["team_id"] = team.id if team else None
    if given(data.contact_no):
        contact = await existing_contact(errors, data.contact_no, "contact_no")
        values["contact_id"] = contact.id if contact else None
        values["contact_company_id"] = company_id(contact)
    if given(data.campaign_no):
        campaign = await existing_campaign(errors, data.campaign_no, "campaign_no")
        values["campaign_id"] = campaign.id if campaign else None
    if given(data.segment_no):
        segment = await existing_segment(errors, data.segment_no, "segment_no")
        values["segment_id"] = segment.id if segment else None
    return values


def _require_assignee(
    errors: ErrorCollector, salesperson_id: int | None, team_id: int | None
) -> None:
    """K1: a task needs a salesperson or a team."""
    reported = {e.field[:1] for e in errors.errors}
    if reported & {("salesperson_code",), ("team_code",)}:
        return  # an unknown or blocked assignee is reported already
    if salesperson_id is None and team_id is None:
        errors.add(ErrorCode.REQUIRED, "A task needs a salesperson or a team.", "salesperson_code")


async def create_task(ctx: ServiceContext, draft: TaskDraft) -> Task:
    """K1: create a task for a salesperson or a team, with a date and a description (SALES:
    for themselves, the default for them, or their teams)."""
    if draft.salesperson_code is None and draft.team_code is None and ctx.actor.salesperson_code:
        draft = replace(draft, salesperson_code=ctx.actor.salesperson_code)
    errors = ErrorCollector()
    no = clean_key(errors, draft.no, "no", max_length=NO_MAX) if draft.no else None
    async with transaction():
        values = await _values(errors, draft, None)
        _require_assignee(errors, values.get("salesperson_id"), values.get("team_id"))
        if not errors:
            owners = await owner_codes(values.get("salesperson_id"), values.get("team_id"))
            ctx.require(Permission.MANAGE_TASKS, owners=owners)
        errors.raise_if_any()
        if no is None:
            no = await next_no("TASK", taken=lambda n: Task.exists(no=n))
        task = await create_unique(Task, "Task", "no", no=no, created_by=ctx.actor.user, **values)
        await set_attendees(task)
        return task


async def _own_task(ctx: ServiceContext, no: str) -> Task:
    """The task, row-locked, if the actor may change it (its salesperson or team's members)."""
    task = await get_locked(Task, "Task", "no", no=lookup_key(no))
    ctx.require(
        Permission.MANAGE_TASKS, owners=await owner_codes(task.salesperson_id, task.team_id)
    )
    return task


async def update_task(ctx: ServiceContext, no: str, changes: TaskChanges) -> Task:
    """Change a task; K1 still holds afterwards; K5: a meeting stays a meeting and nothing
    else becomes one."""
    async with transaction():
        task = await _own_task(ctx, no)
        errors = ErrorCollector()
        values = await _values(errors, changes, task)
        new_type = values.get("type")
        if new_type is not None and (new_type is TaskType.MEETING) != (
            task.type is TaskType.MEETING
        ):
            errors.add(
                ErrorCode.TASK_TYPE_CHANGE,
                f"Task {task.no} is of type {task.type.value} and cannot become "
                f"{new_type.value}: a meeting stays a meeting.",
                "type",
            )
        person_id = values.get("salesperson_id", task.salesperson_id)
        team_id = values.get("team_id", task.team_id)
        _require_assignee(errors, person_id, team_id)
        if not errors and (person_id, team_id) != (task.salesperson_id, task.team_id):
            # SALES may not hand a task to someone else.
            ctx.require(Permission.MANAGE_TASKS, owners=await owner_codes(person_id, team_id))
        errors.raise_if_any()
        regroup = values.get("team_id", task.team_id) != task.team_id or (
            values.get("contact_id", task.contact_id) != task.contact_id
        )
        await task.update_from_dict(values).save()
        if regroup:
            await set_attendees(task)
        return task


async def close_task(ctx: ServiceContext, no: str) -> Task:
    """K4: complete a task: COMPLETED, closed today; a team task records who completed it."""
    async with transaction():
        task = await _own_task(ctx, no)
        _refuse_if(task.closed, f"Task {task.no} is closed already.")
        task.status = TaskStatus.COMPLETED
        task.closed = True
        task.date_closed = ctx.clock.today()
        if task.team_id is not None:
            task.completed_by = ctx.actor.salesperson_code
        await task.save()
        return task


async def cancel_task(ctx: ServiceContext, no: str) -> Task:
    """K4: cancelling also closes the task (its status stays as it was)."""
    async with transaction():
        task = await _own_task(ctx, no)
        _refuse_if(task.closed, f"Task {task.no} is closed already.")
        task.closed = True
        task.canceled = True
        task.date_closed = ctx.clock.today()
        await task.save()
        return task


async def reopen_task(ctx: ServiceContext, no: str) -> Task:
    """K4: reopening clears closed, cancelled, the closing date and who completed it."""
    async with transaction():
        task = await _own_task(ctx, no)
        _refuse_if(not task.closed, f"Task {task.no} is open.")
        if task.status is TaskStatus.COMPLETED:
            task.status = TaskStatus.NOT_STARTED
        task.closed = False
        task.canceled = False
        task.date_closed = None
        task.completed_by = None
        await task.save()
        return task


def _refuse_if(condition: bool, message: str) -> None:
    if condition:
        raise DomainError(ErrorCode.INVALID, message, ("no",))
