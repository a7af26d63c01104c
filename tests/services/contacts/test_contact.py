"""Contact service: keys and numbering, the company/person rules, deletion, the contact filter."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from server.models import Contact, ContactType, Interaction, Segment, SegmentLine
from server.services.contacts import contact as svc
from server.services.core.context import Role, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from tests.builders import make_contact, make_salesperson
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")

COMPANY = ContactType.COMPANY
PERSON = ContactType.PERSON


def codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return sorted(((e.code, e.field) for e in exc.errors), key=str)


async def snapshot() -> list[tuple[object, ...]]:
    return list(
        await Contact.all()
        .order_by("no")
        .values_list("no", "type", "name", "company_id", "salesperson_id", "email")
    )


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


# --- reading -------------------------------------------------------------------------------


async def test_company_of_a_person_is_its_company_and_of_a_company_itself():
    acme = await make_contact(no="ACME")
    ann = await make_contact(acme, no="ANN")
    solo = await make_contact(no="SOLO", type=PERSON)

    assert [svc.company_id_of(c) for c in (acme, ann, solo)] == [acme.id, acme.id, None]


async def _filter_world() -> None:
    ah = await make_salesperson(code="AH")
    bc = await make_salesperson(code="BC")
    acme = await make_contact(no="ACME", name="Acme Corp", city="London", country_code="GB")
    await make_contact(acme, no="ANN", name="Ann Lee", city="london", salesperson=ah)
    await make_contact(acme, no="BOB", name="Bob Acker", blocked=True, country_code="GB")
    globex = await make_contact(
        no="GLOBEX", name="Globex", city="Paris", country_code="FR", salesperson=bc
    )
    await make_contact(globex, no="CARL", name="Carl Dunn", city="Paris", salesperson=ah)
    await make_contact(no="SOLO", type=PERSON, name="Solo Acme")


async def _matching(ctx: ServiceContext, **criteria: object) -> list[str]:
    query = svc.contacts_query(ctx, svc.ContactFilter(**criteria))  # type: ignore[arg-type]
    return sorted(await query.values_list("no", flat=True))  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ["ACME", "ANN", "BOB", "CARL", "GLOBEX", "SOLO"]),
        ({"type": COMPANY}, ["ACME", "GLOBEX"]),
        ({"type": PERSON}, ["ANN", "BOB", "CARL", "SOLO"]),
        ({"salesperson_codes": ["ah", "bc"]}, ["ANN", "CARL", "GLOBEX"]),
        ({"salesperson_codes": []}, []),
        ({"company_no": " acme "}, ["ACME", "ANN", "BOB"]),  # the company and its persons
        ({"company_no": "ANN"}, []),  # a person is nobody's company
        ({"company_no": "NOPE"}, []),
        ({"company_no": ""}, ["ACME", "ANN", "BOB", "CARL", "GLOBEX", "SOLO"]),
        ({"city": "LONDON"}, ["ACME", "ANN"]),
        ({"country_code": "gb"}, ["ACME", "BOB"]),
        ({"search": "acme"}, ["ACME", "SOLO"]),  # name, ignoring case
        ({"search": "ck"}, ["BOB"]),
        ({"search": "glob"}, ["GLOBEX"]),  # number or name
        ({"blocked": True}, ["BOB"]),
        ({"blocked": False, "company_no": "ACME"}, ["ACME", "ANN"]),
        ({"type": PERSON, "salesperson_codes": ["AH"], "city": "paris"}, ["CARL"]),
    ],
)
async def test_contact_filter(
    manager: ServiceContext, criteria: dict[str, object], expected: list[str]
):
    await _filter_world()

    assert await _matching(manager, **criteria) == expected


@pytest.mark.parametrize(
    "criteria",
    [
        {"company_no": "A\x00"},
        {"company_no": "A" * 21},
        {"city": "x\x00"},
        {"city": "C" * 51},
        {"country_code": "\x00"},
        {"country_code": "C" * 11},
        {"search": "\x00"},
        {"salesperson_codes": ["\x00", "X" * 21]},
    ],
)
async def test_filter_values_no_contact_could_have_match_nothing(
    manager: ServiceContext, criteria: dict[str, object]
):
    await _filter_world()

    assert await _matching(manager, **criteria) == []
