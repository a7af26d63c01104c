"""Interaction reference data and the interaction ledger: groups, templates, logged
segments, campaign entries and interactions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from server.models.campaigns import Campaign
from server.models.contacts import Contact
from server.models.core import AMOUNT_PLACES
from server.models.setup import Salesperson

if TYPE_CHECKING:
    from server.models.activities import Task
    from server.models.opportunities import Opportunity
    from server.models.segments import Segment


class InformationFlow(StrEnum):
    """Which way information went."""

    NONE = "NONE"
    OUTBOUND = "OUTBOUND"
    INBOUND = "INBOUND"


class InitiatedBy(StrEnum):
    """Who started the interaction."""

    NONE = "NONE"
    US = "US"
    THEM = "THEM"


class CorrespondenceType(StrEnum):
    """How a template's correspondence is sent."""

    NONE = "NONE"
    HARD_COPY = "HARD_COPY"
    EMAIL = "EMAIL"


class Evaluation(StrEnum):
    """How an interaction went."""

    VERY_POSITIVE = "VERY_POSITIVE"
    POSITIVE = "POSITIVE"
    NEUTRAL = "NEUTRAL"
    NEGATIVE = "NEGATIVE"
    VERY_NEGATIVE = "VERY_NEGATIVE"


class InteractionGroup(Model):
    """A group of interaction templates (letters, calls, meetings)."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        table = "interaction_group"
        ordering = ("code",)


class InteractionTemplate(Model):
    """A kind of interaction with the defaults it gives segments, lines and logged entries."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)
    group: fields.ForeignKeyRelation[InteractionGroup] = fields.ForeignKeyField(
        "models.InteractionGroup", related_name="templates", on_delete=fields.RESTRICT
    )
    unit_cost: Decimal = fields.DecimalField(max_digits=20, decimal_places=2, default=0)
    unit_duration: Decimal = fields.DecimalField(max_digits=20, decimal_places=2, default=0)
    information_flow = fields.CharEnumField(
        InformationFlow, max_length=10, default=InformationFlow.NONE
    )
    initiated_by = fields.CharEnumField(InitiatedBy, max_length=10, default=InitiatedBy.NONE)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="templates", null=True, on_delete=fields.RESTRICT
    )
    campaign_target = fields.BooleanField(default=False)
    campaign_response = fields.BooleanField(default=False)
    correspondence_type = fields.CharEnumField(
        CorrespondenceType, max_length=10, default=CorrespondenceType.NONE
    )

    group_id: int
    campaign_id: int | None

    class Meta:
        table = "interaction_template"
        ordering = ("code",)


class LoggedSegment(Model):
    """The record of one segment having been logged: cancelling it cancels what it logged."""

    entry_no = fields.IntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="logged", on_delete=fields.RESTRICT, unique=True
    )
    description = fields.CharField(max_length=100)
    creation_date: dt.date = fields.DateField()
    user = fields.CharField(max_length=50)
    canceled = fields.BooleanField(default=False)

    segment_id: int

    class Meta:
        table = "logged_segment"
        ordering = ("entry_no",)


class CampaignEntry(Model):
    """One logging event of a campaign: a segment logged, or the entry that collects single
    interactions. Created only by logging."""

    entry_no = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="entries", on_delete=fields.RESTRICT
    )
    date: dt.date = fields.DateField()
    description = fields.CharField(max_length=100)
    segment: fields.ForeignKeyNullableRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="campaign_entries", null=True, on_delete=fields.RESTRICT
    )
    logged_segment: fields.ForeignKeyNullableRelation[LoggedSegment] = fields.ForeignKeyField(
        "models.LoggedSegment",
        related_name="campaign_entries",
        null=True,
        on_delete=fields.RESTRICT,
    )
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson",
        related_name="campaign_entries",
        null=True,
        on_delete=fields.RESTRICT,
    )
    user = fields.CharField(max_length=50)
    #: The campaign's entry for interactions logged one by one (at most one open per campaign).
    single_interactions = fields.BooleanField(default=False)
    canceled = fields.BooleanField(default=False)

    campaign_id: int
    segment_id: int | None
    logged_segment_id: int | None
    salesperson_id: int | None

    class Meta:
        table = "campaign_entry"
        ordering = ("entry_no",)
        indexes = (("campaign_id", "entry_no"),)


