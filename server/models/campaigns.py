"""The campaign aggregate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tortoise import fields
from tortoise.models import Model

from server.models.core import AMOUNT_PLACES
from server.models.setup import CampaignStatus, Salesperson


class Campaign(Model):
    """A marketing campaign. Activation and statistics are derived, never stored."""

    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100)
    starting_date: date | None = fields.DateField(null=True)
    ending_date: date | None = fields.DateField(null=True)
    status: fields.ForeignKeyNullableRelation[CampaignStatus] = fields.ForeignKeyField(
        "models.CampaignStatus", related_name="campaigns", null=True, on_delete=fields.RESTRICT
    )
    status_id: int | None
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="campaigns", null=True, on_delete=fields.RESTRICT
    )
    salesperson_id: int | None
    last_date_modified: date = fields.DateField()
    budgeted_cost: Decimal = fields.DecimalField(
        max_digits=20, decimal_places=AMOUNT_PLACES, default=0
    )
    expected_revenue: Decimal = fields.DecimalField(max_digits=20, decimal_places=2, default=0)
    notes: str | None = fields.TextField(null=True)
    created_by = fields.CharField(max_length=50, null=True)
    #: Set by activation, cleared by deactivation: while set, the target group is kept exact
    #: (A7), even through a moment when nothing qualifies.
    activation_requested = fields.BooleanField(default=False)

    class Meta:
        table = "campaign"
        ordering = ("no",)
        indexes = (("starting_date", "no"), ("ending_date", "no"))
