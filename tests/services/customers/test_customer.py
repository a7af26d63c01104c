"""Customer service: numbering, groups, the business relation with company contacts, deletion,
the customer filter."""

from __future__ import annotations

import asyncio

import pytest

from server.models import Contact, ContactType, Customer
from server.services.contacts import contact as contacts
from server.services.core.context import Role, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.customers import customer as svc
from tests.builders import (
    make_contact,
    make_customer,
    make_customer_discount_group,
    make_price_group,
)
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


def codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return sorted(((e.code, e.field) for e in exc.errors), key=str)


async def links() -> list[tuple[object, ...]]:
    return list(await Customer.all().order_by("no").values_list("no", "contact__no"))


# --- creating ------------------------------------------------------------------------------


async def test_create_draws_numbers_and_resolves_groups_and_the_contact(manager: ServiceContext):
    await make_price_group(code="RETAIL")
    await make_customer_discount_group(code="LARGE")
    await make_contact(no="ACME")

    first = await svc.create_customer(
        manager,
        svc.CustomerDraft(
            name="  Acme Ltd ",
            contact_no=" acme ",
            price_group_code="retail",
            discount_group_code=" large ",
        ),
    )
    second = await svc.create_customer(manager, svc.CustomerDraft(no=" ", name="Walk-in"))

    assert (first.no, first.name, first.blocked) == ("C00001", "Acme Ltd", False)
    assert second.no == "C00002"
    stored = await Customer.get(no="C00001").prefetch_related(
        "contact", "price_group", "discount_group"
    )
    assert stored.contact is not None
    assert stored.contact.no == "ACME"
    assert stored.price_group is not None
    assert stored.price_group.code == "RETAIL"
    assert stored.discount_group is not None
    assert stored.discount_group.code == "LARGE"
    assert await links() == [("C00001", "ACME"), ("C00002", None)]


async def test_create_reports_every_bad_value_and_changes_nothing(manager: ServiceContext):
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_customer(
            manager,
            svc.CustomerDraft(
                no="bad key!",
                name=" ",
                contact_no="NOPE",
                price_group_code="NOPE",
                discount_group_code="NOPE",
                blocked=None,
            ),
        )

    assert codes(caught.value) == [
        (ErrorCode.INVALID, ("no",)),
        (ErrorCode.NOT_FOUND, ("contact_no",)),
        (ErrorCode.NOT_FOUND, ("discount_group_code",)),
        (ErrorCode.NOT_FOUND, ("price_group_code",)),
        (ErrorCode.REQUIRED, ("blocked",)),
        (ErrorCode.REQUIRED, ("name",)),
    ]
    assert await Customer.all().count() == 0


async def test_a_duplicate_number_is_refused(manager: ServiceContext):
    await make_customer(no="C1")

    with pytest.raises(DomainError) as caught:
        await svc.create_customer(manager, svc.CustomerDraft(no="c1", name="Again"))

    assert (caught.value.code, caught.value.field) == (ErrorCode.DUPLICATE, ("no",))
    assert await Customer.all().count() == 1


# --- the business relation -----------------------------------------------------------------


async def test_a_person_cannot_be_linked_to_a_customer(manager: ServiceContext):
    acme = await make_contact(no="ACME")
    await make_contact(acme, no="ANN")

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_customer(manager, svc.CustomerDraft(name="Ann", contact_no="ANN"))

    assert codes(caught.value) == [(ErrorCode.INVALID, ("contact_no",))]
    assert "person" in caught.value.errors[0].message
    assert await Customer.all().count() == 0


async def test_a_company_linked_to_one_customer_cannot_be_linked_to_another(
    manager: ServiceContext,
):
    acme = await make_contact(no="ACME")
    await make_customer(acme, no="C1")
    await make_customer(no="C2")

    with pytest.raises(ValidationFailed) as create:
        await svc.create_customer(manager, svc.CustomerDraft(name="Twin", contact_no="ACME"))
    with pytest.raises(ValidationFailed) as update:
        await svc.update_customer(manager, "C2", svc.CustomerChanges(contact_no="ACME"))

    assert codes(create.value) == [(ErrorCode.CONTACT_ALREADY_LINKED, ("contact_no",))]
    assert "C1" in create.value.errors[0].message
    assert codes(update.value) == [(ErrorCode.CONTACT_ALREADY_LINKED, ("contact_no",))]
    assert await links() == [("C1", "ACME"), ("C2", None)]


