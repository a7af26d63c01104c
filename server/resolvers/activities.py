"""Activity and task fields and mutations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Listing, Nested
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike
from server.models import Activity, ActivityStep, Task, TaskAttendee
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.activities import activity as activities_service
from server.services.activities import assign as task_assign
from server.services.activities import task as service
from server.services.activities import task_queries as queries

#: What tasks can be sorted by, ties broken by number; the schema makes its
#: TaskOrderField enum from these keys.
SORT = SortKeys(
    SortField("DATE", "date", dt.date, description="Due date."),
    SortField("NO", "no", description="Task number."),
    tiebreak="NO",
)


async def activity(info: InfoLike, code: str) -> Activity | None:
    """Query.activity(code:)."""
    return await activities_service.activity_by_code(info.context.service, code)


async def activities(info: InfoLike) -> list[Activity]:
    """Query.activities."""
    return await activities_service.activities(info.context.service)


async def activity_steps(info: InfoLike, row: Activity) -> list[ActivityStep]:
    """Activity.steps, batched over activities."""
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, list[ActivityStep]]:
        return await activities_service.activity_steps(ctx, ids)

    loader = info.context.loaders.keyed("Activity.steps", fetch, lambda _: [])
    result: list[ActivityStep] = await loader.load(row.id)
    return result


async def task(info: InfoLike, no: str) -> Task | None:
    """Query.task(no:)."""
    return await queries.task_by_no(info.context.service, no)


def _tasks(info: InfoLike, filter: object | None) -> QuerySet[Task]:
    criteria = queries.TaskFilter(**provided(filter)) if filter else queries.TaskFilter()
    return queries.tasks_query(info.context.service, criteria)


#: Query.tasks: filtered, ordered, keyset-paged.
TASKS = Listing(_tasks, SORT)
#: Campaign.tasks, batched over campaigns.
CAMPAIGN_TASKS = Nested(_tasks, "campaign_id", SORT)
#: Contact.tasks, batched over contacts.
CONTACT_TASKS = Nested(_tasks, "contact_id", SORT)
#: Segment.tasks, batched over segments.
SEGMENT_TASKS = Nested(_tasks, "segment_id", SORT)
#: Opportunity.tasks, batched over opportunities.
OPPORTUNITY_TASKS = Nested(_tasks, "opportunity_id", SORT)


async def task_attendees(info: InfoLike, row: Task) -> list[TaskAttendee]:
    """Task.attendees, batched over tasks."""
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, list[TaskAttendee]]:
        return await queries.task_attendees(ctx, ids)

    loader = info.context.loaders.keyed("Task.attendees", fetch, lambda _: [])
    result: list[TaskAttendee] = await loader.load(row.id)
    return result


def start_time(row: Task) -> dt.time | None:
    """Task.startTime from its stored ISO text."""
    return None if row.start_time is None else dt.time.fromisoformat(row.start_time)


async def open_tasks(info: InfoLike) -> list[Task]:
    """Viewer.openTasks."""
    return await queries.open_tasks_for(info.context.service)


# --- mutations ----------------------------------------------------------------------------


def _steps(values: dict[str, Any]) -> None:
    if values.get("steps") is not None:
        values["steps"] = [
            activities_service.StepDraft(**provided(step)) for step in values["steps"]
        ]


async def activity_create(info: InfoLike, data: object) -> Payload:
    """Mutation.activityCreate."""
    values = provided(data)
    _steps(values)
    draft = activities_service.ActivityDraft(**values)
    return await run_mutation(
        "activity", lambda: activities_service.create_activity(info.context.service, draft)
    )


async def activity_update(info: InfoLike, data: object) -> Payload:
    """Mutation.activityUpdate."""
    values = provided(data)
    code = values.pop("code")
    _steps(values)
    changes = activities_service.ActivityChanges(**values)
    return await run_mutation(
        "activity",
        lambda: activities_service.update_activity(info.context.service, code, changes),
    )


async def activity_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.activityDelete."""
    code = provided(data)["code"]

    def shape(row: Activity) -> dict[str, Any]:
        return {"activity": row, "deleted_id": encode_id("Activity", row.pk)}

    return await run_mutation(
        "activity",
        lambda: activities_service.delete_activity(info.context.service, code),
        shape,
    )


async def activity_assign(info: InfoLike, data: object) -> Payload:
    """Mutation.activityAssign."""
    values = provided(data)
    code, start = values.pop("activity_code"), values.pop("start_date")

    def shape(created: list[Task]) -> dict[str, Any]:
        return {"tasks": created}

    return await run_mutation(
        "tasks",
        lambda: task_assign.activity_assign(info.context.service, code, start, **values),
        shape,
        guard=once(info.context, "activityAssign", data),
    )


async def task_create(info: InfoLike, data: object) -> Payload:
    """Mutation.taskCreate."""
    draft = service.TaskDraft(**provided(data))
    return await run_mutation(
        "task",
        lambda: service.create_task(info.context.service, draft),
        guard=once(info.context, "taskCreate", data),
    )


async def task_update(info: InfoLike, data: object) -> Payload:
    """Mutation.taskUpdate."""
    values = provided(data)
    no = values.pop("no")
    changes = service.TaskChanges(**values)
    return await run_mutation(
        "task", lambda: service.update_task(info.context.service, no, changes)
    )


async def task_close(info: InfoLike, data: object) -> Payload:
    """Mutation.taskClose."""
    no = provided(data)["no"]
    return await run_mutation("task", lambda: service.close_task(info.context.service, no))


async def task_cancel(info: InfoLike, data: object) -> Payload:
    """Mutation.taskCancel."""
    no = provided(data)["no"]
    return await run_mutation("task", lambda: service.cancel_task(info.context.service, no))


async def task_reopen(info: InfoLike, data: object) -> Payload:
    """Mutation.taskReopen."""
    no = provided(data)["no"]
    return await run_mutation("task", lambda: service.reopen_task(info.context.service, no))
