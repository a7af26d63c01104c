"""Sales documents and lines written through the GraphQL API: prices and where they came from,
refusals with their paths, line and header changes, a deleted agreement, and who may."""

from __future__ import annotations

from typing import Any

import httpx

from server.models import PriceLine, Role, SalesDocument, SalesLine, Salesperson
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient, bearer
from tests.api.sales.sales_builders import CREATE, DOCUMENT, _create, _world

UPDATE = """
mutation($input: SalesDocumentUpdateInput!) {
  salesDocumentUpdate(input: $input) {
    salesDocument { documentDate customer { no } amount } errors { code field } }
}
"""
LINE_ADD = """
mutation($input: SalesLineAddInput!) {
  salesLineAdd(input: $input) {
    salesLine { lineNo lineAmount } salesDocument { amount } errors { code field } }
}
"""
LINE_UPDATE = """
mutation($input: SalesLineUpdateInput!) {
  salesLineUpdate(input: $input) {
    salesLine { lineNo quantity unitOfMeasure lineAmount } salesDocument { amount }
    errors { code field } }
}
"""
LINE_DELETE = """
mutation($input: SalesLineDeleteInput!) {
  salesLineDelete(input: $input) { deletedId salesDocument { amount } errors { code field } }
}
"""
DELETE = """
mutation($no: String!) { salesDocumentDelete(input: {no: $no}) { deletedId errors { code } } }
"""


async def test_a_quote_with_lines_shows_its_prices_and_where_they_came_from(gql: GraphQLClient):
    await _world()

    payload = await _create(
        gql,
        type="QUOTE",
        customerNo="solo",
        documentDate="2026-04-01",
        campaignNo="CP1",
        salespersonCode="ANNA",
        lines=[
            {"itemNo": "CHAIR", "quantity": "3", "unitOfMeasure": "box"},
            {"itemNo": "chair", "quantity": "0.1"},
        ],
    )

    assert payload["errors"] == []
    document = payload["salesDocument"]
    assert (document["no"], document["type"], document["documentDate"]) == (
        "SO00001",
        "QUOTE",
        "2026-04-01",
    )
    assert (document["customer"], document["contact"], document["campaign"]) == (
        {"no": "SOLO"},
        None,
        {"no": "CP1"},
    )
    assert document["salesperson"] == {"code": "ANNA"}
    lines = document["lines"]["nodes"]
    assert [
        (n["lineNo"], n["unitOfMeasure"], n["quantityPerUnit"], n["unitPrice"], n["lineAmount"])
        for n in lines
    ] == [
        (10000, "BOX", "6.00000", "9.00000", "18.00"),  # 3 x 9 x 0.6667 = 18.0009
        (20000, "PCS", "1.00000", "1.50000", "0.10"),  # 0.1 x 1.5 x 0.6667 = 0.100005
    ]
    assert document["amount"] == "18.10"
    price = lines[0]["priceSource"]
    assert price["type"] == "CAMPAIGN"
    assert price["code"] == "CP1"
    assert price["campaign"] == {"no": "CP1"}
    assert price["priceLine"] == {"unitPrice": "1.50000"}
    line_id = (await PriceLine.get()).id
    assert price["agreementId"] == encode_id("PriceLine", line_id)
    discount = lines[0]["discountSource"]
    assert discount["discountLine"] == {"lineDiscountPercent": "33.33"}
    assert lines[0]["document"] == {"no": "SO00001"}


async def test_refusals_are_payload_errors_with_paths_and_store_nothing(gql: GraphQLClient):
    await _world()

    payload = await _create(
        gql,
        type="ORDER",
        contactNo="LONELY",
        lines=[{"itemNo": "CHAIR", "quantity": "1"}, {"itemNo": "CHAIR", "quantity": "0"}],
    )

    assert payload["salesDocument"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("REQUIRED", ["input", "customerNo"]),
        ("OUT_OF_RANGE", ["input", "lines", "1", "quantity"]),
    ]
    assert await SalesDocument.all().count() == 0
    assert await SalesLine.all().count() == 0