async def test_link_relink_and_unlink(manager: ServiceContext):
    await make_contact(no="ACME")
    await make_contact(no="BETA")
    await make_customer(no="C1", name="Original")

    await svc.update_customer(manager, "C1", svc.CustomerChanges(contact_no="ACME"))
    assert await links() == [("C1", "ACME")]
    await svc.update_customer(manager, "C1", svc.CustomerChanges(contact_no="ACME"))  # same
    assert await links() == [("C1", "ACME")]
    await svc.update_customer(manager, "C1", svc.CustomerChanges(contact_no="beta"))
    assert await links() == [("C1", "BETA")]
    await svc.update_customer(manager, "C1", svc.CustomerChanges(contact_no=None))
    assert await links() == [("C1", None)]
    await svc.update_customer(manager, "C1", svc.CustomerChanges(name="Renamed"))
    assert await Customer.get(no="C1").values_list("name", "contact_id") == ("Renamed", None)


async def test_a_refused_update_changes_nothing(manager: ServiceContext):
    acme = await make_contact(no="ACME")
    await make_customer(acme, no="C1", name="Original")

    with pytest.raises(ValidationFailed):
        await svc.update_customer(manager, "C1", svc.CustomerChanges(name="New", contact_no="NOPE"))
    with pytest.raises(DomainError) as missing:
        await svc.update_customer(manager, "NOPE", svc.CustomerChanges(name="New"))

    assert missing.value.code == ErrorCode.NOT_FOUND
    assert await Customer.get(no="C1").values_list("name", "contact__no") == ("Original", "ACME")


async def test_every_link_change_goes_through_set_business_relation(
    manager: ServiceContext, monkeypatch: pytest.MonkeyPatch
):
    await make_contact(no="ACME")
    await make_contact(no="BETA")
    seen: list[tuple[str, str | None]] = []
    real = svc.set_business_relation

    async def spy(customer: Customer, contact: Contact | None) -> None:
        seen.append((customer.no, contact.no if contact else None))
        await real(customer, contact)

    monkeypatch.setattr(svc, "set_business_relation", spy)

    await svc.create_customer(manager, svc.CustomerDraft(no="C1", name="A", contact_no="ACME"))
    await svc.update_customer(manager, "C1", svc.CustomerChanges(contact_no="BETA"))
    await svc.update_customer(manager, "C1", svc.CustomerChanges(contact_no=None))
    await svc.update_customer(manager, "C1", svc.CustomerChanges(contact_no="ACME"))
    await svc.delete_customer(manager, "C1")

    assert seen == [
        ("C1", "ACME"),
        ("C1", "BETA"),
        ("C1", None),
        ("C1", "ACME"),
        ("C1", None),
    ]


async def test_a_lost_race_for_a_contact_is_reported_as_already_linked():
    acme = await make_contact(no="ACME")
    await make_customer(acme, no="C1")
    other = await make_customer(no="C2")

    with pytest.raises(DomainError) as caught:
        await svc.set_business_relation(other, acme)  # validation skipped, as in a race

    assert (caught.value.code, caught.value.field) == (
        ErrorCode.CONTACT_ALREADY_LINKED,
        ("contact_no",),
    )
    assert await links() == [("C1", "ACME"), ("C2", None)]


async def test_concurrent_links_of_one_contact_leave_exactly_one(manager: ServiceContext):
    await make_contact(no="ACME")
    await make_customer(no="C1")
    await make_customer(no="C2")

    results = await asyncio.gather(
        svc.update_customer(manager, "C1", svc.CustomerChanges(contact_no="ACME")),
        svc.update_customer(manager, "C2", svc.CustomerChanges(contact_no="ACME")),
        return_exceptions=True,
    )

    failures = [r for r in results if isinstance(r, Exception)]
    assert len(failures) == 1
    assert isinstance(failures[0], DomainError | ValidationFailed)
    assert await Customer.filter(contact__no="ACME").count() == 1


