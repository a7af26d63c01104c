"""Reading sales through the GraphQL API: documents listed, filtered, sorted and found by id,
the price explanation and its request errors, and bounded statements for nested lines."""

from __future__ import annotations

from datetime import date

import pytest

from server.models import SalesDocument
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient
from tests.api.sales.sales_builders import _create, _world
from tests.conftest import StatementCounter

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
