"""Contacts through the GraphQL API: mutations, contact(no:), contacts(...), node(id:), roles."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from server.models import Contact, ContactType, Role
from tests.api.conftest import GraphQLClient, bearer
from tests.builders import make_contact, make_salesperson
from tests.conftest import StatementCounter

CREATE = """
mutation Create($input: ContactCreateInput!) {
  contactCreate(input: $input) {
    contact { id no type name email address2 city postCode countryCode jobTitle blocked
              company { no } salesperson { code } }
    errors { code message field }
  }
}
"""
UPDATE = """
mutation Update($input: ContactUpdateInput!) {
  contactUpdate(input: $input) {
    contact { no type name city company { no } }
    errors { code message field }
  }
}
"""
DELETE = """
mutation Delete($no: String!) {
  contactDelete(input: {no: $no}) { deletedId contact { no } errors { code message field } }
}
"""
ONE = """
query One($no: String!) {
  contact(no: $no) { id no type name company { no name } salesperson { code } }
}
"""
PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String,
           $orderBy: [ContactOrder!], $filter: ContactFilter) {
  contacts(first: $first, after: $after, last: $last, before: $before,
           orderBy: $orderBy, filter: $filter) {
    totalCount
    nodes { no city }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def errors_of(body: dict[str, Any], name: str) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in body["data"][name]["errors"]]


# --- mutations -----------------------------------------------------------------------------


async def test_create_a_company_and_a_person_of_it(gql: GraphQLClient):
    await make_salesperson(code="AH")

    company = await gql(
        CREATE,
        {
            "input": {
                "type": "COMPANY",
                "name": " Cronus Cardoxy ",
                "email": "info@cardoxy.example",
                "address2": "Suite 4",
                "city": "London",
                "postCode": "W1K 1AA",
                "countryCode": "gb",
                "salespersonCode": "ah",
            }
        },
    )
    person = await gql(
        CREATE,
        {
            "input": {
                "type": "PERSON",
                "name": "Ann Lee",
                "companyNo": "ct00001",
                "jobTitle": "Buyer",
            }
        },
    )

    assert company["data"]["contactCreate"] == {
        "contact": {
            "id": company["data"]["contactCreate"]["contact"]["id"],
            "no": "CT00001",
            "type": "COMPANY",
            "name": "Cronus Cardoxy",
            "email": "info@cardoxy.example",
            "address2": "Suite 4",
            "city": "London",
            "postCode": "W1K 1AA",
            "countryCode": "GB",
            "jobTitle": None,
            "blocked": False,
            "company": {"no": "CT00001"},  # a company is its own company
            "salesperson": {"code": "AH"},
        },
        "errors": [],
    }
    created = person["data"]["contactCreate"]["contact"]
    assert (created["no"], created["company"], created["jobTitle"]) == (
        "CT00002",
        {"no": "CT00001"},
        "Buyer",
    )
    assert await Contact.filter(company__no="CT00001").count() == 1


async def test_create_errors_point_at_the_input_fields_and_store_nothing(gql: GraphQLClient):
    await make_contact(no="LONER", type=ContactType.PERSON)

    body = await gql(
        CREATE,
        {
            "input": {
                "type": "PERSON",
                "name": "Bob",
                "companyNo": "LONER",
                "email": "bob@",
                "address2": "x" * 101,
                "salespersonCode": "NOBODY",
            }
        },
    )

    assert body["data"]["contactCreate"]["contact"] is None
    assert sorted(errors_of(body, "contactCreate")) == [
        ("INVALID", ["input", "companyNo"]),
        ("INVALID", ["input", "email"]),
        ("NOT_FOUND", ["input", "salespersonCode"]),
        ("TOO_LONG", ["input", "address2"]),
    ]
    assert await Contact.all().count() == 1


async def test_update_refuses_turning_a_company_with_persons_into_a_person(gql: GraphQLClient):
    acme = await make_contact(no="ACME", name="Acme")
    await make_contact(acme, no="ANN", name="Ann")

    refused = await gql(UPDATE, {"input": {"no": "acme", "type": "PERSON", "name": "Changed"}})
    renamed = await gql(UPDATE, {"input": {"no": "ANN", "city": "Leeds", "companyNo": None}})

    assert errors_of(refused, "contactUpdate") == [("COMPANY_HAS_PERSONS", ["input", "type"])]
    assert refused["data"]["contactUpdate"]["contact"] is None
    assert (await Contact.get(no="ACME")).name == "Acme"
    assert renamed["data"]["contactUpdate"] == {
        "contact": {"no": "ANN", "type": "PERSON", "name": "Ann", "city": "Leeds", "company": None},
        "errors": [],
    }


async def test_delete_is_refused_while_the_company_has_persons(gql: GraphQLClient):
    acme = await make_contact(no="ACME")
    await make_contact(acme, no="ANN")

    refused = await gql(DELETE, {"no": "ACME"})
    person = await gql(DELETE, {"no": "ann"})
    company = await gql(DELETE, {"no": "ACME"})
    unknown = await gql(DELETE, {"no": "NOPE"})

    assert refused["data"]["contactDelete"]["deletedId"] is None
    assert [e["code"] for e in refused["data"]["contactDelete"]["errors"]] == ["IN_USE"]
    assert "1 persons" in refused["data"]["contactDelete"]["errors"][0]["message"]
    assert person["data"]["contactDelete"]["contact"] == {"no": "ANN"}
    assert company["data"]["contactDelete"]["errors"] == []
    assert company["data"]["contactDelete"]["deletedId"] is not None
    assert errors_of(unknown, "contactDelete") == [("NOT_FOUND", ["input", "no"])]
    assert await Contact.all().count() == 0


MUTATIONS = {
    "contactCreate": 'contactCreate(input: {type: COMPANY, name: "N"}) { errors { code } }',
    "contactUpdate": 'contactUpdate(input: {no: "ACME", name: "X"}) { errors { code } }',
    "contactDelete": 'contactDelete(input: {no: "ACME"}) { errors { code } }',
}


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER], ids=lambda r: r.value)
@pytest.mark.parametrize("name", list(MUTATIONS))
async def test_sales_and_viewers_may_not_change_contacts_but_read_them(
    http: httpx.AsyncClient, role: Role, name: str
):
    await make_contact(no="ACME", name="Acme")
    headers = await bearer(role)

    mutation = f"mutation {{ {MUTATIONS[name]} }}"
    refused = await http.post("/graphql", json={"query": mutation}, headers=headers)
    read = await http.post(
        "/graphql", json={"query": ONE, "variables": {"no": "ACME"}}, headers=headers
    )

    assert refused.json()["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in refused.json()["errors"]] == [
        ([name], "FORBIDDEN")
    ]
    assert [(c.no, c.name) for c in await Contact.all()] == [("ACME", "Acme")]
    assert read.json()["data"]["contact"]["name"] == "Acme"


# --- queries -------------------------------------------------------------------------------


async def test_contact_by_number_and_node_round_trip(gql: GraphQLClient):
    acme = await make_contact(no="ACME", name="Acme", salesperson=await make_salesperson(code="AH"))
    await make_contact(acme, no="ANN", name="Ann")
    await make_contact(no="SOLO", type=ContactType.PERSON)

    ann = (await gql(ONE, {"no": " ann "}))["data"]["contact"]
    solo = (await gql(ONE, {"no": "SOLO"}))["data"]["contact"]
    node = await gql(
        "query($id: ID!) { node(id: $id) { __typename ... on Contact { no } } }", {"id": ann["id"]}
    )

    assert ann["company"] == {"no": "ACME", "name": "Acme"}
    assert ann["salesperson"] is None
    assert solo["company"] is None
    assert node["data"]["node"] == {"__typename": "Contact", "no": "ANN"}
    assert (await gql(ONE, {"no": "NOPE"}))["data"]["contact"] is None


async def test_filter_applies_to_page_and_total_count(gql: GraphQLClient):
    acme = await make_contact(no="ACME", name="Acme", city="London")
    await make_contact(acme, no="ANN", name="Ann", city="London")
    await make_contact(acme, no="BOB", name="Bob", city="London", blocked=True)
    await make_contact(no="GLOBEX", name="Globex", city="London")

    body = await gql(
        PAGE, {"filter": {"companyNo": "acme", "city": "LONDON", "blocked": False}, "first": 1}
    )

    conn = body["data"]["contacts"]
    assert [n["no"] for n in conn["nodes"]] == ["ACME"]
    assert conn["totalCount"] == 2
    assert conn["pageInfo"]["hasNextPage"] is True


async def _bulk_contacts(count: int) -> list[tuple[str, str | None]]:
    cities = ["Aarhus", "Berlin", None, "Cardiff", "berlin"]
    rows = [
        Contact(
            no=f"CT{i:05d}",
            type=ContactType.COMPANY,
            name=f"Company {i % 17}",
            city=cities[i % len(cities)],
        )
        for i in range(1, count + 1)
    ]
    await Contact.bulk_create(rows)
    return [(r.no, r.city) for r in rows]


async def _walk(gql: GraphQLClient, order: Any, *, backward: bool) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        variables: dict[str, Any] = {"orderBy": order}
        if backward:
            variables.update(last=40, before=cursor)
        else:
            variables.update(first=40, after=cursor)
        body = await gql(PAGE, variables)
        assert "errors" not in body, body
        conn = body["data"]["contacts"]
        seen = conn["nodes"] + seen if backward else seen + conn["nodes"]
        info = conn["pageInfo"]
        if not (info["hasPreviousPage"] if backward else info["hasNextPage"]):
            return seen
        cursor = info["startCursor"] if backward else info["endCursor"]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_paging_by_city_with_blanks_is_complete_and_stable_both_ways(
    gql: GraphQLClient, direction: str
):
    await _bulk_contacts(130)
    order = [{"field": "CITY", "direction": direction}]

    forward = await _walk(gql, order, backward=False)
    backward = await _walk(gql, order, backward=True)

    assert len({n["no"] for n in forward}) == 130
    assert backward == forward
    blanks = [i for i, n in enumerate(forward) if n["city"] is None]
    expected = range(len(blanks)) if direction == "ASC" else range(130 - len(blanks), 130)
    assert blanks == list(expected)  # blank cities first ascending, last descending
    nos = [n["no"] for n in forward if n["city"] == "Aarhus"]
    assert nos == sorted(nos, reverse=direction == "DESC")  # ties broken by number


async def test_ordering_by_name_then_number(gql: GraphQLClient):
    await make_contact(no="C2", name="Beta")
    await make_contact(no="C1", name="Beta")
    await make_contact(no="C3", name="Alpha")

    body = await gql(PAGE, {"orderBy": [{"field": "NAME"}]})

    assert [n["no"] for n in body["data"]["contacts"]["nodes"]] == ["C3", "C1", "C2"]


async def test_nested_company_and_salesperson_cost_one_statement_per_level(
    gql: GraphQLClient, sql: StatementCounter
):
    for _ in range(15):
        company = await make_contact(salesperson=await make_salesperson())
        await make_contact(company, salesperson=await make_salesperson())
    sql.statements.clear()

    body = await gql(
        "{ contacts(first: 100) { nodes { no company { name salesperson { code } } "
        "salesperson { code } } } }"
    )

    assert len(body["data"]["contacts"]["nodes"]) == 30
    # page, companies, salespeople: the companies' salespeople were loaded with the page's
    assert sql.count == 3, sql.statements
