"""Reading tasks: the filtered list, one task, attendees and "my day" (section 5: all may read)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from server.models import Task, TaskAttendee, TaskStatus, Team
from server.services.core.context import Permission, ServiceContext
from server.services.core.storage import find
from server.services.core.values import CODE_MAX, NO_MAX, lookup_key, lookup_keys

#: Viewer.openTasks is a bounded list, not a connection.
OPEN_TASKS_LIMIT = 100


@dataclass(frozen=True, kw_only=True)
class TaskFilter:
    """Which tasks to list; every given criterion must hold."""

    salesperson_codes: Sequence[str] | None = None
    team_code: str | None = None
    status: TaskStatus | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    campaign_no: str | None = None
    contact_no: str | None = None
    opportunity_no: str | None = None
    closed: bool | None = None
    overdue: bool | None = None


def tasks_query(ctx: ServiceContext, criteria: TaskFilter | None = None) -> QuerySet[Task]:
    """The tasks matching `criteria`, unordered; overdue = open and dated before today."""
    ctx.require(Permission.READ)
    criteria = criteria or TaskFilter()
    query = Task.all()
    if criteria.salesperson_codes is not None:
        query = query.filter(salesperson__code__in=lookup_keys(criteria.salesperson_codes, NO_MAX))
    if criteria.team_code is not None:
        query = query.filter(team__code__in=lookup_keys([criteria.team_code], CODE_MAX))
    if criteria.status is not None:
        query = query.filter(status=criteria.status)
    if criteria.date_from is not None:
        query = query.filter(date__gte=criteria.date_from)
    if criteria.date_to is not None:
        query = query.filter(date__lte=criteria.date_to)
    if criteria.campaign_no is not None:
        query = query.filter(campaign__no__in=lookup_keys([criteria.campaign_no], NO_MAX))
    if criteria.contact_no is not None:
        query = query.filter(contact__no__in=lookup_keys([criteria.contact_no], NO_MAX))
    if criteria.opportunity_no is not None:
        query = query.filter(opportunity__no__in=lookup_keys([criteria.opportunity_no], NO_MAX))
    if criteria.closed is not None:
        query = query.filter(closed=criteria.closed)
    if criteria.overdue is not None:
        overdue = Q(closed=False, date__lt=ctx.clock.today())
        query = query.filter(overdue if criteria.overdue else ~overdue)
    return query


async def task_by_no(ctx: ServiceContext, no: str) -> Task | None:
    """One task by number, or None."""
    ctx.require(Permission.READ)
    return await find(Task, no=lookup_key(no))


async def task_attendees(
    ctx: ServiceContext, task_ids: Sequence[int]
) -> dict[int, list[TaskAttendee]]:
    """Attendees of several tasks at once, by task id."""
    ctx.require(Permission.READ)
    found: dict[int, list[TaskAttendee]] = {}
    for row in await TaskAttendee.filter(task_id__in=list(task_ids)).order_by("id"):
        found.setdefault(row.task_id, []).append(row)
    return found


async def open_tasks_for(ctx: ServiceContext) -> list[Task]:
    """The acting user's open tasks and their teams', by date (at most OPEN_TASKS_LIMIT)."""
    ctx.require(Permission.READ)
    code = ctx.actor.salesperson_code
    if code is None:
        return []
    team_ids = await Team.filter(members__code=code).values_list("id", flat=True)
    mine = Q(salesperson__code=code) | Q(team_id__in=list(team_ids))
    query = Task.filter(mine, closed=False).order_by("date", "no")
    return await query.limit(OPEN_TASKS_LIMIT)
