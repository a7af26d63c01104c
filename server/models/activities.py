"""Activities (task templates linked by date formulas) and the tasks salespeople work on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from server.models.campaigns import Campaign
from server.models.contacts import Contact
from server.models.segments import Segment
from server.models.setup import Salesperson, Team

if TYPE_CHECKING:
    from server.models.opportunities import Opportunity


class TaskType(StrEnum):
    """What kind of work a task is."""

    NONE = "NONE"
    MEETING = "MEETING"
    PHONE_CALL = "PHONE_CALL"


class Priority(StrEnum):
    """How urgent a task is."""

    LOW = "LOW"
    NORMAL = "NORMAL"
    HIGH = "HIGH"


class TaskStatus(StrEnum):
    """Where a task stands."""

    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    WAITING = "WAITING"
    POSTPONED = "POSTPONED"


class Activity(Model):
    """A named sequence of steps that becomes tasks when assigned."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    steps: fields.ReverseRelation[ActivityStep]

    class Meta:
        table = "activity"
        ordering = ("code",)


class ActivityStep(Model):
    """One step of an activity, dated by a formula from the assignment's start date."""

    id = fields.IntField(primary_key=True)
    activity: fields.ForeignKeyRelation[Activity] = fields.ForeignKeyField(
        "models.Activity", related_name="steps", on_delete=fields.CASCADE
    )
    step_no = fields.IntField()
    type = fields.CharEnumField(TaskType, max_length=15, default=TaskType.NONE)
    priority = fields.CharEnumField(Priority, max_length=10, default=Priority.NORMAL)
    description = fields.CharField(max_length=100)
    date_formula = fields.CharField(max_length=50, default="")

    activity_id: int

    class Meta:
        table = "activity_step"
        ordering = ("activity_id", "step_no")
        unique_together = (("activity", "step_no"),)


class Task(Model):
    """A to-do for a salesperson or a team, possibly from an activity."""

    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100)
    type = fields.CharEnumField(TaskType, max_length=15, default=TaskType.NONE)
    date = fields.DateField()
    #: ISO "HH:MM:SS" (Tortoise's TimeField cannot be bound on SQLite with time zones on).
    start_time = fields.CharField(max_length=8, null=True)
    duration: Decimal | None = fields.DecimalField(max_digits=20, decimal_places=2, null=True)
    status = fields.CharEnumField(TaskStatus, max_length=15, default=TaskStatus.NOT_STARTED)
    priority = fields.CharEnumField(Priority, max_length=10, default=Priority.NORMAL)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    team: fields.ForeignKeyNullableRelation[Team] = fields.ForeignKeyField(
        "models.Team", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    contact_company: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="company_tasks", null=True, on_delete=fields.RESTRICT
    )
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    segment: fields.ForeignKeyNullableRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    activity: fields.ForeignKeyNullableRelation[Activity] = fields.ForeignKeyField(
        "models.Activity", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    opportunity: fields.ForeignKeyNullableRelation[Opportunity] = fields.ForeignKeyField(
        "models.Opportunity", related_name="tasks", null=True, on_delete=fields.RESTRICT
    )
    closed = fields.BooleanField(default=False)
    date_closed: dt.date | None = fields.DateField(null=True)
    canceled = fields.BooleanField(default=False)
    completed_by = fields.CharField(max_length=20, null=True)
    created_by = fields.CharField(max_length=50, null=True)

    attendees: fields.ReverseRelation[TaskAttendee]

    salesperson_id: int | None
    team_id: int | None
    contact_id: int | None
    contact_company_id: int | None
    campaign_id: int | None
    segment_id: int | None
    activity_id: int | None
    opportunity_id: int | None

    class Meta:
        table = "task"
        ordering = ("no",)
        indexes = (
            ("salesperson_id", "closed", "date"),
            ("team_id", "closed", "date"),
            ("campaign_id", "no"),
            ("contact_id", "no"),
            ("segment_id", "no"),
            ("opportunity_id", "no"),
        )


class TaskAttendee(Model):
    """Someone taking part in a task: a salesperson or a contact, never both."""

    id = fields.IntField(primary_key=True)
    task: fields.ForeignKeyRelation[Task] = fields.ForeignKeyField(
        "models.Task", related_name="attendees", on_delete=fields.CASCADE
    )
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="attendances", null=True, on_delete=fields.RESTRICT
    )
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="attendances", null=True, on_delete=fields.RESTRICT
    )

    task_id: int
    salesperson_id: int | None
    contact_id: int | None

    class Meta:
        table = "task_attendee"
        ordering = ("task_id", "id")
