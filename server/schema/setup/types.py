"""Setup types: salespeople, teams, campaign status codes, with their inputs and payloads."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import setup as resolve
from server.schema.common import Node, UserError, served_from

U = strawberry.UNSET


@strawberry.type(description="A salesperson or purchaser who campaigns, segments and tasks name.")
class Salesperson(Node):
    """A salesperson."""

    code: str = strawberry.field(description="Unique code (1-20 characters, upper case).")
    name: str = strawberry.field(description="Full name.")
    email: str | None = strawberry.field(description="E-mail address.")
    phone: str | None = strawberry.field(description="Phone number.")
    job_title: str | None = strawberry.field(description="Job title.")
    blocked: bool = strawberry.field(
        description="Blocked salespeople cannot be assigned to new records."
    )

    is_type_of = served_from(models.Salesperson)


@strawberry.type(description="A team of salespeople.")
class Team(Node):
    """A team of salespeople."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    name: str = strawberry.field(description="Team name.")

    @strawberry.field(description="The team's members, by code.", graphql_type=list[Salesperson])
    async def members(
        self, root: strawberry.Parent[models.Team], info: Info
    ) -> list[models.Salesperson]:
        return await resolve.team_members(info, root)

    is_type_of = served_from(models.Team)


@strawberry.type(description="A step a campaign is at (informational only: never affects pricing).")
class CampaignStatus(Node):
    """A campaign status code."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    description: str = strawberry.field(description="What the status means.")
    sort_order: int = strawberry.field(description="Position in lists of statuses.")

    is_type_of = served_from(models.CampaignStatus)


# --- inputs --------------------------------------------------------------------------------


@strawberry.input(description="A new salesperson.")
class SalespersonCreateInput:
    """A new salesperson."""

    code: str = strawberry.field(description="Unique code, 1-20 characters; stored upper-case.")
    name: str = strawberry.field(description="Full name, 1-100 characters.")
    email: str | None = strawberry.field(default=U, description="E-mail address.")
    phone: str | None = strawberry.field(default=U, description="Phone number.")
    job_title: str | None = strawberry.field(default=U, description="Job title.")
    blocked: bool | None = strawberry.field(default=U, description="Blocked from new records.")


@strawberry.input(description="Changes to a salesperson; omitted fields stay, null clears.")
class SalespersonUpdateInput:
    """Changes to a salesperson."""

    code: str = strawberry.field(description="Which salesperson (the code cannot change).")
    name: str | None = strawberry.field(default=U, description="New full name.")
    email: str | None = strawberry.field(default=U, description="New e-mail address.")
    phone: str | None = strawberry.field(default=U, description="New phone number.")
    job_title: str | None = strawberry.field(default=U, description="New job title.")
    blocked: bool | None = strawberry.field(default=U, description="Block or unblock.")


@strawberry.input(description="A new team.")
class TeamCreateInput:
    """A new team."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    name: str = strawberry.field(description="Team name.")
    member_codes: list[str] | None = strawberry.field(
        default=U, description="Codes of the salespeople in the team (none blocked)."
    )


@strawberry.input(description="Changes to a team; omitted fields stay.")
class TeamUpdateInput:
    """Changes to a team."""

    code: str = strawberry.field(description="Which team (the code cannot change).")
    name: str | None = strawberry.field(default=U, description="New team name.")
    member_codes: list[str] | None = strawberry.field(
        default=U, description="The complete new membership (replaces the old one)."
    )


@strawberry.input(description="A new campaign status code.")
class CampaignStatusCreateInput:
    """A new campaign status code."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    description: str = strawberry.field(description="What the status means.")
    sort_order: int | None = strawberry.field(default=U, description="Position in lists.")


@strawberry.input(description="Changes to a campaign status code; omitted fields stay.")
class CampaignStatusUpdateInput:
    """Changes to a campaign status code."""

    code: str = strawberry.field(description="Which status (the code cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")
    sort_order: int | None = strawberry.field(default=U, description="New position in lists.")


# --- payloads ------------------------------------------------------------------------------


@strawberry.type(description="Result of creating or changing a salesperson.")
class SalespersonPayload:
    """Result of creating or changing a salesperson."""

    salesperson: Salesperson | None = strawberry.field(description="The salesperson, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a salesperson.")
class SalespersonCreatePayload(SalespersonPayload):
    """Result of creating a salesperson."""


@strawberry.type(description="Result of changing a salesperson.")
class SalespersonUpdatePayload(SalespersonPayload):
    """Result of changing a salesperson."""


@strawberry.type(description="Result of deleting a salesperson.")
class SalespersonDeletePayload(SalespersonPayload):
    """Result of deleting a salesperson."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted record.")


@strawberry.type(description="Result of creating or changing a team.")
class TeamPayload:
    """Result of creating or changing a team."""

    team: Team | None = strawberry.field(description="The team, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a team.")
class TeamCreatePayload(TeamPayload):
    """Result of creating a team."""


@strawberry.type(description="Result of changing a team.")
class TeamUpdatePayload(TeamPayload):
    """Result of changing a team."""


@strawberry.type(description="Result of deleting a team.")
class TeamDeletePayload(TeamPayload):
    """Result of deleting a team."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted record.")


@strawberry.type(description="Result of creating or changing a campaign status code.")
class CampaignStatusPayload:
    """Result of creating or changing a campaign status code."""

    campaign_status: CampaignStatus | None = strawberry.field(description="The status, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a campaign status code.")
class CampaignStatusCreatePayload(CampaignStatusPayload):
    """Result of creating a campaign status code."""


@strawberry.type(description="Result of changing a campaign status code.")
class CampaignStatusUpdatePayload(CampaignStatusPayload):
    """Result of changing a campaign status code."""


@strawberry.type(description="Result of deleting a campaign status code.")
class CampaignStatusDeletePayload(CampaignStatusPayload):
    """Result of deleting a campaign status code."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted record.")


@strawberry.input(description="Which campaign status to delete (no campaign may have it).")
class CampaignStatusDeleteInput:
    """Which campaign status to delete."""

    code: str = strawberry.field(description="Status code.")


@strawberry.input(description="Which salesperson to delete (nothing may refer to them).")
class SalespersonDeleteInput:
    """Which salesperson to delete."""

    code: str = strawberry.field(description="Salesperson code.")


@strawberry.input(description="Which team to delete (nothing may refer to it).")
class TeamDeleteInput:
    """Which team to delete."""

    code: str = strawberry.field(description="Team code.")
