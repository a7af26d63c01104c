"""Changing contacts: values changed and cleared, the company/person rules when a contact
changes type or company, and salespeople that are blocked."""

from __future__ import annotations

import pytest

from server.models import Contact
from server.services.contacts import contact as svc
from server.services.core.context import ServiceContext
from server.services.core.errors import ErrorCode, ValidationFailed
from tests.builders import make_contact, make_salesperson
from tests.services.contacts.contact_builders import COMPANY, PERSON, codes, snapshot

pytestmark = pytest.mark.usefixtures("db")


# --- changing ------------------------------------------------------------------------------


async def test_update_changes_and_clears_values(manager: ServiceContext):
    await make_salesperson(code="AH")
    await make_contact(no="ACME", city="Paris", email="a@acme.example", phone="1")

    await svc.update_contact(
        manager,
        " acme ",
        svc.ContactChanges(
            name="Acme Ltd", city=None, email="", salesperson_code="AH", country_code="fr"
        ),
    )

    stored = await Contact.get(no="ACME").prefetch_related("salesperson")
    assert (stored.name, stored.city, stored.email, stored.phone) == ("Acme Ltd", None, None, "1")
    assert stored.country_code == "FR"
    assert stored.salesperson is not None
    assert stored.salesperson.code == "AH"

    await svc.update_contact(manager, "ACME", svc.ContactChanges(salesperson_code=" "))
    assert (await Contact.get(no="ACME")).salesperson_id is None  # type: ignore[attr-defined]


async def test_type_and_name_cannot_be_cleared(manager: ServiceContext):
    await make_contact(no="ACME", name="Acme")

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_contact(manager, "ACME", svc.ContactChanges(type=None, name=None))

    assert codes(caught.value) == [(ErrorCode.REQUIRED, ("name",)), (ErrorCode.REQUIRED, ("type",))]
    assert await snapshot() == [("ACME", COMPANY, "Acme", None, None, None)]


async def test_a_person_moves_to_another_company_and_leaves_it(manager: ServiceContext):
    acme = await make_contact(no="ACME")
    await make_contact(no="GLOBEX")
    await make_contact(acme, no="ANN")

    await svc.update_contact(manager, "ANN", svc.ContactChanges(company_no="globex"))
    moved = await Contact.get(no="ANN").prefetch_related("company")
    await svc.update_contact(manager, "ANN", svc.ContactChanges(company_no=None))
    left = await Contact.get(no="ANN")

    assert moved.company is not None
    assert moved.company.no == "GLOBEX"
    assert left.company_id is None  # type: ignore[attr-defined]


async def test_a_company_with_persons_cannot_become_a_person(manager: ServiceContext):
    acme = await make_contact(no="ACME")
    await make_contact(acme, no="ANN")
    before = await snapshot()

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_contact(manager, "ACME", svc.ContactChanges(type=PERSON))

    assert codes(caught.value) == [(ErrorCode.COMPANY_HAS_PERSONS, ("type",))]
    assert await snapshot() == before


async def test_a_company_without_persons_may_become_a_person_of_another_company(
    manager: ServiceContext,
):
    await make_contact(no="ACME")
    await make_contact(no="SOLO")

    await svc.update_contact(manager, "SOLO", svc.ContactChanges(type=PERSON, company_no="ACME"))

    stored = await Contact.get(no="SOLO").prefetch_related("company")
    assert stored.type is PERSON
    assert stored.company is not None
    assert stored.company.no == "ACME"


async def test_a_contact_cannot_belong_to_itself(manager: ServiceContext):
    await make_contact(no="SOLO")

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_contact(
            manager, "SOLO", svc.ContactChanges(type=PERSON, company_no="SOLO")
        )

    assert codes(caught.value) == [(ErrorCode.INVALID, ("company_no",))]
    assert (await Contact.get(no="SOLO")).type is COMPANY


async def test_a_person_becoming_a_company_loses_its_company(manager: ServiceContext):
    acme = await make_contact(no="ACME")
    await make_contact(acme, no="ANN")

    await svc.update_contact(manager, "ANN", svc.ContactChanges(type=COMPANY))

    stored = await Contact.get(no="ANN")
    assert (stored.type, stored.company_id) == (COMPANY, None)  # type: ignore[attr-defined]


async def test_a_company_refuses_a_company_number_on_update(manager: ServiceContext):
    await make_contact(no="ACME")
    await make_contact(no="GLOBEX")

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_contact(manager, "GLOBEX", svc.ContactChanges(company_no="ACME"))
    await svc.update_contact(manager, "GLOBEX", svc.ContactChanges(company_no=""))

    assert codes(caught.value) == [(ErrorCode.INVALID, ("company_no",))]
    assert (await Contact.get(no="GLOBEX")).company_id is None  # type: ignore[attr-defined]


async def test_a_blocked_salesperson_may_stay_but_not_be_newly_assigned(manager: ServiceContext):
    old = await make_salesperson(code="OLD")
    await make_salesperson(code="BLK", blocked=True)
    await make_contact(no="ACME", salesperson=old)
    old.blocked = True
    await old.save()

    await svc.update_contact(manager, "ACME", svc.ContactChanges(salesperson_code="OLD", name="A"))
    with pytest.raises(ValidationFailed) as caught:
        await svc.update_contact(manager, "ACME", svc.ContactChanges(salesperson_code="BLK"))

    assert codes(caught.value) == [(ErrorCode.BLOCKED, ("salesperson_code",))]
    stored = await Contact.get(no="ACME")
    assert (stored.name, stored.salesperson_id) == ("A", old.id)  # type: ignore[attr-defined]
