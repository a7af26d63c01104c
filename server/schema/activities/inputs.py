"""Inputs and payloads of the activity and task mutations."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import strawberry

from server.schema.activities.types import Activity, Priority, Task, TaskStatus, TaskType
from server.schema.common import IdempotentInput, UserError
from server.schema.scalars import DateFormula

U = strawberry.UNSET


# --- inputs --------------------------------------------------------------------------------


@strawberry.input(description="One step of an activity; its place in the list is its number.")
class ActivityStepInput:
    """One step of an activity."""

    description: str = strawberry.field(description="Description of the task it makes.")
    type: TaskType | None = strawberry.field(default=U, description="Task type (default NONE).")
    priority: Priority | None = strawberry.field(
        default=U, description="Task priority (default NORMAL)."
    )
    date_formula: DateFormula | None = strawberry.field(
        default=U, description='Date formula from the start date, e.g. "1W" or "CM+1D".'
    )


@strawberry.input(description="A new activity with its steps.")
class ActivityCreateInput:
    """A new activity."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    description: str = strawberry.field(description="What the activity is.")
    steps: list[ActivityStepInput] | None = strawberry.field(
        default=U, description="Its steps in order (at most 50)."
    )


@strawberry.input(description="Changes to an activity; omitted fields stay.")
class ActivityUpdateInput:
    """Changes to an activity."""

    code: str = strawberry.field(description="Which activity (the code cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")
    steps: list[ActivityStepInput] | None = strawberry.field(
        default=U, description="All its steps, replacing the old ones."
    )


@strawberry.input(description="Which activity to delete.")
class ActivityDeleteInput:
    """Which activity to delete."""

    code: str = strawberry.field(description="Code of an activity no task refers to.")


@strawberry.input(description="Make an activity's tasks (DOMAIN K2/K3).")
class ActivityAssignInput(IdempotentInput):
    """Assign an activity."""

    activity_code: str = strawberry.field(description="The activity.")
    start_date: date | None = strawberry.field(description="Each step's formula starts here.")
    salesperson_code: str | None = strawberry.field(
        default=U, description="Assign to this salesperson (SALES users: themselves, the default)."
    )
    team_code: str | None = strawberry.field(default=U, description="Assign to this team.")
    meeting_organizer_code: str | None = strawberry.field(
        default=U, description="Salesperson who holds the meetings of a team assignment."
    )
    contact_no: str | None = strawberry.field(default=U, description="The contact concerned.")
    campaign_no: str | None = strawberry.field(default=U, description="The campaign.")
    segment_no: str | None = strawberry.field(
        default=U, description="One set of tasks per contact of this segment."
    )
    opportunity_no: str | None = strawberry.field(
        default=U,
        description="The opportunity; its salesperson, contact and campaign are the defaults.",
    )


@strawberry.input(description="A new task.")
class TaskCreateInput(IdempotentInput):
    """A new task."""

    no: str | None = strawberry.field(default=U, description="Number; blank draws TD00001...")
    description: str = strawberry.field(description="What to do, 1-100 characters.")
    type: TaskType | None = strawberry.field(default=U, description="Kind (default NONE).")
    date: date | None = strawberry.field(description="When it is due (required).")
    start_time: time | None = strawberry.field(default=U, description="Start time.")
    duration: Decimal | None = strawberry.field(default=U, description="Minutes it takes.")
    status: TaskStatus | None = strawberry.field(default=U, description="Status.")
    priority: Priority | None = strawberry.field(default=U, description="Priority.")
    salesperson_code: str | None = strawberry.field(
        default=U, description="Salesperson (SALES users: themselves, the default)."
    )
    team_code: str | None = strawberry.field(default=U, description="Team.")
    contact_no: str | None = strawberry.field(default=U, description="Contact.")
    campaign_no: str | None = strawberry.field(default=U, description="Campaign.")
    segment_no: str | None = strawberry.field(default=U, description="Segment.")


@strawberry.input(description="Changes to a task; omitted fields stay, null clears.")
class TaskUpdateInput:
    """Changes to a task."""

    no: str = strawberry.field(description="Which task (the number cannot change).")
    description: str | None = strawberry.field(default=U, description="What to do.")
    type: TaskType | None = strawberry.field(
        default=U, description="Kind; a meeting cannot change type, nor become one (K5)."
    )
    date: date | None = strawberry.field(default=U, description="When it is due.")
    start_time: time | None = strawberry.field(default=U, description="Start time.")
    duration: Decimal | None = strawberry.field(default=U, description="Minutes it takes.")
    status: TaskStatus | None = strawberry.field(
        default=U, description="Status (COMPLETED only by closing)."
    )
    priority: Priority | None = strawberry.field(default=U, description="Priority.")
    salesperson_code: str | None = strawberry.field(default=U, description="Salesperson.")
    team_code: str | None = strawberry.field(default=U, description="Team.")
    contact_no: str | None = strawberry.field(default=U, description="Contact.")
    campaign_no: str | None = strawberry.field(default=U, description="Campaign.")
    segment_no: str | None = strawberry.field(default=U, description="Segment.")


@strawberry.input(description="Which task.")
class TaskNoInput:
    """Which task."""

    no: str = strawberry.field(description="Task number.")


@strawberry.input(description="Which task to close (complete).")
class TaskCloseInput(TaskNoInput):
    """Which task to close."""


@strawberry.input(description="Which task to cancel.")
class TaskCancelInput(TaskNoInput):
    """Which task to cancel."""


@strawberry.input(description="Which closed task to reopen.")
class TaskReopenInput(TaskNoInput):
    """Which task to reopen."""


# --- payloads ------------------------------------------------------------------------------


@strawberry.type(description="Result of creating or changing an activity.")
class ActivityPayload:
    """Result of creating or changing an activity."""

    activity: Activity | None = strawberry.field(description="The activity, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating an activity.")
class ActivityCreatePayload(ActivityPayload):
    """Result of creating an activity."""


@strawberry.type(description="Result of changing an activity.")
class ActivityUpdatePayload(ActivityPayload):
    """Result of changing an activity."""


@strawberry.type(description="Result of deleting an activity.")
class ActivityDeletePayload(ActivityPayload):
    """Result of deleting an activity."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted record.")


@strawberry.type(description="Result of assigning an activity.")
class ActivityAssignPayload:
    """Result of assigning an activity."""

    tasks: list[Task] | None = strawberry.field(description="The tasks made, in order.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating or changing a task.")
class TaskPayload:
    """Result of creating or changing a task."""

    task: Task | None = strawberry.field(description="The task, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a task.")
class TaskCreatePayload(TaskPayload):
    """Result of creating a task."""


@strawberry.type(description="Result of changing a task.")
class TaskUpdatePayload(TaskPayload):
    """Result of changing a task."""


@strawberry.type(description="Result of closing a task.")
class TaskClosePayload(TaskPayload):
    """Result of closing a task."""


@strawberry.type(description="Result of cancelling a task.")
class TaskCancelPayload(TaskPayload):
    """Result of cancelling a task."""


@strawberry.type(description="Result of reopening a task.")
class TaskReopenPayload(TaskPayload):
    """Result of reopening a task."""
