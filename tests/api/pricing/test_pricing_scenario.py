"""The campaign pricing story through the GraphQL API (issue 4, DOMAIN P1-P8, A1-A6, T6).

A spring campaign gets a segment of four companies, one of them un-targeted, a campaign price
and a campaign discount. Quotes show who gets the campaign's terms: nobody before activation,
the targeted customers and a targeted prospect's people after it, nobody outside the campaign's
dates, nobody after deactivation - and a cheaper customer price still beats the campaign's.
"""

from __future__ import annotations

from typing import Any

from server.models import SalesDocument, SalesLine
from tests.api.conftest import GraphQLClient

SETUP = """
mutation {
  itemCreate(input: {no: "CHAIR", description: "Chair", baseUnitOfMeasure: "PCS",
                     unitPrice: "100"}) { errors { code } }
  acme: contactCreate(input: {no: "ACME-CT", type: COMPANY, name: "Acme"}) { errors { code } }
  beta: contactCreate(input: {no: "BETA-CT", type: COMPANY, name: "Beta"}) { errors { code } }
  gamma: contactCreate(input: {no: "GAMMA-CT", type: COMPANY, name: "Gamma"}) { errors { code } }
  pros: contactCreate(input: {no: "PROS-CT", type: COMPANY, name: "Prospect"}) { errors { code } }
  person: contactCreate(input: {no: "PROS-P", type: PERSON, name: "Pat", companyNo: "PROS-CT"})
    { errors { code } }
  c1: customerCreate(input: {no: "ACME", name: "Acme", contactNo: "ACME-CT"}) { errors { code } }
  c2: customerCreate(input: {no: "BETA", name: "Beta", contactNo: "BETA-CT"}) { errors { code } }
  c3: customerCreate(input: {no: "GAMMA", name: "Gamma", contactNo: "GAMMA-CT"})
    { errors { code } }
  campaignCreate(input: {no: "SPRING", description: "Spring sale", startingDate: "2026-04-01",
                         endingDate: "2026-04-30"}) { errors { code } }
  segmentCreate(input: {no: "SEG1", description: "Spring mailing", campaignNo: "SPRING",
                        campaignTarget: true}) { errors { code } }
  segmentContactsAdd(input: {segmentNo: "SEG1",
                             contactNos: ["ACME-CT", "BETA-CT", "GAMMA-CT", "PROS-CT"]})
    { errors { code } }
  segmentLinesCampaignTargetSet(input: {segmentNo: "SEG1", value: false, contactNos: ["BETA-CT"]})
    { errors { code } }
  campaignPrice: priceLineCreate(input: {itemNo: "CHAIR", sourceType: CAMPAIGN,
                                          sourceCode: "SPRING", unitPrice: "80"})
    { errors { code } }
  gammaPrice: priceLineCreate(input: {itemNo: "CHAIR", sourceType: CUSTOMER, sourceCode: "GAMMA",
                                       unitPrice: "70"}) { errors { code } }
  discountLineCreate(input: {type: ITEM, itemNo: "CHAIR", sourceType: CAMPAIGN,
                             sourceCode: "SPRING", lineDiscountPercent: "10"}) { errors { code } }
}
"""
ACTIVATE = """
mutation { campaignPricingActivate(input: {campaignNo: "SPRING"}) {
  campaign { activated } targetedCustomers targetedContacts errors { code } } }
"""
DEACTIVATE = """
mutation { campaignPricingDeactivate(input: {campaignNo: "SPRING"}) {
  campaign { activated } errors { code } } }
"""
QUOTE = """
mutation($input: SalesDocumentCreateInput!) {
  salesDocumentCreate(input: $input) {
    salesDocument {
      no customer { no } contact { no } amount
      lines { nodes {
        unitPrice lineDiscountPercent lineAmount
        priceSource { type code campaign { no } }
        discountSource { type code campaign { no } }
      } }
    }
    errors { code field message }
  }
}
"""
RECALCULATE = """
mutation($no: String!) { salesDocumentRecalculate(input: {no: $no}) {
  salesDocument { lines { nodes { unitPrice lineDiscountPercent lineAmount } } } errors { code } } }
"""
EXPLAIN = """
query($customer: String, $contact: String, $date: Date!) {
  priceExplanation(customerNo: $customer, contactNo: $contact, itemNo: "CHAIR", quantity: "1",
                   date: $date) {
    eligibleCampaigns { no }
    priceCandidates { sourceType sourceCode qualified reason winner }
    discountCandidates { sourceCode qualified reason winner }
    unitPrice lineDiscountPercent lineAmount priceSource { type code }
  }
}
"""
STATISTICS = '{ campaign(no: "SPRING") { statistics { revenue roi budgetedCost } } }'

NORMAL = ("100.00000", "0.00", "100.00", ("ITEM", "CHAIR"), None)
CAMPAIGN = ("80.00000", "10.00", "72.00", ("CAMPAIGN", "SPRING"), ("CAMPAIGN", "SPRING"))


