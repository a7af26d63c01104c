"""Creating contacts: numbering and keys, normalised fields, every refusal at once, and the
company/person rules for a new contact."""

from __future__ import annotations

import asyncio

import pytest

from server.models import Contact
from server.services.contacts import contact as svc
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ValidationFailed
from tests.builders import make_contact, make_salesperson
from tests.services.contacts.contact_builders import COMPANY, PERSON, codes

pytestmark = pytest.mark.usefixtures("db")


# --- creating ------------------------------------------------------------------------------


async def test_create_draws_numbers_and_normalises_every_field(manager: ServiceContext):
    await make_salesperson(code="AH")

    company = await svc.create_contact(
        manager,
        svc.ContactDraft(
            type=COMPANY,
            name="  Cronus Cardoxy  ",
            email=" info@cardoxy.example ",
            phone=" +44 20 7946 0000 ",
            address="5 Park Lane",
            address_2=" ",
            city=" London ",
            post_code="W1K 1AA",
            country_code=" gb ",
            salesperson_code=" ah ",
        ),
    )
    person = await svc.create_contact(
        manager,
        svc.ContactDraft(no="   ", type=PERSON, name="Ann Lee", company_no=" ct00001 "),
    )

    assert (company.no, person.no) == ("CT00001", "CT00002")
    stored = await Contact.get(no="CT00001").prefetch_related("salesperson")
    assert (stored.name, stored.email, stored.phone, stored.city) == (
        "Cronus Cardoxy",
        "info@cardoxy.example",
        "+44 20 7946 0000",
        "London",
    )
    assert (stored.address_2, stored.country_code, stored.blocked) == (None, "GB", False)
    assert stored.salesperson is not None
    assert stored.salesperson.code == "AH"
    assert (await Contact.get(no="CT00002")).company_id == stored.id  # type: ignore[attr-defined]


async def test_series_skips_numbers_entered_by_hand_and_keys_are_upper_cased(
    manager: ServiceContext,
):
    await svc.create_contact(manager, svc.ContactDraft(no=" ct00001 ", type=COMPANY, name="A"))

    drawn = await svc.create_contact(manager, svc.ContactDraft(type=COMPANY, name="B"))

    assert drawn.no == "CT00002"
    assert [c.no for c in await Contact.all().order_by("no")] == ["CT00001", "CT00002"]


async def test_concurrent_creates_never_share_a_number(manager: ServiceContext):
    made = await asyncio.gather(
        *(
            svc.create_contact(manager, svc.ContactDraft(type=COMPANY, name=f"C{i}"))
            for i in range(8)
        )
    )

    assert len({c.no for c in made}) == 8
    assert await Contact.all().count() == 8


async def test_create_reports_every_bad_field_at_once_and_stores_nothing(manager: ServiceContext):
    draft = svc.ContactDraft(
        no="X" * 21,
        type=PERSON,
        name=" ",
        company_no="NOPE",
        email="not-an-email",
        phone="1" * 31,
        address="line\nbreak",
        city="C" * 51,
        post_code="P" * 21,
        country_code="g?",
        salesperson_code="NOBODY",
        job_title="J" * 101,
    )

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_contact(manager, draft)

    assert codes(caught.value) == sorted(
        [
            (ErrorCode.TOO_LONG, ("no",)),
            (ErrorCode.REQUIRED, ("name",)),
            (ErrorCode.NOT_FOUND, ("company_no",)),
            (ErrorCode.INVALID, ("email",)),
            (ErrorCode.TOO_LONG, ("phone",)),
            (ErrorCode.INVALID, ("address",)),
            (ErrorCode.TOO_LONG, ("city",)),
            (ErrorCode.TOO_LONG, ("post_code",)),
            (ErrorCode.INVALID, ("country_code",)),
            (ErrorCode.NOT_FOUND, ("salesperson_code",)),
            (ErrorCode.TOO_LONG, ("job_title",)),
        ],
        key=str,
    )
    assert await Contact.all().count() == 0


async def test_duplicate_number_is_refused(manager: ServiceContext):
    await make_contact(no="CT1")

    with pytest.raises(DomainError) as caught:
        await svc.create_contact(manager, svc.ContactDraft(no="ct1", type=COMPANY, name="Again"))

    assert (caught.value.code, caught.value.field) == (ErrorCode.DUPLICATE, ("no",))
    assert await Contact.filter(no="CT1").count() == 1


async def test_a_company_cannot_belong_to_a_company(manager: ServiceContext):
    await make_contact(no="ACME")

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_contact(
            manager, svc.ContactDraft(type=COMPANY, name="Sub", company_no="ACME")
        )

    assert codes(caught.value) == [(ErrorCode.INVALID, ("company_no",))]
    assert await Contact.all().count() == 1


async def test_a_persons_company_must_be_a_company_contact(manager: ServiceContext):
    loner = await make_contact(no="LONER", type=PERSON)

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_contact(
            manager, svc.ContactDraft(type=PERSON, name="Bob", company_no="loner")
        )

    assert codes(caught.value) == [(ErrorCode.INVALID, ("company_no",))]
    assert "LONER is a person" in caught.value.errors[0].message
    assert [c.no for c in await Contact.all()] == [loner.no]


async def test_a_person_without_a_company_is_allowed(manager: ServiceContext):
    person = await svc.create_contact(manager, svc.ContactDraft(type=PERSON, name="Solo"))

    assert (await Contact.get(no=person.no)).company_id is None  # type: ignore[attr-defined]


async def test_blocked_salesperson_cannot_be_assigned(manager: ServiceContext):
    await make_salesperson(code="BLK", blocked=True)

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_contact(
            manager, svc.ContactDraft(type=COMPANY, name="A", salesperson_code="blk")
        )

    assert codes(caught.value) == [(ErrorCode.BLOCKED, ("salesperson_code",))]
    assert await Contact.all().count() == 0
