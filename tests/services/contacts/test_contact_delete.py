"""Deleting contacts: an unreferenced one goes, one in use stays; unknown contacts are not
found; only managers and admins change contacts."""

from __future__ import annotations

from datetime import date

import pytest

from server.models import Contact, Interaction, Segment, SegmentLine
from server.services.contacts import contact as svc
from server.services.core.context import Role, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied
from tests.builders import make_contact
from tests.conftest import make_ctx
from tests.services.contacts.contact_builders import COMPANY, snapshot

pytestmark = pytest.mark.usefixtures("db")


# --- deleting ------------------------------------------------------------------------------


async def test_delete_removes_an_unreferenced_contact(manager: ServiceContext):
    await make_contact(no="ACME")

    deleted = await svc.delete_contact(manager, "acme")

    assert deleted.no == "ACME"
    assert await Contact.all().count() == 0


async def test_a_company_with_persons_cannot_be_deleted(manager: ServiceContext):
    acme = await make_contact(no="ACME")
    await make_contact(acme, no="ANN")

    with pytest.raises(DomainError) as caught:
        await svc.delete_contact(manager, "ACME")

    assert caught.value.code == ErrorCode.IN_USE
    assert "1 persons" in caught.value.message
    assert await Contact.all().count() == 2


async def test_a_contact_in_a_segment_or_with_interactions_cannot_be_deleted(
    manager: ServiceContext,
):
    acme = await make_contact(no="ACME")
    ann = await make_contact(acme, no="ANN")
    segment = await Segment.create(no="SEG1", description="Fair")
    await SegmentLine.create(segment=segment, line_no=10000, contact=ann)
    await Interaction.create(
        entry_no=1,
        contact=ann,
        contact_company=acme,
        date=date(2026, 3, 1),
        description="Call",
        user="x",
    )

    with pytest.raises(DomainError) as caught:
        await svc.delete_contact(manager, "ANN")

    assert caught.value.code == ErrorCode.IN_USE
    assert "1 interactions" in caught.value.message
    assert "1 segment lines" in caught.value.message
    assert await Contact.filter(no="ANN").exists()


async def test_unknown_contacts_are_not_found(manager: ServiceContext):
    for call in (
        svc.update_contact(manager, "X", svc.ContactChanges(name="Y")),
        svc.delete_contact(manager, "X"),
        svc.delete_contact(manager, "X" * 30),
    ):
        with pytest.raises(DomainError) as caught:
            await call
        assert caught.value.code == ErrorCode.NOT_FOUND


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_managers_and_admins_change_contacts(role: Role):
    await make_contact(no="ACME", name="Acme")
    ctx = make_ctx(role)
    before = await snapshot()

    with pytest.raises(PermissionDenied):
        await svc.create_contact(ctx, svc.ContactDraft(type=COMPANY, name="A"))
    with pytest.raises(PermissionDenied):
        await svc.update_contact(ctx, "ACME", svc.ContactChanges(name="B"))
    with pytest.raises(PermissionDenied):
        await svc.delete_contact(ctx, "ACME")

    assert await snapshot() == before
    found = await svc.contact_by_no(ctx, "acme")
    assert found is not None
    assert found.name == "Acme"
