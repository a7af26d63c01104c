"""What the sales API tests share: the sales document fragment and create mutation, a world of
customers, a contact, an item sold by the box and a campaign with a price and a discount, and
creating a document through the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from server.models import (
    CampaignTarget,
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    ItemUnitOfMeasure,
    PriceLine,
    PriceSourceType,
    TargetType,
)
from tests.api.conftest import GraphQLClient
from tests.builders import make_campaign, make_contact, make_customer, make_item, make_salesperson

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