async def _ok(gql: GraphQLClient, document: str, variables: dict[str, Any] | None = None) -> Any:
    body = await gql(document, variables)
    assert "errors" not in body, body
    for name, result in body["data"].items():
        if isinstance(result, dict) and "errors" in result:
            assert result["errors"] == [], (name, result["errors"])
    return body["data"]


async def _quote(gql: GraphQLClient, date: str, **party: str) -> tuple[str, tuple[Any, ...]]:
    data = await _ok(
        gql,
        QUOTE,
        {
            "input": {
                "type": "QUOTE",
                "documentDate": date,
                "lines": [{"itemNo": "CHAIR", "quantity": "1"}],
                **party,
            }
        },
    )
    document = data["salesDocumentCreate"]["salesDocument"]
    [line] = document["lines"]["nodes"]
    discount = line["discountSource"]
    terms = (
        line["unitPrice"],
        line["lineDiscountPercent"],
        line["lineAmount"],
        (line["priceSource"]["type"], line["priceSource"]["code"]),
        (discount["type"], discount["code"]) if discount else None,
    )
    assert document["amount"] == line["lineAmount"]
    return document["no"], terms


async def test_campaign_prices_reach_exactly_the_activated_targets_within_the_dates(
    gql: GraphQLClient,
):
    await _ok(gql, SETUP)

    # Before activation the targeted customer pays the normal price.
    early, terms = await _quote(gql, "2026-04-10", customerNo="ACME")
    assert terms == NORMAL

    activation = (await _ok(gql, ACTIVATE))["campaignPricingActivate"]
    assert (activation["targetedCustomers"], activation["targetedContacts"]) == (2, 1)
    assert activation["campaign"]["activated"] is True

    # After activation: the targeted customer gets the campaign price and discount ...
    assert (await _quote(gql, "2026-04-10", customerNo="ACME"))[1] == CAMPAIGN
    # ... the customer whose line was un-targeted does not ...
    assert (await _quote(gql, "2026-04-10", customerNo="BETA"))[1] == NORMAL
    # ... a person at a targeted prospect company does, on a quote without a customer ...
    prospect_no, prospect_terms = await _quote(gql, "2026-04-10", contactNo="PROS-P")
    assert prospect_terms == CAMPAIGN
    # ... and outside the campaign's dates nobody does.
    for day in ("2026-03-31", "2026-05-01"):
        assert (await _quote(gql, day, customerNo="ACME"))[1] == NORMAL
        assert (await _quote(gql, day, contactNo="PROS-P"))[1] == NORMAL

    # A cheaper customer price beats the campaign price; the campaign discount still applies.
    assert (await _quote(gql, "2026-04-10", customerNo="GAMMA"))[1] == (
        "70.00000",
        "10.00",
        "63.00",
        ("CUSTOMER", "GAMMA"),
        ("CAMPAIGN", "SPRING"),
    )

    # Recalculating the quote made before activation now gives the campaign's terms.
    recalculated = (await _ok(gql, RECALCULATE, {"no": early}))["salesDocumentRecalculate"]
    assert recalculated["salesDocument"]["lines"]["nodes"] == [
        {"unitPrice": "80.00000", "lineDiscountPercent": "10.00", "lineAmount": "72.00"}
    ]

    # Revenue: ACME 72 (twice: the new quote and the recalculated one), the prospect 72,
    # GAMMA 63 (its discount came from the campaign).
    statistics = (await _ok(gql, STATISTICS))["campaign"]["statistics"]
    assert statistics == {"revenue": "279.00", "roi": None, "budgetedCost": "0.00"}

    # The explanation says why BETA does not get it.
    beta = (await _ok(gql, EXPLAIN, {"customer": "BETA", "date": "2026-04-10"}))["priceExplanation"]
    assert beta["eligibleCampaigns"] == []
    assert beta["priceCandidates"] == [
        {
            "sourceType": "CAMPAIGN",
            "sourceCode": "SPRING",
            "qualified": False,
            "reason": "CAMPAIGN_NOT_ELIGIBLE",
            "winner": False,
        }
    ]
    assert (beta["unitPrice"], beta["priceSource"]) == (
        "100.00000",
        {"type": "ITEM", "code": "CHAIR"},
    )

    # After deactivation nobody gets the campaign's terms, and the explanation says why.
    assert (await _ok(gql, DEACTIVATE))["campaignPricingDeactivate"]["campaign"][
        "activated"
    ] is False
    assert (await _quote(gql, "2026-04-10", customerNo="ACME"))[1] == NORMAL
    assert (await _quote(gql, "2026-04-10", contactNo="PROS-P"))[1] == NORMAL
    acme = (await _ok(gql, EXPLAIN, {"customer": "ACME", "date": "2026-04-10"}))["priceExplanation"]
    assert [c["reason"] for c in acme["priceCandidates"]] == ["CAMPAIGN_NOT_ACTIVATED"]
    assert [c["reason"] for c in acme["discountCandidates"]] == ["CAMPAIGN_NOT_ACTIVATED"]

    # Documents priced earlier keep their terms until recalculated (P7).
    stored = await SalesLine.filter(document__no=prospect_no).first()
    assert stored is not None
    assert str(stored.line_amount) == "72.00"
    assert await SalesDocument.all().count() == 11
