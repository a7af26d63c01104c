"""Customers through the GraphQL API: mutations, customer(no:), customers(...), Contact.customer,
node(id:), and the group lists."""

from __future__ import annotations

from typing import Any

import pytest

from server.models import Customer, CustomerPriceGroup
from tests.api.conftest import GraphQLClient
from tests.builders import (
    make_contact,
    make_customer,
    make_customer_discount_group,
    make_price_group,
)
from tests.conftest import StatementCounter

CREATE = """
mutation Create($input: CustomerCreateInput!) {
  customerCreate(input: $input) {
    customer { id no name blocked contact { no customer { no } }
               priceGroup { code } discountGroup { code } }
    errors { code message field }
  }
}
"""
UPDATE = """
mutation Update($input: CustomerUpdateInput!) {
  customerUpdate(input: $input) {
    customer { no name contact { no } }
    errors { code message field }
  }
}
"""
DELETE = """
mutation Delete($no: String!) {
  customerDelete(input: {no: $no}) { deletedId customer { no } errors { code message field } }
}
"""
PAGE = """
query Page($first: Int, $after: String, $orderBy: [CustomerOrder!], $filter: CustomerFilter) {
  customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount
    nodes { no name }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CONTACTS = """
query { contacts { nodes { no customer { no name } } } }
"""
GROUP_CREATE = """
mutation Create($input: CustomerPriceGroupCreateInput!) {
  customerPriceGroupCreate(input: $input) { group { id code description } errors { code field } }
}
"""
GROUP_UPDATE = """
mutation Update($input: CustomerDiscountGroupUpdateInput!) {
  customerDiscountGroupUpdate(input: $input) { group { code description } errors { code } }
}
"""
GROUP_DELETE = """
mutation Delete($code: String!) {
  customerPriceGroupDelete(input: {code: $code}) {
    deletedId group { code } errors { code message }
  }
}
"""
GROUPS = """
query {
  customerPriceGroups { code description }
  customerDiscountGroups { code }
  customerPriceGroup(code: "retail") { code }
  customerDiscountGroup(code: "nope") { code }
}
"""


def errors_of(body: dict[str, Any], name: str) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in body["data"][name]["errors"]]


async def test_create_a_customer_linked_to_a_company(gql: GraphQLClient):
    await make_contact(no="ACME")
    await make_price_group(code="RETAIL")
    await make_customer_discount_group(code="LARGE")

    body = await gql(
        CREATE,
        {
            "input": {
                "name": " Acme ",
                "contactNo": "acme",
                "priceGroupCode": "retail",
                "discountGroupCode": "large",
            }
        },
    )

    customer = body["data"]["customerCreate"]["customer"]
    assert body["data"]["customerCreate"]["errors"] == []
    assert customer["id"]
    assert {k: v for k, v in customer.items() if k != "id"} == {
        "no": "C00001",
        "name": "Acme",
        "blocked": False,
        "contact": {"no": "ACME", "customer": {"no": "C00001"}},
        "priceGroup": {"code": "RETAIL"},
        "discountGroup": {"code": "LARGE"},
    }
    assert await Customer.filter(contact__no="ACME").count() == 1


async def test_linking_a_person_or_a_taken_company_is_refused(gql: GraphQLClient):
    acme = await make_contact(no="ACME")
    await make_contact(acme, no="ANN")
    await make_customer(acme, no="C1")

    person = await gql(CREATE, {"input": {"name": "Ann", "contactNo": "ANN"}})
    taken = await gql(CREATE, {"input": {"name": "Twin", "contactNo": "ACME"}})

    assert person["data"]["customerCreate"]["customer"] is None
    assert errors_of(person, "customerCreate") == [("INVALID", ["input", "contactNo"])]
    assert errors_of(taken, "customerCreate") == [
        ("CONTACT_ALREADY_LINKED", ["input", "contactNo"])
    ]
    assert await Customer.all().count() == 1


async def test_relink_unlink_and_delete(gql: GraphQLClient):
    await make_contact(no="ACME")
    await make_contact(no="BETA")
    await make_customer(no="C1")

    linked = await gql(UPDATE, {"input": {"no": "C1", "contactNo": "ACME"}})
    relinked = await gql(UPDATE, {"input": {"no": "C1", "contactNo": "BETA"}})
    unlinked = await gql(UPDATE, {"input": {"no": "C1", "contactNo": None, "name": "New"}})
    deleted = await gql(DELETE, {"no": "C1"})
    missing = await gql(DELETE, {"no": "C1"})

    assert linked["data"]["customerUpdate"]["customer"]["contact"] == {"no": "ACME"}
    assert relinked["data"]["customerUpdate"]["customer"]["contact"] == {"no": "BETA"}
    assert unlinked["data"]["customerUpdate"]["customer"] == {
        "no": "C1",
        "name": "New",
        "contact": None,
    }
    assert deleted["data"]["customerDelete"]["customer"] == {"no": "C1"}
    assert deleted["data"]["customerDelete"]["deletedId"]
    assert errors_of(missing, "customerDelete") == [("NOT_FOUND", ["input", "no"])]
    assert await Customer.all().count() == 0


async def test_contact_customer_is_the_linked_customer_batched(
    gql: GraphQLClient, sql: StatementCounter
):
    acme = await make_contact(no="ACME")
    await make_contact(acme, no="ANN")
    await make_contact(no="BETA")
    await make_customer(acme, no="C1", name="Acme customer")

    sql.statements.clear()
    body = await gql(CONTACTS)

    assert body == {
        "data": {
            "contacts": {
                "nodes": [
                    {"no": "ACME", "customer": {"no": "C1", "name": "Acme customer"}},
                    {"no": "ANN", "customer": None},
                    {"no": "BETA", "customer": None},
                ]
            }
        }
    }
    assert sum('FROM "customer"' in s for s in sql.statements) == 1, sql.statements


async def test_customers_are_filtered_ordered_and_paged(gql: GraphQLClient):
    retail = await make_price_group(code="RETAIL")
    await make_customer(no="C1", name="Zeta", price_group=retail)
    await make_customer(no="C2", name="Alpha", price_group=retail)
    await make_customer(no="C3", name="Beta", blocked=True)

    first = await gql(PAGE, {"first": 1, "orderBy": [{"field": "NAME", "direction": "ASC"}]})
    cursor = first["data"]["customers"]["pageInfo"]["endCursor"]
    second = await gql(
        PAGE, {"first": 5, "after": cursor, "orderBy": [{"field": "NAME", "direction": "ASC"}]}
    )
    filtered = await gql(PAGE, {"filter": {"priceGroupCode": "retail", "blocked": False}})
    search = await gql(PAGE, {"filter": {"search": "bet"}})

    assert first["data"]["customers"]["nodes"] == [{"no": "C2", "name": "Alpha"}]
    assert first["data"]["customers"]["totalCount"] == 3
    assert [n["no"] for n in second["data"]["customers"]["nodes"]] == ["C3", "C1"]
    assert [n["no"] for n in filtered["data"]["customers"]["nodes"]] == ["C1", "C2"]
    assert [n["no"] for n in search["data"]["customers"]["nodes"]] == ["C3"]


async def test_customer_lookup_and_node(gql: GraphQLClient):
    await make_customer(no="C1", name="Acme")

    one = await gql('{ customer(no: "c1") { id no } none: customer(no: "X") { no } }')
    node_id = one["data"]["customer"]["id"]
    node = await gql(
        "query N($id: ID!) { node(id: $id) { ... on Customer { no name } } }", {"id": node_id}
    )

    assert one["data"]["none"] is None
    assert node["data"]["node"] == {"no": "C1", "name": "Acme"}


async def test_customer_group_crud_and_lists(gql: GraphQLClient):
    await make_customer_discount_group(code="LARGE", description="Large")

    created = await gql(GROUP_CREATE, {"input": {"code": "retail", "description": "Shops"}})
    duplicate = await gql(GROUP_CREATE, {"input": {"code": "RETAIL", "description": "Again"}})
    updated = await gql(GROUP_UPDATE, {"input": {"code": "large", "description": "Big"}})
    lists = await gql(GROUPS)

    assert created["data"]["customerPriceGroupCreate"]["group"]["code"] == "RETAIL"
    assert errors_of(duplicate, "customerPriceGroupCreate") == [("DUPLICATE", ["input", "code"])]
    assert updated["data"]["customerDiscountGroupUpdate"]["group"] == {
        "code": "LARGE",
        "description": "Big",
    }
    assert lists["data"] == {
        "customerPriceGroups": [{"code": "RETAIL", "description": "Shops"}],
        "customerDiscountGroups": [{"code": "LARGE"}],
        "customerPriceGroup": {"code": "RETAIL"},
        "customerDiscountGroup": None,
    }


@pytest.mark.parametrize("in_use", [True, False])
async def test_a_price_group_is_deleted_only_when_unused(gql: GraphQLClient, in_use: bool):
    group = await make_price_group(code="RETAIL")
    if in_use:
        await make_customer(price_group=group)

    body = await gql(GROUP_DELETE, {"code": "RETAIL"})

    payload = body["data"]["customerPriceGroupDelete"]
    if in_use:
        assert [e["code"] for e in payload["errors"]] == ["IN_USE"]
        assert payload["deletedId"] is None
    else:
        assert payload["errors"] == []
        assert payload["group"] == {"code": "RETAIL"}
    assert await CustomerPriceGroup.exists(code="RETAIL") is in_use
