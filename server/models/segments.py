"""Segments: a campaign's audience, line by line, and what logging it will record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from server.models.campaigns import Campaign
from server.models.contacts import Contact
from server.models.interactions import (
    CampaignEntry,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    InteractionTemplate,
)
from server.models.setup import Salesperson


class SegmentStatus(StrEnum):
    """An open segment can change; a logged one is read-only."""

    OPEN = "OPEN"
    LOGGED = "LOGGED"


class Segment(Model):
    """A set of contacts to interact with, with the values its lines start from."""

    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="segments", null=True, on_delete=fields.RESTRICT
    )
    campaign_target = fields.BooleanField(default=False)
    campaign_response = fields.BooleanField(default=False)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="segments", null=True, on_delete=fields.RESTRICT
    )
    interaction_template: fields.ForeignKeyNullableRelation[InteractionTemplate] = (
        fields.ForeignKeyField(
            "models.InteractionTemplate",
            related_name="segments",
            null=True,
            on_delete=fields.RESTRICT,
        )
    )
    unit_cost: Decimal = fields.DecimalField(max_digits=20, decimal_places=2, default=0)
    unit_duration: Decimal = fields.DecimalField(max_digits=20, decimal_places=2, default=0)
    date: dt.date | None = fields.DateField(null=True)
    information_flow = fields.CharEnumField(
        InformationFlow, max_length=10, default=InformationFlow.NONE
    )
    initiated_by = fields.CharEnumField(InitiatedBy, max_length=10, default=InitiatedBy.NONE)
    subject = fields.CharField(max_length=100, null=True)
    status = fields.CharEnumField(SegmentStatus, max_length=10, default=SegmentStatus.OPEN)
    created_by = fields.CharField(max_length=50, null=True)

    lines: fields.ReverseRelation[SegmentLine]

    campaign_id: int | None
    salesperson_id: int | None
    interaction_template_id: int | None

    class Meta:
        table = "segment"
        ordering = ("no",)
        indexes = (("campaign_id", "no"),)


class SegmentLine(Model):
    """One contact in a segment, with the values its interaction will be logged with."""

    id = fields.IntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="lines", on_delete=fields.CASCADE
    )
    line_no = fields.IntField()
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="segment_lines", on_delete=fields.RESTRICT
    )
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="segment_lines", null=True, on_delete=fields.RESTRICT
    )
    campaign_target = fields.BooleanField(default=False)
    campaign_response = fields.BooleanField(default=False)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="segment_lines", null=True, on_delete=fields.RESTRICT
    )
    interaction_template: fields.ForeignKeyNullableRelation[InteractionTemplate] = (
        fields.ForeignKeyField(
            "models.InteractionTemplate",
            related_name="segment_lines",
            null=True,
            on_delete=fields.RESTRICT,
        )
    )
    cost: Decimal = fields.DecimalField(max_digits=20, decimal_places=2, default=0)
    duration: Decimal = fields.DecimalField(max_digits=20, decimal_places=2, default=0)
    date: dt.date | None = fields.DateField(null=True)
    description = fields.CharField(max_length=100, null=True)
    evaluation = fields.CharEnumField(Evaluation, max_length=15, null=True)
    attempt_failed = fields.BooleanField(default=False)
    campaign_entry: fields.ForeignKeyNullableRelation[CampaignEntry] = fields.ForeignKeyField(
        "models.CampaignEntry", related_name="segment_lines", null=True, on_delete=fields.RESTRICT
    )

    segment_id: int
    contact_id: int
    campaign_id: int | None
    salesperson_id: int | None
    interaction_template_id: int | None
    campaign_entry_id: int | None

    class Meta:
        table = "segment_line"
        ordering = ("segment_id", "line_no")
        unique_together = (("segment", "contact"), ("segment", "line_no"))
        indexes = (("campaign_id", "campaign_target"), ("contact_id",))
