"""Activity, ActivityStep, Task and TaskAttendee types, with filter, ordering, inputs, payloads."""

from __future__ import annotations

import datetime as dt
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.models.activities import Priority as DomainPriority
from server.models.activities import TaskStatus as DomainTaskStatus
from server.models.activities import TaskType as DomainTaskType
from server.resolvers import activities as resolve
from server.schema.common import Node, served_from, to_one
from server.schema.connection import order_input
from server.schema.contacts.types import Contact
from server.schema.enums import described_enum
from server.schema.scalars import DateFormula
from server.schema.setup.types import Salesperson, Team

if TYPE_CHECKING:
    from server.schema.campaigns.types import Campaign
    from server.schema.opportunities.types import Opportunity
    from server.schema.segments.types import Segment

U = strawberry.UNSET
CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.campaigns.types")]
SegmentRef = Annotated["Segment", strawberry.lazy("server.schema.segments.types")]
OpportunityRef = Annotated["Opportunity", strawberry.lazy("server.schema.opportunities.types")]

described_enum(
    DomainTaskType,
    name="TaskType",
    description="What kind of work a task is.",
    values={
        "NONE": "Any other to-do.",
        "MEETING": "A meeting (stays a meeting: DOMAIN K5).",
        "PHONE_CALL": "A phone call.",
    },
)
TaskType = DomainTaskType
described_enum(
    DomainPriority,
    name="Priority",
    description="How urgent a task is.",
    values={"LOW": "Low.", "NORMAL": "Normal (the default).", "HIGH": "High."},
)
Priority = DomainPriority
described_enum(
    DomainTaskStatus,
    name="TaskStatus",
    description="Where a task stands.",
    values={
        "NOT_STARTED": "Not started yet.",
        "IN_PROGRESS": "Being worked on.",
        "COMPLETED": "Done (set by closing the task).",
        "WAITING": "Waiting for someone else.",
        "POSTPONED": "Put off to later.",
    },
)
TaskStatus = DomainTaskStatus


@strawberry.type(description="One step of an activity: the task it becomes when assigned.")
class ActivityStep:
    """An activity step."""

    step_no: int = strawberry.field(description="Position of the step (1, 2, ...).")
    type: TaskType = strawberry.field(description="Type of the task it makes.")
    priority: Priority = strawberry.field(description="Priority of the task it makes.")
    description: str = strawberry.field(description="Description of the task it makes.")
    date_formula: DateFormula = strawberry.field(
        description='Date formula from the start date, neutral form (e.g. "CM+1D"; blank: the '
        "start date itself)."
    )


@strawberry.type(description="A named sequence of steps that becomes tasks when assigned.")
class Activity(Node):
    """An activity."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    description: str = strawberry.field(description="What the activity is.")

    @strawberry.field(description="Its steps in order.", graphql_type=list[ActivityStep])
    async def steps(self, root: strawberry.Parent[models.Activity], info: Info) -> Any:
        return await resolve.activity_steps(info, root)

    is_type_of = served_from(models.Activity)


@strawberry.type(description="Someone taking part in a task: a salesperson or a contact.")
class TaskAttendee:
    """A task attendee."""

    salesperson = to_one(
        models.Salesperson,
        "salesperson_id",
        description="The salesperson, if a salesperson attends.",
        graphql_type=Salesperson | None,
    )

    contact = to_one(
        models.Contact,
        "contact_id",
        description="The contact, if a contact attends.",
        graphql_type=Contact | None,
    )


@strawberry.type(description="A to-do for a salesperson or a team, possibly from an activity.")
class Task(Node):
    """A task."""

    no: str = strawberry.field(description="Task number (e.g. TD00001), unique, immutable.")
    description: str = strawberry.field(description="What to do.")
    type: TaskType = strawberry.field(description="Kind of task.")
    date: date = strawberry.field(description="When it is due.")
    duration: Decimal | None = strawberry.field(description="Minutes it takes.")
    status: TaskStatus = strawberry.field(description="Where it stands.")
    priority: Priority = strawberry.field(description="How urgent it is.")
    closed: bool = strawberry.field(description="Completed or cancelled.")
    date_closed: dt.date | None = strawberry.field(description="When it was closed.")
    canceled: bool = strawberry.field(description="Cancelled (which also closes it).")
    completed_by: str | None = strawberry.field(
        description="Code of the salesperson who completed a team task."
    )
    created_by: str | None = strawberry.field(description="Username of whoever created it.")

    @strawberry.field(description="Start time, if set.")
    def start_time(self, root: strawberry.Parent[models.Task]) -> time | None:
        return resolve.start_time(root)

    salesperson = to_one(
        models.Salesperson,
        "salesperson_id",
        description="Salesperson it is assigned to.",
        graphql_type=Salesperson | None,
    )

    team = to_one(
        models.Team, "team_id", description="Team it is assigned to.", graphql_type=Team | None
    )

    contact = to_one(
        models.Contact,
        "contact_id",
        description="The contact it concerns.",
        graphql_type=Contact | None,
    )

    contact_company = to_one(
        models.Contact,
        "contact_company_id",
        description="The company of its contact (a company is its own).",
        graphql_type=Contact | None,
    )

    campaign = to_one(
        models.Campaign,
        "campaign_id",
        description="The campaign it is part of.",
        graphql_type=CampaignRef | None,
    )

    segment = to_one(
        models.Segment,
        "segment_id",
        description="The segment it was made for.",
        graphql_type=SegmentRef | None,
    )

    opportunity = to_one(
        models.Opportunity,
        "opportunity_id",
        description="The opportunity it belongs to.",
        graphql_type=OpportunityRef | None,
    )

    activity = to_one(
        models.Activity,
        "activity_id",
        description="The activity it came from.",
        graphql_type=Activity | None,
    )

    @strawberry.field(description="Who takes part: team members and the contact.")
    async def attendees(
        self, root: strawberry.Parent[models.Task], info: Info
    ) -> list[TaskAttendee]:
        result: list[TaskAttendee] = await resolve.task_attendees(info, root)  # type: ignore[assignment]
        return result

    is_type_of = served_from(models.Task)


@strawberry.input(description="Which tasks to list; every given criterion must hold.")
class TaskFilter:
    """Which tasks to list."""

    salesperson_codes: list[str] | None = strawberry.field(
        default=U, description="Only tasks of one of these salespeople."
    )
    team_code: str | None = strawberry.field(default=U, description="Only this team's tasks.")
    status: TaskStatus | None = strawberry.field(default=U, description="Only this status.")
    date_from: date | None = strawberry.field(default=U, description="Due on or after.")
    date_to: date | None = strawberry.field(default=U, description="Due on or before.")
    campaign_no: str | None = strawberry.field(default=U, description="Only this campaign's.")
    contact_no: str | None = strawberry.field(default=U, description="Only this contact's.")
    opportunity_no: str | None = strawberry.field(default=U, description="Only this opportunity's.")
    closed: bool | None = strawberry.field(default=U, description="Closed or open ones.")
    overdue: bool | None = strawberry.field(
        default=U, description="Open and due before today (true), or not (false)."
    )


TaskOrder = order_input(
    "TaskOrder",
    resolve.SORT,
    description="One sort key for tasks.",
    fields="What tasks can be sorted by.",
)
