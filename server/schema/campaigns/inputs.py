"""Inputs and payloads of the campaign mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from server.schema.campaigns.types import Campaign
from server.schema.common import IdempotentInput, UserError

U = strawberry.UNSET


@strawberry.input(description="A new campaign.")
class CampaignCreateInput(IdempotentInput):
    """A new campaign."""

    no: str | None = strawberry.field(
        default=U, description="Campaign number; blank = next from the number series."
    )
    description: str = strawberry.field(description="What the campaign is about (1-100 chars).")
    starting_date: date | None = strawberry.field(default=U, description="First day.")
    ending_date: date | None = strawberry.field(
        default=U, description="Last day; not before the starting date."
    )
    status_code: str | None = strawberry.field(default=U, description="Campaign status code.")
    salesperson_code: str | None = strawberry.field(
        default=U, description="Responsible salesperson (not blocked)."
    )
    budgeted_cost: Decimal | None = strawberry.field(default=U, description="Planned cost >= 0.")
    expected_revenue: Decimal | None = strawberry.field(
        default=U, description="Planned revenue >= 0."
    )
    notes: str | None = strawberry.field(default=U, description="Free-form notes.")


@strawberry.input(description="Changes to a campaign; omitted fields stay, null clears.")
class CampaignUpdateInput:
    """Changes to a campaign."""

    no: str = strawberry.field(description="Which campaign (the number cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")
    starting_date: date | None = strawberry.field(default=U, description="New first day.")
    ending_date: date | None = strawberry.field(default=U, description="New last day.")
    status_code: str | None = strawberry.field(default=U, description="New status code.")
    salesperson_code: str | None = strawberry.field(
        default=U, description="New responsible salesperson."
    )
    budgeted_cost: Decimal | None = strawberry.field(default=U, description="New planned cost.")
    expected_revenue: Decimal | None = strawberry.field(
        default=U, description="New planned revenue."
    )
    notes: str | None = strawberry.field(default=U, description="New notes.")


@strawberry.type(description="Result of a campaign mutation.")
class CampaignPayload:
    """Result of a campaign mutation."""

    campaign: Campaign | None = strawberry.field(description="The campaign, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a campaign.")
class CampaignCreatePayload(CampaignPayload):
    """Result of creating a campaign."""


@strawberry.type(description="Result of changing a campaign.")
class CampaignUpdatePayload(CampaignPayload):
    """Result of changing a campaign."""


@strawberry.type(description="Result of deleting a campaign.")
class CampaignDeletePayload(CampaignPayload):
    """Result of deleting a campaign."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted campaign.")


@strawberry.input(description="Which campaign to delete (C5: nothing may refer to it).")
class CampaignDeleteInput:
    """Which campaign to delete."""

    no: str = strawberry.field(description="Campaign number.")
