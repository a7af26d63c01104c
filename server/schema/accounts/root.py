"""The accounts area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import accounts as auth_resolvers
from server.resolvers.mutations import Payload
from server.schema.accounts import types as account_types
from server.schema.accounts.types import User, Viewer
from server.schema.common import INPUT, KEY


@strawberry.type(description="Users and the viewer.")
class AccountQueries:
    """Users and the viewer."""

    @strawberry.field(
        description="Who is asking: identity, role and salesperson.", graphql_type=Viewer
    )
    async def viewer(self, info: Info) -> auth_resolvers.ViewerRow:
        return await auth_resolvers.viewer(info)

    @strawberry.field(description="All users by username (ADMIN only).", graphql_type=list[User])
    async def users(self, info: Info) -> list[models.User]:
        return await auth_resolvers.users(info)

    @strawberry.field(description="One user by username (ADMIN only).", graphql_type=User | None)
    async def user(
        self, info: Info, username: Annotated[str, strawberry.argument(description="Username.")]
    ) -> models.User | None:
        return await auth_resolvers.user(info, username)


@strawberry.type(description="Users and API tokens.")
class AccountMutations:
    """Users and API tokens."""

    @strawberry.mutation(
        description="Create a user (ADMIN only).", graphql_type=account_types.UserCreatePayload
    )
    async def user_create(
        self,
        info: Info,
        input: Annotated[account_types.UserCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await auth_resolvers.user_create(info, input)

    @strawberry.mutation(
        description="Change a user's name, role, salesperson or active flag (ADMIN only).",
        graphql_type=account_types.UserUpdatePayload,
    )
    async def user_update(
        self,
        info: Info,
        input: Annotated[account_types.UserUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await auth_resolvers.user_update(info, input)

    @strawberry.mutation(
        description="Issue an API token; the payload shows its secret once (ADMIN only).",
        graphql_type=account_types.ApiTokenCreatePayload,
    )
    async def api_token_create(
        self,
        info: Info,
        input: Annotated[account_types.ApiTokenCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await auth_resolvers.api_token_create(info, input)

    @strawberry.mutation(
        description="Revoke an API token for good (ADMIN only).",
        graphql_type=account_types.ApiTokenRevokePayload,
    )
    async def api_token_revoke(
        self, info: Info, input: Annotated[account_types.ApiTokenRevokeInput, KEY]
    ) -> Payload:
        return await auth_resolvers.api_token_revoke(info, input.id)