async def test_lines_and_headers_change_through_the_api(gql: GraphQLClient):
    await _world()
    await _create(gql, type="QUOTE", contactNo="LONELY", documentDate="2026-03-01")

    added = await gql(
        LINE_ADD, {"input": {"documentNo": "so00001", "itemNo": "CHAIR", "quantity": "2"}}
    )
    assert added["data"]["salesLineAdd"] == {
        "salesLine": {"lineNo": 10000, "lineAmount": "20.00"},
        "salesDocument": {"amount": "20.00"},
        "errors": [],
    }
    updated = await gql(
        LINE_UPDATE,
        {
            "input": {
                "documentNo": "SO00001",
                "lineNo": 10000,
                "quantity": "1",
                "unitOfMeasure": "BOX",
            }
        },
    )
    assert updated["data"]["salesLineUpdate"]["salesLine"] == {
        "lineNo": 10000,
        "quantity": "1.00000",
        "unitOfMeasure": "BOX",
        "lineAmount": "60.00",
    }
    refused = await gql(
        LINE_UPDATE, {"input": {"documentNo": "SO00001", "lineNo": 10000, "quantity": "-1"}}
    )
    assert refused["data"]["salesLineUpdate"] == {
        "salesLine": None,
        "salesDocument": None,
        "errors": [{"code": "OUT_OF_RANGE", "field": ["input", "quantity"]}],
    }
    header = await gql(
        UPDATE, {"input": {"no": "SO00001", "customerNo": "ACME", "documentDate": "2026-04-02"}}
    )
    # ACME's company is a CONTACT target of CP1 and ACME has no CUSTOMER row: 6 x 1.5 x 0.6667.
    assert header["data"]["salesDocumentUpdate"] == {
        "salesDocument": {
            "documentDate": "2026-04-02",
            "customer": {"no": "ACME"},
            "amount": "6.00",
        },
        "errors": [],
    }
    missing = await gql(LINE_DELETE, {"input": {"documentNo": "SO00001", "lineNo": 20000}})
    assert missing["data"]["salesLineDelete"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "lineNo"]}
    ]
    deleted = await gql(LINE_DELETE, {"input": {"documentNo": "SO00001", "lineNo": 10000}})
    assert deleted["data"]["salesLineDelete"]["salesDocument"] == {"amount": "0.00"}
    assert await SalesLine.all().count() == 0
    gone = await gql(DELETE, {"no": "SO00001"})
    assert gone["data"]["salesDocumentDelete"]["errors"] == []
    assert await SalesDocument.all().count() == 0


async def test_a_deleted_agreement_leaves_its_type_and_code_on_the_line(gql: GraphQLClient):
    await _world()
    created = await _create(
        gql, type="QUOTE", customerNo="SOLO", lines=[{"itemNo": "CHAIR", "quantity": "1"}]
    )
    await PriceLine.all().delete()

    body = await gql(DOCUMENT + 'query { salesDocument(no: "SO00001") { ...Doc } }')

    source = body["data"]["salesDocument"]["lines"]["nodes"][0]["priceSource"]
    assert created["salesDocument"]["lines"]["nodes"][0]["priceSource"]["priceLine"] is not None
    assert source == {
        "type": "CAMPAIGN",
        "code": "CP1",
        "agreementId": None,
        "priceLine": None,
        "discountLine": None,
        "campaign": {"no": "CP1"},
    }


async def test_sales_users_work_on_their_own_documents_only(http: httpx.AsyncClient):
    await _world()
    anna = await bearer(Role.SALES, salesperson=await _person("ANNA"))
    own = await http.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": {"type": "QUOTE", "contactNo": "LONELY"}}},
        headers=anna,
    )
    assert own.json()["data"]["salesDocumentCreate"]["salesDocument"]["salesperson"] == {
        "code": "ANNA"
    }
    bob = await bearer(Role.SALES, salesperson=await _person("BOB"))

    response = await http.post(
        "/graphql",
        json={"query": DELETE, "variables": {"no": "SO00001"}},
        headers=bob,
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await SalesDocument.all().count() == 1


async def _person(code: str) -> Any:
    return await Salesperson.get(code=code)
