"""Setup records: salespeople, teams and campaign status codes."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Salesperson(Model):
    """A salesperson or purchaser. Blocked ones cannot be assigned to new records."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20, unique=True)
    name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=30, null=True)
    job_title = fields.CharField(max_length=100, null=True)
    blocked = fields.BooleanField(default=False)

    teams: fields.ManyToManyRelation[Team]

    class Meta:
        table = "salesperson"
        ordering = ("code",)


class Team(Model):
    """A team of salespeople that tasks and activities can be assigned to."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    name = fields.CharField(max_length=100)
    members: fields.ManyToManyRelation[Salesperson] = fields.ManyToManyField(
        "models.Salesperson",
        related_name="teams",
        through="team_member",
        forward_key="salesperson_id",
        backward_key="team_id",
        on_delete=fields.CASCADE,
    )

    class Meta:
        table = "team"
        ordering = ("code",)


class CampaignStatus(Model):
    """An informational step a campaign is at. Never affects pricing, logging or statistics."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "campaign_status"
        ordering = ("sort_order", "code")
