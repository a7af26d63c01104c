"""Reading contacts: the company of a contact, and the contact filter (including values no
contact could have)."""

from __future__ import annotations

import pytest

from server.services.contacts import contact as svc
from server.services.core.context import ServiceContext
from tests.builders import make_contact, make_salesperson
from tests.services.contacts.contact_builders import COMPANY, PERSON

pytestmark = pytest.mark.usefixtures("db")


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
