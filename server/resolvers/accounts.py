"""Users, API tokens and the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.engine.problems import bad_input
from server.engine.reads import InfoLike, load_by_id
from server.models import ApiToken, Campaign, Interaction, Salesperson, User
from server.resolvers.ids import decode_id
from server.resolvers.mutations import Payload, provided, run_mutation
from server.services.accounts import users as service
from server.services.accounts import viewer as my_day
from server.services.core.context import Actor
from server.services.core.errors import NotFound
from server.services.setup import codes as setup


@dataclass(frozen=True)
class ViewerRow:
    """Who is asking: the acting identity and, when there is one, its stored user."""

    actor: Actor
    user: User | None


async def viewer(info: InfoLike) -> ViewerRow:
    """Query.viewer."""
    ctx = info.context.service
    return ViewerRow(actor=ctx.actor, user=await service.viewer_user(ctx))


async def viewer_salesperson(info: InfoLike, row: ViewerRow) -> Salesperson | None:
    """Viewer.salesperson."""
    code = row.actor.salesperson_code
    return None if code is None else await setup.salesperson_by_code(info.context.service, code)


async def users(info: InfoLike) -> list[User]:
    """Query.users."""
    return await service.users(info.context.service)


async def user(info: InfoLike, username: str) -> User | None:
    """Query.user(username:)."""
    return await service.user_by_username(info.context.service, username)


async def user_salesperson(info: InfoLike, row: User) -> Salesperson | None:
    """User.salesperson through the loader."""
    result: Salesperson | None = await load_by_id(info, Salesperson, row.salesperson_id)
    return result


async def user_tokens(info: InfoLike, row: User) -> list[ApiToken]:
    """User.apiTokens through the loader (ADMIN only)."""
    return await info.context.loaders.user_tokens.load(row.id)


async def token_user(info: InfoLike, row: ApiToken) -> User:
    """ApiToken.user through the loader."""
    result: User = await load_by_id(info, User, row.user_id)
    return result


def token_active(info: InfoLike, row: ApiToken) -> bool:
    """ApiToken.active: neither revoked nor expired at this moment."""
    now = info.context.service.clock.now()
    return row.revoked_at is None and (row.expires_at is None or row.expires_at > now)


async def user_create(info: InfoLike, data: object) -> Payload:
    """Mutation.userCreate."""
    draft = service.UserDraft(**provided(data))
    return await run_mutation("user", lambda: service.create_user(info.context.service, draft))


async def user_update(info: InfoLike, data: object) -> Payload:
    """Mutation.userUpdate."""
    values = provided(data)
    username = values.pop("username")
    changes = service.UserChanges(**values)
    return await run_mutation(
        "user", lambda: service.update_user(info.context.service, username, changes)
    )


async def api_token_create(info: InfoLike, data: object) -> Payload:
    """Mutation.apiTokenCreate: the payload carries the secret, this once."""
    values = provided(data)

    def shape(issued: service.IssuedToken) -> dict[str, Any]:
        return {"api_token": issued.token, "secret": issued.secret}

    return await run_mutation(
        "api_token",
        lambda: service.create_token(
            info.context.service,
            values["username"],
            values["name"],
            expires_at=values.get("expires_at"),
        ),
        shape,
    )


async def api_token_revoke(info: InfoLike, global_id: str) -> Payload:
    """Mutation.apiTokenRevoke."""

    async def revoke() -> ApiToken:
        type_name, pk = decode_id(global_id)
        if type_name != "ApiToken" or not pk.isdigit():
            raise NotFound("API token", global_id, ("id",))
        return await service.revoke_token(info.context.service, int(pk))

    return await run_mutation("api_token", revoke)


async def recent_interactions(info: InfoLike, first: int | None) -> list[Interaction]:
    """Viewer.recentInteractions."""
    size = info.context.default_page_size if first is None else first
    if not 1 <= size <= info.context.max_page_size:
        raise bad_input(f"first must be 1-{info.context.max_page_size}", "first")
    return await my_day.recent_interactions(info.context.service, size)


async def running_campaigns(info: InfoLike, mine: bool) -> list[Campaign]:
    """Viewer.runningCampaigns."""
    return await my_day.running_campaigns(info.context.service, mine=mine)
