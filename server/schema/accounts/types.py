"""Identity types: users, API tokens and the viewer, with their inputs and payloads."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import accounts as resolve
from server.resolvers import activities as tasks
from server.schema.common import Node, UserError, served_from
from server.schema.connection import PageSize
from server.schema.enums import Role
from server.schema.setup.types import Salesperson

if TYPE_CHECKING:
    from server.schema.activities.types import Task
    from server.schema.campaigns.types import Campaign
    from server.schema.interactions.types import Interaction

TaskRef = Annotated["Task", strawberry.lazy("server.schema.activities.types")]
CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.campaigns.types")]
InteractionRef = Annotated["Interaction", strawberry.lazy("server.schema.interactions.types")]

U = strawberry.UNSET


@strawberry.type(description="Someone (or some system) that calls the API with API tokens.")
class User(Node):
    """A user of the API."""

    username: str = strawberry.field(description="Unique login name (lower case).")
    name: str = strawberry.field(description="Display name.")
    role: Role = strawberry.field(description="What the user may do.")
    active: bool = strawberry.field(description="Inactive users' tokens are refused.")
    created_at: datetime = strawberry.field(description="When the user was created (UTC).")

    @strawberry.field(
        description="The salesperson this user acts as (recorded on what they log or create).",
        graphql_type=Salesperson | None,
    )
    async def salesperson(
        self, root: strawberry.Parent[models.User], info: Info
    ) -> models.Salesperson | None:
        return await resolve.user_salesperson(info, root)

    @strawberry.field(
        description="The user's API tokens, oldest first (ADMIN only; never the secrets).",
        graphql_type=list["ApiToken"],
    )
    async def api_tokens(
        self, root: strawberry.Parent[models.User], info: Info
    ) -> list[models.ApiToken]:
        return await resolve.user_tokens(info, root)

    is_type_of = served_from(models.User)


@strawberry.type(description="A bearer token of a user. Its secret is shown only at creation.")
class ApiToken(Node):
    """An API token."""

    name: str = strawberry.field(description="What the token is for (laptop, CI, mobile app).")
    prefix: str = strawberry.field(
        description="The first characters of the secret, to recognise it."
    )
    created_at: datetime = strawberry.field(description="When it was issued (UTC).")
    expires_at: datetime | None = strawberry.field(
        description="When it stops working (UTC); null: never."
    )
    revoked_at: datetime | None = strawberry.field(
        description="When it was revoked (UTC); null: not revoked."
    )
    last_used_at: datetime | None = strawberry.field(
        description="Last successful use, to the minute (UTC); null: never used."
    )

    @strawberry.field(description="Whether the token works now (not revoked, not expired).")
    def active(self, root: strawberry.Parent[models.ApiToken], info: Info) -> bool:
        return resolve.token_active(info, root)

    @strawberry.field(description="The user the token acts as.", graphql_type=User)
    async def user(self, root: strawberry.Parent[models.ApiToken], info: Info) -> models.User:
        return await resolve.token_user(info, root)

    is_type_of = served_from(models.ApiToken)


@strawberry.type(description="Who is asking: the identity behind this request.")
class Viewer:
    """The identity behind this request."""

    @strawberry.field(description="Login name (`demo` for anonymous requests in demo mode).")
    def username(self, root: strawberry.Parent[resolve.ViewerRow]) -> str:
        return root.actor.user

    @strawberry.field(description="What the viewer may do.")
    def role(self, root: strawberry.Parent[resolve.ViewerRow]) -> Role:
        return root.actor.role

    @strawberry.field(
        description="The viewer's user record; null in demo mode.", graphql_type=User | None
    )
    def user(self, root: strawberry.Parent[resolve.ViewerRow]) -> models.User | None:
        return root.user

    @strawberry.field(
        description="The salesperson the viewer acts as, if any.", graphql_type=Salesperson | None
    )
    async def salesperson(
        self, root: strawberry.Parent[resolve.ViewerRow], info: Info
    ) -> models.Salesperson | None:
        return await resolve.viewer_salesperson(info, root)

    @strawberry.field(
        description="Open tasks of the viewer's salesperson and of their teams, by date "
        "(at most 100; empty without a salesperson).",
        graphql_type=list[TaskRef],
    )
    async def open_tasks(self, info: Info) -> Any:
        return await tasks.open_tasks(info)

    @strawberry.field(
        description="The viewer's salesperson's latest interactions that are not cancelled, "
        "newest first (empty without a salesperson).",
        graphql_type=list[InteractionRef],
    )
    async def recent_interactions(self, info: Info, first: PageSize = None) -> Any:
        return await resolve.recent_interactions(info, first)

    @strawberry.field(
        description="Campaigns running today (started and not ended), the soonest to end "
        "first and open-ended ones last; at most 100.",
        graphql_type=list[CampaignRef],
    )
    async def running_campaigns(
        self,
        info: Info,
        mine: Annotated[
            bool,
            strawberry.argument(description="Only the viewer's salesperson's campaigns."),
        ] = False,
    ) -> Any:
        return await resolve.running_campaigns(info, mine)


# --- inputs --------------------------------------------------------------------------------


@strawberry.input(description="A new user.")
class UserCreateInput:
    """A new user."""

    username: str = strawberry.field(
        description="Unique login name, 1-50 of letters, digits and . _ @ -; stored lower-case."
    )
    name: str = strawberry.field(description="Display name, 1-100 characters.")
    role: Role = strawberry.field(description="What the user may do.")
    salesperson_code: str | None = strawberry.field(
        default=U, description="Code of the salesperson the user acts as (not blocked)."
    )
    active: bool | None = strawberry.field(default=U, description="Whether tokens work (yes).")


@strawberry.input(description="Changes to a user; omitted fields stay, null clears.")
class UserUpdateInput:
    """Changes to a user."""

    username: str = strawberry.field(description="Which user (the username cannot change).")
    name: str | None = strawberry.field(default=U, description="New display name.")
    role: Role | None = strawberry.field(default=U, description="New role.")
    salesperson_code: str | None = strawberry.field(
        default=U, description="New salesperson; null unlinks."
    )
    active: bool | None = strawberry.field(
        default=U, description="Deactivate (tokens stop working) or reactivate."
    )


@strawberry.input(description="A new API token.")
class ApiTokenCreateInput:
    """A new API token."""

    username: str = strawberry.field(description="The user the token acts as.")
    name: str = strawberry.field(description="What the token is for, 1-100 characters.")
    expires_at: datetime | None = strawberry.field(
        default=U, description="When it stops working (future, at most ten years); none: never."
    )


# --- payloads ------------------------------------------------------------------------------


@strawberry.type(description="Result of creating or changing a user.")
class UserPayload:
    """Result of creating or changing a user."""

    user: User | None = strawberry.field(description="The user, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a user.")
class UserCreatePayload(UserPayload):
    """Result of creating a user."""


@strawberry.type(description="Result of changing a user.")
class UserUpdatePayload(UserPayload):
    """Result of changing a user."""


@strawberry.type(description="Result of issuing an API token.")
class ApiTokenCreatePayload:
    """Result of issuing an API token."""

    api_token: ApiToken | None = strawberry.field(description="The token, if issued.")
    secret: str | None = strawberry.field(
        description="The bearer secret. Shown this once: it is stored only as a hash."
    )
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of revoking an API token.")
class ApiTokenRevokePayload:
    """Result of revoking an API token."""

    api_token: ApiToken | None = strawberry.field(description="The revoked token.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.input(description="Which API token to revoke.")
class ApiTokenRevokeInput:
    """Which API token to revoke."""

    id: strawberry.ID = strawberry.field(description="Token ID.")
