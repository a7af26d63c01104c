"""Sales cycles with their stages, and opportunities moving through them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from server.models.activities import Activity, Priority
from server.models.campaigns import Campaign
from server.models.contacts import Contact
from server.models.core import AMOUNT_PLACES
from server.models.setup import Salesperson


class ProbabilityCalculation(StrEnum):
    """How a sales cycle turns a stage's percentages into a probability (DOMAIN O3)."""

    MULTIPLY = "MULTIPLY"
    ADD = "ADD"
    CHANCES_OF_SUCCESS = "CHANCES_OF_SUCCESS"
    COMPLETED = "COMPLETED"


class OpportunityStatus(StrEnum):
    """Where an opportunity stands."""

    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    WON = "WON"
    LOST = "LOST"


class ActionTaken(StrEnum):
    """What move made an opportunity entry (DOMAIN O2)."""

    NEXT = "NEXT"
    PREVIOUS = "PREVIOUS"
    UPDATED = "UPDATED"
    JUMPED = "JUMPED"
    SKIPPED = "SKIPPED"
    WON = "WON"
    LOST = "LOST"


class SalesCycle(Model):
    """A sequence of stages an opportunity moves through."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)
    probability_calculation = fields.CharEnumField(
        ProbabilityCalculation, max_length=20, default=ProbabilityCalculation.MULTIPLY
    )
    blocked = fields.BooleanField(default=False)

    stages: fields.ReverseRelation[SalesCycleStage]

    class Meta:
        table = "sales_cycle"
        ordering = ("code",)


class SalesCycleStage(Model):
    """One stage of a sales cycle with its completion and chances of success."""

    id = fields.IntField(primary_key=True)
    sales_cycle: fields.ForeignKeyRelation[SalesCycle] = fields.ForeignKeyField(
        "models.SalesCycle", related_name="stages", on_delete=fields.CASCADE
    )
    stage = fields.IntField()
    description = fields.CharField(max_length=100)
    completed_percent: Decimal = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    chances_of_success_percent: Decimal = fields.DecimalField(
        max_digits=5, decimal_places=2, default=0
    )
    activity: fields.ForeignKeyNullableRelation[Activity] = fields.ForeignKeyField(
        "models.Activity", related_name="sales_cycle_stages", null=True, on_delete=fields.RESTRICT
    )
    quote_required = fields.BooleanField(default=False)
    allow_skip = fields.BooleanField(default=False)
    #: Estimated close date formula from the date of change, neutral form.
    date_formula = fields.CharField(max_length=50, default="")

    sales_cycle_id: int
    activity_id: int | None

    class Meta:
        table = "sales_cycle_stage"
        ordering = ("sales_cycle_id", "stage")
        unique_together = (("sales_cycle", "stage"),)


class Opportunity(Model):
    """A chance to sell to a contact, moved through the stages of a sales cycle."""

    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100)
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="opportunities", on_delete=fields.RESTRICT
    )
    salesperson: fields.ForeignKeyRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="opportunities", on_delete=fields.RESTRICT
    )
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="opportunities", null=True, on_delete=fields.RESTRICT
    )
    #: Cleared only when its sales cycle is deleted, which O4 allows once it is closed.
    sales_cycle: fields.ForeignKeyNullableRelation[SalesCycle] = fields.ForeignKeyField(
        "models.SalesCycle", related_name="opportunities", null=True, on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(
        OpportunityStatus, max_length=15, default=OpportunityStatus.NOT_STARTED
    )
    creation_date: dt.date = fields.DateField()
    closed = fields.BooleanField(default=False)
    date_closed: dt.date | None = fields.DateField(null=True)
    priority = fields.CharEnumField(Priority, max_length=10, default=Priority.NORMAL)
    created_by = fields.CharField(max_length=50, null=True)

    entries: fields.ReverseRelation[OpportunityEntry]

    contact_id: int
    salesperson_id: int
    campaign_id: int | None
    sales_cycle_id: int | None

    class Meta:
        table = "opportunity"
        ordering = ("no",)
        indexes = (
            ("campaign_id", "no"),
            ("contact_id", "no"),
            ("salesperson_id", "no"),
        )


class OpportunityEntry(Model):
    """One step in an opportunity's history. Exactly one entry is active once it has started."""

    entry_no = fields.IntField(primary_key=True)
    opportunity: fields.ForeignKeyRelation[Opportunity] = fields.ForeignKeyField(
        "models.Opportunity", related_name="entries", on_delete=fields.CASCADE
    )
    #: The stage number within the opportunity's sales cycle.
    stage = fields.IntField()
    active = fields.BooleanField(default=True)
    date_of_change: dt.date = fields.DateField()
    date_closed: dt.date | None = fields.DateField(null=True)
    days_open = fields.IntField(default=0)
    action_taken = fields.CharEnumField(ActionTaken, max_length=10)
    estimated_value: Decimal = fields.DecimalField(
        max_digits=20, decimal_places=AMOUNT_PLACES, default=0
    )
    chances_of_success_percent: Decimal = fields.DecimalField(
        max_digits=5, decimal_places=2, default=0
    )
    completed_percent: Decimal = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    probability_percent: Decimal = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    calculated_current_value: Decimal = fields.DecimalField(
        max_digits=20, decimal_places=AMOUNT_PLACES, default=0
    )
    estimated_close_date: dt.date | None = fields.DateField(null=True)
    user = fields.CharField(max_length=50, null=True)

    opportunity_id: int

    class Meta:
        table = "opportunity_entry"
        ordering = ("entry_no",)
        indexes = (("opportunity_id", "active"),)
