"""Setup service: salespeople, teams and campaign status codes."""

from __future__ import annotations

import pytest

from server.models import CampaignStatus, Salesperson, Team
from server.services.core.context import Role, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.setup import codes as svc
from tests.builders import make_campaign, make_salesperson, make_status, make_team
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


async def test_salesperson_create_normalises_and_validates(manager: ServiceContext):
    person = await svc.create_salesperson(
        manager,
        svc.SalespersonDraft(code=" jo ", name=" Jim Olive ", email=" jim@cronus.example "),
    )

    stored = await Salesperson.get(code="JO")
    assert (person.code, stored.name, stored.email) == ("JO", "Jim Olive", "jim@cronus.example")


async def test_salesperson_bad_input_lists_every_field_and_stores_nothing(
    manager: ServiceContext,
):
    draft = svc.SalespersonDraft(code="", name="a\x00b", email="not-an-email", phone="1" * 31)

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_salesperson(manager, draft)

    assert sorted((e.code.value, e.field) for e in caught.value.errors) == [
        ("INVALID", ("email",)),
        ("INVALID", ("name",)),
        ("REQUIRED", ("code",)),
        ("TOO_LONG", ("phone",)),
    ]
    assert await Salesperson.all().count() == 0


async def test_salesperson_code_is_unique(manager: ServiceContext):
    await make_salesperson(code="JO")

    with pytest.raises(DomainError) as caught:
        await svc.create_salesperson(manager, svc.SalespersonDraft(code="jo", name="Other"))

    assert caught.value.code == ErrorCode.DUPLICATE
    assert await Salesperson.filter(code="JO").count() == 1


async def test_salesperson_update_and_clear(manager: ServiceContext):
    await make_salesperson(code="JO", email="a@b.example", phone="123")

    await svc.update_salesperson(
        manager, "jo", svc.SalespersonChanges(email=None, blocked=True, name="Jim")
    )

    stored = await Salesperson.get(code="JO")
    assert (stored.name, stored.email, stored.phone, stored.blocked) == ("Jim", None, "123", True)


async def test_salesperson_in_use_cannot_be_deleted(manager: ServiceContext):
    person = await make_salesperson(code="JO")
    await make_campaign(salesperson=person)

    with pytest.raises(DomainError) as caught:
        await svc.delete_salesperson(manager, "JO")

    assert caught.value.code == ErrorCode.IN_USE
    assert "1 campaigns" in caught.value.message
    assert await Salesperson.exists(code="JO")


async def test_salesperson_delete_takes_team_memberships_along(manager: ServiceContext):
    person = await make_salesperson(code="JO")
    team = await make_team([person])

    await svc.delete_salesperson(manager, "JO")

    assert not await Salesperson.exists(code="JO")
    assert await team.members.all().count() == 0


async def test_team_create_with_members_refuses_blocked_and_unknown(manager: ServiceContext):
    await make_salesperson(code="A")
    await make_salesperson(code="B", blocked=True)

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_team(
            manager, svc.TeamDraft(code="north", name="North", member_codes=["a", "b", "zz"])
        )

    assert [(e.code, e.field) for e in caught.value.errors] == [
        (ErrorCode.BLOCKED, ("member_codes", 1)),
        (ErrorCode.NOT_FOUND, ("member_codes", 2)),
    ]
    assert await Team.all().count() == 0


async def test_team_membership_is_replaced_and_a_blocked_member_may_stay(
    manager: ServiceContext,
):
    a = await make_salesperson(code="A")
    b = await make_salesperson(code="B")
    await make_salesperson(code="C")
    await make_team([a, b], code="NORTH")
    b.blocked = True
    await b.save()

    team = await svc.update_team(manager, "north", svc.TeamChanges(member_codes=["B", "C"]))
    members = await svc.team_members(manager, [team.id])

    assert [p.code for p in members[team.id]] == ["B", "C"]


async def test_status_in_use_cannot_be_deleted_but_unused_can(manager: ServiceContext):
    used = await make_status(code="RUNNING")
    await make_status(code="SPARE")
    await make_campaign(status=used)

    with pytest.raises(DomainError) as caught:
        await svc.delete_campaign_status(manager, "running")
    await svc.delete_campaign_status(manager, "spare")

    assert caught.value.code == ErrorCode.IN_USE
    assert [s.code for s in await CampaignStatus.all()] == ["RUNNING"]


async def test_status_update_and_listing_order(manager: ServiceContext):
    await make_status(code="B", sort_order=2)
    await make_status(code="A", sort_order=1)

    await svc.update_campaign_status(
        manager, "B", svc.CampaignStatusChanges(sort_order=0, description="First")
    )

    assert [s.code for s in await svc.campaign_statuses(manager)] == ["B", "A"]
    assert (await CampaignStatus.get(code="B")).description == "First"


async def test_unknown_records_are_not_found(manager: ServiceContext):
    for call in (
        svc.update_salesperson(manager, "X", svc.SalespersonChanges(name="Y")),
        svc.update_team(manager, "X", svc.TeamChanges(name="Y")),
        svc.delete_team(manager, "X"),
        svc.delete_campaign_status(manager, "X"),
    ):
        with pytest.raises(DomainError) as caught:
            await call
        assert caught.value.code == ErrorCode.NOT_FOUND


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_managers_and_admins_change_setup(role: Role):
    ctx = make_ctx(role)

    with pytest.raises(PermissionDenied):
        await svc.create_salesperson(ctx, svc.SalespersonDraft(code="A", name="A"))
    with pytest.raises(PermissionDenied):
        await svc.create_team(ctx, svc.TeamDraft(code="A", name="A"))
    with pytest.raises(PermissionDenied):
        await svc.create_campaign_status(ctx, svc.CampaignStatusDraft(code="A", description="A"))

    assert await svc.salespeople(ctx) == []
    assert await Salesperson.all().count() == 0