async def test_a_linked_company_cannot_become_a_person_and_cannot_be_deleted(
    manager: ServiceContext,
):
    acme = await make_contact(no="ACME")
    await make_customer(acme, no="C1")

    with pytest.raises(ValidationFailed) as retype:
        await contacts.update_contact(
            manager, "ACME", contacts.ContactChanges(type=ContactType.PERSON)
        )
    with pytest.raises(DomainError) as delete:
        await contacts.delete_contact(manager, "ACME")

    assert codes(retype.value) == [(ErrorCode.CONTACT_LINKED_TO_CUSTOMER, ("type",))]
    assert delete.value.code == ErrorCode.IN_USE
    assert "customer" in delete.value.message
    assert (await Contact.get(no="ACME")).type is ContactType.COMPANY


async def test_customer_of_contact_follows_the_business_relation():
    acme = await make_contact(no="ACME")
    ann = await make_contact(acme, no="ANN")
    beta = await make_contact(no="BETA")
    await make_customer(acme, no="C1")

    found = await svc.customer_of_contact(acme)

    assert found is not None
    assert found.no == "C1"
    assert await svc.customer_of_contact(ann) is None  # a person is never linked
    assert await svc.customer_of_contact(beta) is None
    by_contact = await svc.customers_of_contacts(make_ctx(Role.VIEWER), [acme.id, beta.id])
    assert {k: c.no for k, c in by_contact.items()} == {acme.id: "C1"}


# --- deleting ------------------------------------------------------------------------------


async def test_delete_removes_the_customer_and_frees_its_contact(manager: ServiceContext):
    acme = await make_contact(no="ACME")
    await make_customer(acme, no="C1")

    deleted = await svc.delete_customer(manager, "c1")

    assert deleted.no == "C1"
    assert await Customer.all().count() == 0
    await svc.create_customer(manager, svc.CustomerDraft(no="C2", name="B", contact_no="ACME"))
    assert await links() == [("C2", "ACME")]


async def test_deleting_a_missing_customer_is_not_found(manager: ServiceContext):
    with pytest.raises(DomainError) as caught:
        await svc.delete_customer(manager, "NOPE")

    assert caught.value.code == ErrorCode.NOT_FOUND


# --- reading -------------------------------------------------------------------------------


async def test_the_customer_filter(manager: ServiceContext):
    retail = await make_price_group(code="RETAIL")
    large = await make_customer_discount_group(code="LARGE")
    await make_customer(no="C1", name="Acme Retail", price_group=retail)
    await make_customer(no="C2", name="Beta", discount_group=large, blocked=True)
    await make_customer(no="C3", name="Gamma", price_group=retail, discount_group=large)

    async def nos(**criteria: object) -> list[str]:
        query = svc.customers_query(manager, svc.CustomerFilter(**criteria))  # type: ignore[arg-type]
        return sorted(await query.values_list("no", flat=True))

    assert await nos() == ["C1", "C2", "C3"]
    assert await nos(search="acme") == ["C1"]
    assert await nos(search="c2") == ["C2"]
    assert await nos(search=" ") == ["C1", "C2", "C3"]
    assert await nos(search="\x00") == []
    assert await nos(price_group_code=" retail ") == ["C1", "C3"]
    assert await nos(discount_group_code="large") == ["C2", "C3"]
    assert await nos(discount_group_code="X" * 11) == []
    assert await nos(price_group_code="RETAIL", discount_group_code="LARGE") == ["C3"]
    assert await nos(blocked=True) == ["C2"]
    assert await nos(blocked=False) == ["C1", "C3"]


async def test_lookup_by_number(manager: ServiceContext):
    await make_customer(no="C1")

    found = await svc.customer_by_no(manager, " c1 ")

    assert found is not None
    assert found.no == "C1"
    assert await svc.customer_by_no(manager, "NOPE") is None


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_admins_and_managers_change_customers(role: Role):
    await make_customer(no="C1")
    ctx = make_ctx(role, salesperson="AH")

    with pytest.raises(PermissionDenied):
        await svc.create_customer(ctx, svc.CustomerDraft(name="X"))
    with pytest.raises(PermissionDenied):
        await svc.update_customer(ctx, "C1", svc.CustomerChanges(name="X"))
    with pytest.raises(PermissionDenied):
        await svc.delete_customer(ctx, "C1")
    assert await svc.customer_by_no(ctx, "C1") is not None
    assert await Customer.get(no="C1").values_list("name", flat=True) != "X"
