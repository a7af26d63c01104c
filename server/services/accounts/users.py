"""Users and API tokens (docs/domain.md "Who may do what"): who may call the API, and as whom.

Tokens are random secrets shown once; only their SHA-256 is stored, so a leaked database does
not leak working credentials. High-entropy secrets need no slow hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.models import ApiToken, Role, User
from server.services.accounts import credentials
from server.services.core.context import Actor, Clock, Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector, NotFound
from server.services.core.prepared import Prepared
from server.services.core.storage import create_unique, find, get_locked
from server.services.core.unit_of_work import transaction
from server.services.core.values import UNSET, Unset, clean_text, given, label, not_null
from server.services.setup.codes import assignable_salesperson

TOKEN_PREFIX = "cg_"
USERNAME_MAX = 50
#: How stale `lastUsedAt` may get: one write per token per minute, not one per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKEN_LIFETIME = timedelta(days=3650)

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]*$")


@dataclass(frozen=True, kw_only=True)
class UserDraft:
    """Input for a new user."""

    username: str
    name: str
    role: Role
    salesperson_code: str | None = None
    active: bool | None = True


@dataclass(frozen=True, kw_only=True)
class UserChanges:
    """Partial update of a user; the username is immutable."""

    name: str | Unset = UNSET
    role: Role | Unset | None = UNSET
    salesperson_code: str | Unset | None = UNSET
    active: bool | Unset | None = UNSET


@dataclass(frozen=True)
class IssuedToken:
    """A new token with its secret: the only moment the secret is known."""

    token: ApiToken
    secret: str


def hash_secret(secret: str) -> str:
    """The stored form of a token secret."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def clean_username(errors: ErrorCollector, value: str | None, field: str) -> str | None:
    """A login name: trimmed, lower-cased, 1-50 of letters, digits and `._@-`."""
    if value is None or not value.strip():
        errors.add(ErrorCode.REQUIRED, f"{label(field)} is required.", field)
        return None
    name = value.strip().lower()
    if len(name) > USERNAME_MAX:
        errors.add(
            ErrorCode.TOO_LONG,
            f"{label(field)} may have at most {USERNAME_MAX} characters (got {len(name)}).",
            field,
        )
        return None
    if not _USERNAME.match(name):
        errors.add(
            ErrorCode.INVALID,
            f"{label(field)} may hold only letters, digits and . _ @ - (got {value!r}).",
            field,
        )
        return None
    return name


async def _user_values(
    errors: ErrorCollector, data: UserDraft | UserChanges, current: User | None
) -> dict[str, object]:
    values: dict[str, object] = {}
    if given(data.name):
        values["name"] = clean_text(errors, data.name, "name")
    if given(data.role):
        values["role"] = not_null(errors, data.role, "role")
    if given(data.active):
        values["active"] = not_null(errors, data.active, "active")
    if given(data.salesperson_code):
        code = data.salesperson_code
        values["salesperson"] = (
            None
            if code is None
            else await assignable_salesperson(
                errors,
                code,
                "salesperson_code",
                already_assigned=current.salesperson_id if current else None,
            )
        )
    return values


async def create_user(ctx: ServiceContext, draft: UserDraft) -> User:
    """Create a user with a role (ADMIN only)."""
    ctx.require(Permission.MANAGE_USERS)
    errors = ErrorCollector()
    username = clean_username(errors, draft.username, "username")
    values = await _user_values(errors, draft, None)
    errors.raise_if_any()
    async with transaction():
        return await create_unique(
            User, "User", "username", username=username, created_at=ctx.clock.now(), **values
        )


async def update_user(ctx: ServiceContext, username: str, changes: UserChanges) -> User:
    """Change a user's name, role, salesperson or active flag; the last active ADMIN stays."""
    ctx.require(Permission.MANAGE_USERS)
    async with transaction():
        user = await get_locked(User, "User", "username", username=username.strip().lower())
        errors = ErrorCollector()
        values = await _user_values(errors, changes, user)
        errors.raise_if_any()
        stays_admin = values.get("role", user.role) is Role.ADMIN and values.get(
            "active", user.active
        )
        if user.role is Role.ADMIN and user.active and not stays_admin:
            others = await User.filter(role=Role.ADMIN, active=True).exclude(id=user.id).count()
            if not others:
                raise DomainError(
                    ErrorCode.LAST_ADMIN,
                    f"User {user.username} is the last active ADMIN: "
                    "make another user ADMIN first.",
                    ("role",) if "role" in values else ("active",),
                )
        await user.update_from_dict(values).save()
        await credentials.announce_change()
        return user


async def users(ctx: ServiceContext) -> list[User]:
    """All users by username (ADMIN only)."""
    ctx.require(Permission.MANAGE_USERS)
    return await User.all().order_by("username")


async def user_by_username(ctx: ServiceContext, username: str) -> User | None:
    """One user, or None (ADMIN only)."""
    ctx.require(Permission.MANAGE_USERS)
    return await find(User, username=username.strip().lower())


async def viewer_user(ctx: ServiceContext) -> User | None:
    """The acting user's own record (anyone may read themselves; None for the demo actor)."""
    if ctx.actor.user_id is None:
        return None
    return await find(User, id=ctx.actor.user_id)


