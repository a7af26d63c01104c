"""Deleting around sales documents: a deleted price or discount line leaves the sales line its
explanation and attribution; campaigns, customers, contacts and items on documents cannot be
deleted; a deleted document takes its lines."""

from __future__ import annotations

from typing import Any

import pytest

from server.models import (
    Campaign,
    CampaignTarget,
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    PriceLine,
    PriceSourceType,
    SalesLine,
    SalesLineSource,
    TargetType,
)
from server.services.campaigns import campaign as campaigns
from server.services.contacts import contact as contacts
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode
from server.services.customers import customer as customers
from server.services.items import item as items
from server.services.pricing import lines as pricing
from server.services.sales import documents as svc
from tests.builders import make_campaign, make_contact, make_customer, make_item
from tests.conftest import make_ctx
from tests.services.sales.document_builders import ORDER, D, _counts, _price, _quote, line

pytestmark = pytest.mark.usefixtures("db")


async def _discount(
    source: DiscountSourceType, code: str | None, percent: str, **extra: Any
) -> DiscountLine:
    return await pricing.create_discount_line(
        make_ctx(),
        pricing.DiscountLineDraft(
            type=extra.pop("type", DiscountType.ITEM),
            item_no=extra.pop("item_no", "CHAIR"),
            source_type=source,
            source_code=code,
            line_discount_percent=D(percent),
            **extra,
        ),
    )


async def test_deleting_a_cited_price_line_keeps_the_lines_explanation_and_attribution(
    manager: ServiceContext,
):
    company = await make_contact(no="LONELY")
    await make_item(no="CHAIR", unit_price="10")
    campaign = await make_campaign(no="CP1")
    await CampaignTarget.create(campaign=campaign, type=TargetType.CONTACT, contact=company)
    price = await _price(PriceSourceType.CAMPAIGN, "CP1", "6")
    discount = await _discount(DiscountSourceType.CAMPAIGN, "CP1", "5")
    document = await _quote(manager, lines=[line("CHAIR", "1")])

    await pricing.delete_price_line(manager, price.id)
    await pricing.delete_discount_line(manager, discount.id)

    row = await SalesLine.get(document_id=document.id)
    assert (row.price_line_id, row.discount_line_id) == (None, None)
    assert (row.price_source_type, row.price_source_code) == (SalesLineSource.CAMPAIGN, "CP1")
    assert (row.discount_source_type, row.discount_source_code) == (
        SalesLineSource.CAMPAIGN,
        "CP1",
    )
    assert (row.price_campaign_id, row.discount_campaign_id) == (campaign.id, campaign.id)
    assert (row.unit_price, row.line_discount_percent, row.line_amount) == (
        D("6.00000"),
        D("5.00"),
        D("5.70"),
    )


async def test_a_campaign_cited_by_a_sales_line_or_document_cannot_be_deleted(
    manager: ServiceContext,
):
    company = await make_contact(no="LONELY")
    await make_item(no="CHAIR", unit_price="10")
    cited = await make_campaign(no="CP1")
    await make_campaign(no="CP2")
    await CampaignTarget.create(campaign=cited, type=TargetType.CONTACT, contact=company)
    await _price(PriceSourceType.CAMPAIGN, "CP1", "6")
    await _quote(manager, lines=[line("CHAIR", "1")])
    await _quote(manager, campaign_no="CP2")

    for no in ("CP1", "CP2"):
        with pytest.raises(DomainError) as refused:
            await campaigns.delete_campaign(manager, no)
        assert refused.value.code is ErrorCode.CAMPAIGN_IN_USE

    assert await Campaign.all().count() == 2
    assert await PriceLine.all().count() == 1


async def test_deleting_a_document_deletes_its_lines(manager: ServiceContext):
    await make_contact(no="LONELY")
    await make_item(no="CHAIR")
    document = await _quote(manager, lines=[line("CHAIR", "1"), line("CHAIR", "2")])
    await _quote(manager, lines=[line("CHAIR", "1")])

    await svc.delete_document(manager, document.no)

    assert await _counts() == (1, 1)


async def test_customers_contacts_and_items_on_documents_cannot_be_deleted(
    manager: ServiceContext,
):
    await make_customer(await make_contact(no="ACME-CT"), no="ACME")
    await make_contact(no="LONELY")
    await make_item(no="CHAIR")
    await svc.create_document(
        manager, svc.SalesDocumentDraft(type=ORDER, customer_no="ACME", lines=[line("CHAIR", "1")])
    )
    await _quote(manager)

    for attempt in (
        customers.delete_customer(manager, "ACME"),
        contacts.delete_contact(manager, "LONELY"),
        items.delete_item(manager, "CHAIR"),
    ):
        with pytest.raises(DomainError) as refused:
            await attempt
        assert refused.value.code is ErrorCode.IN_USE
        assert "sales" in refused.value.message

    assert await _counts() == (2, 1)
