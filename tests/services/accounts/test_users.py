"""Users and API tokens: who may manage them, and which secrets authenticate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.context import TortoiseContext

from server.models import ApiToken, Role, User
from server.services.accounts import users as auth
from server.services.core.context import FixedClock, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from tests.builders import make_salesperson, make_user
from tests.conftest import TODAY, make_ctx

ADMIN = make_ctx(Role.ADMIN)
pytestmark = pytest.mark.usefixtures("db")


def codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return [(e.code, e.field) for e in exc.errors]


async def test_admin_creates_a_user_linked_to_a_salesperson() -> None:
    await make_salesperson(code="JO")
    user = await auth.create_user(
        ADMIN,
        auth.UserDraft(
            username="  Jo.Doe@Example ", name="Jo Doe", role=Role.SALES, salesperson_code="jo"
        ),
    )
    stored = await User.get(id=user.id).select_related("salesperson")
    assert (stored.username, stored.role, stored.salesperson.code) == (
        "jo.doe@example",
        Role.SALES,
        "JO",
    )
    assert stored.created_at == TODAY


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.VIEWER])
async def test_only_admin_manages_users_and_tokens(role: Role) -> None:
    target = await make_user()
    ctx = make_ctx(role)
    with pytest.raises(PermissionDenied):
        await auth.create_user(ctx, auth.UserDraft(username="x", name="X", role=Role.ADMIN))
    with pytest.raises(PermissionDenied):
        await auth.update_user(ctx, target.username, auth.UserChanges(role=Role.ADMIN))
    with pytest.raises(PermissionDenied):
        await auth.create_token(ctx, target.username, "laptop")
    with pytest.raises(PermissionDenied):
        await auth.users(ctx)
    assert await User.filter(username="x").count() == 0
    assert (await User.get(id=target.id)).role is Role.MANAGER
    assert await ApiToken.all().count() == 0


async def test_bad_user_input_is_reported_field_by_field_and_nothing_is_written() -> None:
    with pytest.raises(ValidationFailed) as caught:
        await auth.create_user(
            ADMIN,
            auth.UserDraft(
                username="no spaces!", name="\x00", role=Role.VIEWER, salesperson_code="GHOST"
            ),
        )
    assert codes(caught.value) == [
        (ErrorCode.INVALID, ("username",)),
        (ErrorCode.INVALID, ("name",)),
        (ErrorCode.NOT_FOUND, ("salesperson_code",)),
    ]
    assert await User.all().count() == 0


async def test_duplicate_username_is_refused() -> None:
    await make_user(username="ann")
    with pytest.raises(DomainError) as caught:
        await auth.create_user(ADMIN, auth.UserDraft(username="ANN", name="Ann", role=Role.SALES))
    assert caught.value.code is ErrorCode.DUPLICATE
    assert await User.all().count() == 1


async def test_the_last_active_admin_cannot_be_demoted_or_deactivated() -> None:
    admin = await make_user(Role.ADMIN, username="root")
    for changes in (auth.UserChanges(role=Role.MANAGER), auth.UserChanges(active=False)):
        with pytest.raises(DomainError) as caught:
            await auth.update_user(ADMIN, "root", changes)
        assert caught.value.code is ErrorCode.LAST_ADMIN
    stored = await User.get(id=admin.id)
    assert (stored.role, stored.active) == (Role.ADMIN, True)

    await make_user(Role.ADMIN, username="second")
    await auth.update_user(ADMIN, "root", auth.UserChanges(role=Role.MANAGER))
    assert (await User.get(id=admin.id)).role is Role.MANAGER


async def test_a_token_authenticates_as_its_user_and_only_its_hash_is_stored() -> None:
    person = await make_salesperson(code="AMY")
    user = await make_user(Role.SALES, salesperson=person)
    issued = await auth.create_token(ADMIN, user.username, "phone")

    assert issued.secret.startswith("cg_")
    assert len(issued.secret) > 40
    stored = await ApiToken.get(id=issued.token.id)
    assert stored.secret_hash == auth.hash_secret(issued.secret)
    assert issued.secret not in (stored.secret_hash, stored.prefix)
    assert issued.secret.startswith(stored.prefix)

    actor = await auth.authenticate(issued.secret, FixedClock(TODAY))
    assert actor is not None
    assert (actor.user, actor.role, actor.salesperson_code, actor.user_id) == (
        user.username,
        Role.SALES,
        "AMY",
        user.id,
    )
    assert actor.principal == f"token:{stored.id}"
    assert (await ApiToken.get(id=stored.id)).last_used_at == TODAY


async def test_last_used_is_written_at_most_once_a_minute() -> None:
    user = await make_user()
    issued = await auth.create_token(ADMIN, user.username, "ci")
    await auth.authenticate(issued.secret, FixedClock(TODAY))
    await auth.authenticate(issued.secret, FixedClock(TODAY + timedelta(seconds=30)))
    assert (await ApiToken.get(id=issued.token.id)).last_used_at == TODAY
    await auth.authenticate(issued.secret, FixedClock(TODAY + timedelta(minutes=2)))
    assert (await ApiToken.get(id=issued.token.id)).last_used_at == TODAY + timedelta(minutes=2)


async def test_expired_revoked_unknown_and_inactive_credentials_do_not_authenticate() -> None:
    user = await make_user()
    later = TODAY + timedelta(days=1)
    expiring = await auth.create_token(ADMIN, user.username, "short", expires_at=later)
    revoked = await auth.create_token(ADMIN, user.username, "old")
    await auth.revoke_token(ADMIN, revoked.token.id)

    clock = FixedClock(later)
    assert await auth.authenticate(expiring.secret, FixedClock(TODAY)) is not None
    assert await auth.authenticate(expiring.secret, clock) is None
    assert await auth.authenticate(revoked.secret, FixedClock(TODAY)) is None
    assert await auth.authenticate("cg_" + "x" * 43, clock) is None
    assert await auth.authenticate("not-a-token", clock) is None

    fresh = await auth.create_token(ADMIN, user.username, "new")
    await make_user(Role.ADMIN)
    await auth.update_user(ADMIN, user.username, auth.UserChanges(active=False))
    assert await auth.authenticate(fresh.secret, FixedClock(TODAY)) is None


async def test_revoking_twice_keeps_the_first_revocation_time() -> None:
    user = await make_user()
    issued = await auth.create_token(ADMIN, user.username, "laptop")
    await auth.revoke_token(ADMIN, issued.token.id)
    later = ServiceContext(actor=ADMIN.actor, clock=FixedClock(TODAY + timedelta(hours=1)))
    token = await auth.revoke_token(later, issued.token.id)
    assert token.revoked_at == TODAY


async def test_token_refusals_change_nothing() -> None:
    user = await make_user()
    with pytest.raises(ValidationFailed) as caught:
        await auth.create_token(ADMIN, user.username, " ", expires_at=TODAY - timedelta(days=1))
    assert codes(caught.value) == [
        (ErrorCode.REQUIRED, ("name",)),
        (ErrorCode.OUT_OF_RANGE, ("expires_at",)),
    ]
    with pytest.raises(DomainError) as missing:
        await auth.create_token(ADMIN, "nobody", "x")
    assert missing.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(DomainError) as unknown:
        await auth.revoke_token(ADMIN, 999)
    assert unknown.value.code is ErrorCode.NOT_FOUND
    inactive = await make_user(active=False)
    with pytest.raises(DomainError) as blocked:
        await auth.create_token(ADMIN, inactive.username, "x")
    assert blocked.value.code is ErrorCode.BLOCKED
    assert await ApiToken.all().count() == 0


async def test_tokens_are_listed_per_user(db: TortoiseContext) -> None:
    ann, bob = await make_user(username="ann"), await make_user(username="bob")
    await auth.create_token(ADMIN, "ann", "a1")
    await auth.create_token(ADMIN, "bob", "b1")
    await auth.create_token(ADMIN, "ann", "a2")
    assert [t.name for t in await auth.tokens(ADMIN, "ann")] == ["a1", "a2"]
    assert len(await auth.tokens(ADMIN)) == 3
    grouped = await auth.tokens_of_users(ADMIN, [ann.id, bob.id])
    assert {k: [t.name for t in v] for k, v in grouped.items()} == {
        ann.id: ["a1", "a2"],
        bob.id: ["b1"],
    }
