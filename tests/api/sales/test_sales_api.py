"""Sales documents, lines and the price explanation through the GraphQL API: payloads, error
codes and paths, reads, node ids, who may do what, and bounded statements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from server.models import (
    CampaignTarget,
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    ItemUnitOfMeasure,
    PriceLine,
    PriceSourceType,
    Role,
    SalesDocument,
    SalesLine,
    Salesperson,
    TargetType,
)
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient, bearer
from tests.builders import (
    make_campaign,
    make_contact,
    make_customer,
    make_item,
    make_salesperson,
)
from tests.conftest import StatementCounter

DOCUMENT = """
fragment Doc on SalesDocument {
  id no type documentDate createdBy amount
  customer { no } contact { no } campaign { no } salesperson { code }
  lines { totalCount nodes {
    id lineNo quantity unitOfMeasure quantityPerUnit unitPrice lineDiscountPercent lineAmount
    item { no } document { no }
    priceSource {
      type code agreementId priceLine { unitPrice } discountLine { id } campaign { no }
    }
    discountSource { type code agreementId discountLine { lineDiscountPercent } campaign { no } }
  } }
}
"""
CREATE = (
    DOCUMENT
    + """
mutation($input: SalesDocumentCreateInput!) {
  salesDocumentCreate(input: $input) { salesDocument { ...Doc } errors { code field message } }
}
"""
)
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
D = Decimal


async def _world() -> None:
    await make_salesperson(code="ANNA")
    await make_salesperson(code="BOB")
    company = await make_contact(no="ACME-CT")
    await make_customer(company, no="ACME")
    await make_contact(no="LONELY")
    item = await make_item(no="CHAIR", unit_price="10")
    await ItemUnitOfMeasure.create(item=item, code="BOX", quantity_per_unit=D(6))
    campaign = await make_campaign(no="CP1")
    await CampaignTarget.create(campaign=campaign, type=TargetType.CONTACT, contact=company)
    # Customer rows win over contact rows (P1): make ACME a CUSTOMER target too.
    customer = await make_customer(no="SOLO")
    await CampaignTarget.create(campaign=campaign, type=TargetType.CUSTOMER, customer=customer)
    await PriceLine.create(
        item=item,
        source_type=PriceSourceType.CAMPAIGN,
        source_code="CP1",
        campaign=campaign,
        unit_price=D("1.5"),  # per base unit
    )
    await DiscountLine.create(
        type=DiscountType.ITEM,
        item=item,
        source_type=DiscountSourceType.CAMPAIGN,
        source_code="CP1",
        campaign=campaign,
        line_discount_percent=D("33.33"),
    )


async def _create(gql: GraphQLClient, **values: Any) -> dict[str, Any]:
    body = await gql(CREATE, {"input": values})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["salesDocumentCreate"]
    return payload


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


LIST = """
query($filter: SalesDocumentFilter, $order: [SalesDocumentOrder!]) {
  salesDocuments(filter: $filter, orderBy: $order, first: 10) { totalCount nodes { no } }
  campaign(no: "CP1") { salesDocuments { nodes { no } } }
  customer(no: "ACME") { salesDocuments { nodes { no } } }
}
"""


async def test_documents_are_listed_filtered_sorted_and_found_by_id(gql: GraphQLClient):
    await _world()
    await _create(
        gql, type="QUOTE", contactNo="LONELY", documentDate="2026-05-01", campaignNo="CP1"
    )
    await _create(gql, type="ORDER", customerNo="ACME", documentDate="2026-01-01")

    body = await gql(LIST, {"order": [{"field": "DOCUMENT_DATE", "direction": "ASC"}]})
    assert body["data"] == {
        "salesDocuments": {"totalCount": 2, "nodes": [{"no": "SO00002"}, {"no": "SO00001"}]},
        "campaign": {"salesDocuments": {"nodes": [{"no": "SO00001"}]}},
        "customer": {"salesDocuments": {"nodes": [{"no": "SO00002"}]}},
    }
    filtered = await gql(LIST, {"filter": {"type": "ORDER", "dateFrom": "2025-12-31"}})
    assert filtered["data"]["salesDocuments"]["nodes"] == [{"no": "SO00002"}]

    document = await SalesDocument.get(no="SO00001")
    node = await gql(
        "query($id: ID!) { node(id: $id) { ... on SalesDocument { no } } }",
        {"id": encode_id("SalesDocument", document.id)},
    )
    assert node["data"]["node"] == {"no": "SO00001"}


EXPLAIN = """
query($item: String!, $quantity: Decimal!, $customer: String, $unit: String) {
  priceExplanation(customerNo: $customer, itemNo: $item, quantity: $quantity,
                   unitOfMeasure: $unit, date: "2026-04-01") {
    customer { no } contact { no } item { no } unitOfMeasure quantityPerUnit quantity date
    eligibleCampaigns { no } eligibleByContact lineDiscountAllowed
    priceCandidates { sourceType sourceCode unitPrice pricePerLineUnit allowLineDiscount
                      unitOfMeasure minimumQuantity startingDate endingDate campaign { no }
                      priceLine { id } qualified reason message winner }
    discountCandidates { type sourceType lineDiscountPercent discountLine { id } winner }
    unitPrice lineDiscountPercent lineAmount priceSource { type code }
    discountSource { type code }
  }
}
"""


async def test_the_price_explanation_through_the_api(gql: GraphQLClient):
    await _world()

    body = await gql(EXPLAIN, {"item": "chair", "quantity": "2", "customer": "acme", "unit": "BOX"})

    assert "errors" not in body, body
    explained = body["data"]["priceExplanation"]
    assert explained["customer"] == {"no": "ACME"}
    assert explained["contact"] == {"no": "ACME-CT"}
    assert (explained["unitOfMeasure"], explained["quantityPerUnit"]) == ("BOX", "6.00000")
    assert explained["eligibleCampaigns"] == [{"no": "CP1"}]
    assert explained["eligibleByContact"] is True
    [price] = explained["priceCandidates"]
    assert (price["unitPrice"], price["pricePerLineUnit"], price["winner"]) == (
        "1.50000",
        "9.00000",
        True,
    )
    assert (price["reason"], price["message"]) == (None, "Qualifies.")
    assert explained["discountCandidates"][0]["type"] == "ITEM"
    assert (explained["unitPrice"], explained["lineDiscountPercent"], explained["lineAmount"]) == (
        "9.00000",
        "33.33",
        "12.00",
    )
    assert explained["discountSource"] == {"type": "CAMPAIGN", "code": "CP1"}


async def test_a_bad_price_explanation_request_is_a_request_error(gql: GraphQLClient):
    await _world()

    body = await gql(EXPLAIN, {"item": "NOPE", "quantity": "0"})

    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert [(p["code"], p["field"]) for p in error["extensions"]["problems"]] == [
        ("REQUIRED", ["contactNo"]),
        ("NOT_FOUND", ["itemNo"]),
        ("OUT_OF_RANGE", ["quantity"]),
    ]


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


NESTED = """
{ salesDocuments(first: 50) { nodes { no amount customer { no } lines(first: 20) { nodes {
    lineAmount item { no } priceSource { code campaign { no } priceLine { unitPrice } }
    discountSource { code discountLine { lineDiscountPercent } } } } } } }
"""


@pytest.mark.parametrize("documents", [2, 12])
async def test_reading_documents_with_lines_costs_the_same_statements_for_2_or_12(
    gql: GraphQLClient, sql: StatementCounter, documents: int
):
    await _world()
    for n in range(documents):
        await _create(
            gql,
            type="QUOTE",
            customerNo="SOLO",
            documentDate=str(date(2026, 4, 1)),
            lines=[
                {"itemNo": "CHAIR", "quantity": str(n + 1)},
                {"itemNo": "CHAIR", "quantity": "1"},
            ],
        )
    sql.statements.clear()

    body = await gql(NESTED)

    assert "errors" not in body, body
    assert len(body["data"]["salesDocuments"]["nodes"]) == documents
    # documents, amounts, customers, lines, items, campaigns, price lines,
    # discount lines: one statement each whatever the number of documents.
    assert sql.count == 8, "\n".join(s[:100] for s in sql.statements)