class Interaction(Model):
    """An interaction log entry. Cost, duration, contact and campaign are fixed once logged."""

    entry_no = fields.IntField(primary_key=True)
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="interactions", on_delete=fields.RESTRICT
    )
    contact_company: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="company_interactions", null=True, on_delete=fields.RESTRICT
    )
    date: dt.date = fields.DateField()
    time: dt.time | None = fields.TimeField(null=True)
    description = fields.CharField(max_length=100)
    subject = fields.CharField(max_length=100, null=True)
    template: fields.ForeignKeyNullableRelation[InteractionTemplate] = fields.ForeignKeyField(
        "models.InteractionTemplate",
        related_name="interactions",
        null=True,
        on_delete=fields.RESTRICT,
    )
    group: fields.ForeignKeyNullableRelation[InteractionGroup] = fields.ForeignKeyField(
        "models.InteractionGroup", related_name="interactions", null=True, on_delete=fields.RESTRICT
    )
    information_flow = fields.CharEnumField(
        InformationFlow, max_length=10, default=InformationFlow.NONE
    )
    initiated_by = fields.CharEnumField(InitiatedBy, max_length=10, default=InitiatedBy.NONE)
    cost: Decimal = fields.DecimalField(max_digits=20, decimal_places=AMOUNT_PLACES, default=0)
    duration: Decimal = fields.DecimalField(max_digits=20, decimal_places=AMOUNT_PLACES, default=0)
    evaluation = fields.CharEnumField(Evaluation, max_length=15, null=True)
    attempt_failed = fields.BooleanField(default=False)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="interactions", null=True, on_delete=fields.RESTRICT
    )
    user = fields.CharField(max_length=50)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="interactions", null=True, on_delete=fields.RESTRICT
    )
    campaign_entry: fields.ForeignKeyNullableRelation[CampaignEntry] = fields.ForeignKeyField(
        "models.CampaignEntry", related_name="interactions", null=True, on_delete=fields.RESTRICT
    )
    campaign_target = fields.BooleanField(default=False)
    campaign_response = fields.BooleanField(default=False)
    segment: fields.ForeignKeyNullableRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="interactions", null=True, on_delete=fields.RESTRICT
    )
    logged_segment: fields.ForeignKeyNullableRelation[LoggedSegment] = fields.ForeignKeyField(
        "models.LoggedSegment", related_name="interactions", null=True, on_delete=fields.RESTRICT
    )
    opportunity: fields.ForeignKeyNullableRelation[Opportunity] = fields.ForeignKeyField(
        "models.Opportunity", related_name="interactions", null=True, on_delete=fields.RESTRICT
    )
    task: fields.ForeignKeyNullableRelation[Task] = fields.ForeignKeyField(
        "models.Task", related_name="interactions", null=True, on_delete=fields.RESTRICT
    )
    canceled = fields.BooleanField(default=False)
    postponed = fields.BooleanField(default=False)

    contact_id: int
    contact_company_id: int | None
    template_id: int | None
    group_id: int | None
    salesperson_id: int | None
    campaign_id: int | None
    campaign_entry_id: int | None
    segment_id: int | None
    logged_segment_id: int | None
    opportunity_id: int | None
    task_id: int | None

    class Meta:
        table = "interaction"
        ordering = ("entry_no",)
        indexes = (
            ("contact_id", "entry_no"),
            ("campaign_id", "date"),
            ("campaign_entry_id",),
            ("logged_segment_id",),
            ("segment_id", "contact_id"),
            ("opportunity_id", "entry_no"),
        )