async def create_token(
    ctx: ServiceContext, username: str, name: str, *, expires_at: datetime | None = None
) -> IssuedToken:
    """Issue a token for a user (ADMIN only); the secret is returned once and never stored."""
    ctx.require(Permission.MANAGE_USERS)
    errors = ErrorCollector()
    cleaned_name = clean_text(errors, name, "name")
    now = ctx.clock.now()
    if expires_at is not None and not (now < expires_at <= now + MAX_TOKEN_LIFETIME):
        errors.add(
            ErrorCode.OUT_OF_RANGE,
            "Expires at must be in the future and at most ten years away.",
            "expires_at",
        )
    errors.raise_if_any()
    async with transaction():
        user = await get_locked(User, "User", "username", username=username.strip().lower())
        if not user.active:
            raise DomainError(
                ErrorCode.BLOCKED, f"User {user.username} is inactive.", ("username",)
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = await ApiToken.create(
            user=user,
            name=cleaned_name,
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            secret_hash=hash_secret(secret),
            created_at=now,
            expires_at=expires_at,
        )
        return IssuedToken(token=token, secret=secret)


async def revoke_token(ctx: ServiceContext, token_id: int) -> ApiToken:
    """Revoke a token for good (ADMIN only); revoking twice keeps the first time."""
    ctx.require(Permission.MANAGE_USERS)
    async with transaction():
        token = await ApiToken.filter(id=token_id).select_for_update().first()
        if token is None:
            raise NotFound("API token", str(token_id), ("id",))
        if token.revoked_at is None:
            token.revoked_at = ctx.clock.now()
            await token.save(update_fields=["revoked_at"])
            await credentials.announce_change()
        return token


async def tokens(ctx: ServiceContext, username: str | None = None) -> list[ApiToken]:
    """Tokens, newest last, optionally of one user (ADMIN only)."""
    ctx.require(Permission.MANAGE_USERS)
    query = ApiToken.all().select_related("user").order_by("id")
    if username is not None:
        query = query.filter(user__username=username.strip().lower())
    return await query


async def tokens_of_users(
    ctx: ServiceContext, user_ids: Sequence[int]
) -> dict[int, list[ApiToken]]:
    """Each user's tokens in one statement (ADMIN only)."""
    ctx.require(Permission.MANAGE_USERS)
    found: dict[int, list[ApiToken]] = {}
    for token in await ApiToken.filter(user_id__in=list(set(user_ids))).order_by("id"):
        found.setdefault(token.user_id, []).append(token)
    return found


#: The two reads of every authenticated request and subscription event, prepared: built by
#: the ORM they cost about 1 ms of each small query's 2 (a three-table join, rebuilt each
#: time); prepared, one execution. Exact on every call: nothing is cached but the SQL text.
_TOKEN_BY_HASH: Prepared[ApiToken | None] = Prepared(
    lambda secret_hash: (
        ApiToken.filter(secret_hash=secret_hash).select_related("user__salesperson").first()
    ),
    str,
)
_TOKEN_BY_ID: Prepared[ApiToken | None] = Prepared(
    lambda token_id: ApiToken.filter(id=token_id).select_related("user").first(), int
)


async def still_authenticated(actor: Actor, clock: Clock) -> bool:
    """Whether the credential an actor was authenticated with still holds: its token is not
    revoked or expired and its user is active (HTTP asks on every request; a subscription
    asks before each event). Actors without a token (demo, command line) always hold."""
    kind, _, token_id = actor.principal.partition(":")
    if kind != "token" or not token_id.isdigit():
        return True
    return _holds(await _TOKEN_BY_ID(int(token_id)), clock.now())


def _holds(token: ApiToken | None, now: datetime) -> bool:
    """A token that exists, is neither revoked nor expired, and whose user is active."""
    return not (
        token is None
        or token.revoked_at is not None
        or (token.expires_at is not None and token.expires_at <= now)
        or not token.user.active
    )


async def authenticate(secret: str, clock: Clock) -> Actor | None:
    """The actor a bearer secret stands for, or None when it is unknown, expired, revoked or
    its user inactive (the caller answers all of these alike). A token read before is not read
    again while nothing about users or tokens has changed (services/accounts/credentials.py)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    secret_hash = hash_secret(secret)
    now = clock.now()
    actor = credentials.recall(secret_hash, now, LAST_USED_RESOLUTION)
    if actor is not None:
        return actor
    stamp = credentials.stamp()
    token = await _TOKEN_BY_HASH(secret_hash)
    if token is None or not _holds(token, now):
        return None
    last_used_at = token.last_used_at
    if last_used_at is None or now - last_used_at >= LAST_USED_RESOLUTION:
        await ApiToken.filter(id=token.id).update(last_used_at=now)
        last_used_at = now
    user = token.user
    actor = Actor(
        user=user.username,
        role=user.role,
        salesperson_code=user.salesperson.code if user.salesperson else None,
        user_id=user.id,
        principal=f"token:{token.id}",
    )
    credentials.remember(
        secret_hash, actor, stamp, expires_at=token.expires_at, last_used_at=last_used_at
    )
    return actor
