"""One engine, one answer (issue 17, class 7): the same person, item, quantity and date get
the same price however they are priced -- a quote recalculated, a new quote, the price
explanation -- also after the person's company became a customer and the campaign's target row
moved to that customer (A7). The quote's recalculation gave the item price instead."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import CampaignTarget, PriceLine, SalesDocumentType, SalesLine, TargetType
from server.services.core.context import ServiceContext
from server.services.customers import customer as customers
from server.services.pricing import activation, explanation
from server.services.sales import documents
from server.services.segments import lines as segment_lines
from tests.builders import make_campaign, make_contact, make_item, make_segment

pytestmark = pytest.mark.usefixtures("db")

DAY = date(2026, 3, 15)


async def _quote(manager: ServiceContext, contact_no: str) -> tuple[str, Decimal]:
    draft = documents.SalesDocumentDraft(
        type=SalesDocumentType.QUOTE,
        contact_no=contact_no,
        document_date=DAY,
        lines=[documents.SalesLineDraft(item_no="CHAIR", quantity=Decimal(1))],
    )
    quote = await documents.create_document(manager, draft)
    return quote.no, (await SalesLine.get(document_id=quote.id)).unit_price


async def _explained(manager: ServiceContext, contact_no: str) -> Decimal:
    found = await explanation.explain_price(
        manager,
        customer_no=None,
        contact_no=contact_no,
        item_no="CHAIR",
        quantity=Decimal(1),
        unit_of_measure=None,
        date=DAY,
    )
    return found.pricing.unit_price


async def test_a_quote_recalculated_after_its_prospect_became_a_customer_keeps_one_price(
    manager: ServiceContext,
):
    campaign = await make_campaign(no="CP1")
    item = await make_item(no="CHAIR", unit_price=Decimal(10))
    await PriceLine.create(
        item=item,
        source_type="CAMPAIGN",
        source_code="CP1",
        campaign=campaign,
        unit_price=Decimal("1.50"),
    )
    prospect = await make_contact(no="PROSPECT")
    await make_contact(prospect, no="PERSON")
    segment = await make_segment(campaign=campaign, campaign_target=True)
    await segment_lines.segment_contacts_add(manager, segment.no, ["PERSON"])
    await activation.activate(manager, "CP1")
    quote_no, first = await _quote(manager, "PERSON")

    await customers.create_customer(
        manager, customers.CustomerDraft(no="CUST", name="Prospect Ltd", contact_no="PROSPECT")
    )
    recalculated = await documents.recalculate_document(manager, quote_no)
    again = (await SalesLine.get(document_id=recalculated.id)).unit_price

    assert first == Decimal("1.50")
    assert await CampaignTarget.filter(type=TargetType.CUSTOMER).count() == 1  # the row moved
    assert again == await _explained(manager, "PERSON") == (await _quote(manager, "PERSON"))[1]
    assert again == Decimal("1.50")
