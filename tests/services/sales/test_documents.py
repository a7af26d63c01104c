"""Sales documents and lines: creation, refusals, line numbering, P7 repricing, deletion
behaviour and who may do what (DOMAIN "Sales documents", P1-P7, section 5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
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
    Role,
    SalesDocument,
    SalesDocumentType,
    SalesLine,
    SalesLineSource,
    TargetType,
)
from server.services.campaigns import campaign as campaigns
from server.services.contacts import contact as contacts
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.customers import customer as customers
from server.services.items import item as items
from server.services.pricing import lines as pricing
from server.services.sales import documents as svc
from tests.builders import (
    make_campaign,
    make_contact,
    make_customer,
    make_item,
    make_salesperson,
)
from tests.conftest import TODAY, make_ctx

pytestmark = pytest.mark.usefixtures("db")

QUOTE, ORDER = SalesDocumentType.QUOTE, SalesDocumentType.ORDER
D = Decimal


def _codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return [(e.code, e.field) for e in exc.errors]


def line(item_no: str, quantity: str, unit: str | None = None) -> svc.SalesLineDraft:
    return svc.SalesLineDraft(item_no=item_no, quantity=D(quantity), unit_of_measure=unit)


async def _counts() -> tuple[int, int]:
    return await SalesDocument.all().count(), await SalesLine.all().count()


async def _price(source: PriceSourceType, code: str | None, price: str, **extra: Any) -> PriceLine:
    return await pricing.create_price_line(
        make_ctx(),
        pricing.PriceLineDraft(
            item_no=extra.pop("item_no", "CHAIR"),
            source_type=source,
            source_code=code,
            unit_price=D(price),
            **extra,
        ),
    )


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


async def test_a_quote_takes_a_number_today_the_actors_salesperson_and_the_customers_contact():
    person = await make_salesperson(code="ANNA")
    company = await make_contact(no="ACME-CT")
    await make_customer(company, no="ACME")
    await make_item(no="CHAIR", unit_price="12.50")
    ctx = make_ctx(Role.SALES, salesperson="ANNA")

    document = await svc.create_document(
        ctx, svc.SalesDocumentDraft(type=QUOTE, customer_no="acme", lines=[line("chair", "2")])
    )

    stored = await SalesDocument.get(id=document.id)
    assert stored.no == "SO00001"
    assert (stored.document_date, stored.salesperson_id) == (TODAY.date(), person.id)
    assert stored.contact_id == company.id
    assert stored.created_by == "test-sales"
    rows = await SalesLine.filter(document_id=document.id)
    assert [(r.line_no, r.unit_of_measure, r.unit_price, r.line_amount) for r in rows] == [
        (10000, "PCS", D("12.50000"), D("25.00"))
    ]
    assert rows[0].price_source_type is SalesLineSource.ITEM
    assert rows[0].price_source_code == "CHAIR"
    assert rows[0].discount_source_type is None


async def test_a_quote_for_a_contact_of_a_customer_company_bills_that_customer(
    manager: ServiceContext,
):
    company = await make_contact(no="ACME-CT")
    person = await make_contact(company, no="JOE")
    customer = await make_customer(company, no="ACME")

    document = await svc.create_document(
        manager, svc.SalesDocumentDraft(type=QUOTE, contact_no="joe")
    )

    assert (document.customer_id, document.contact_id) == (customer.id, person.id)


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        (svc.SalesDocumentDraft(type=QUOTE), [(ErrorCode.REQUIRED, ("contact_no",))]),
        (
            svc.SalesDocumentDraft(type=ORDER, contact_no="LONELY"),
            [(ErrorCode.REQUIRED, ("customer_no",))],
        ),
        (
            svc.SalesDocumentDraft(type=QUOTE, customer_no="NOPE"),
            [(ErrorCode.NOT_FOUND, ("customer_no",))],
        ),
        (
            svc.SalesDocumentDraft(type=QUOTE, contact_no="NOPE"),
            [(ErrorCode.NOT_FOUND, ("contact_no",))],
        ),
        (
            svc.SalesDocumentDraft(type=QUOTE, customer_no="STOP"),
            [(ErrorCode.BLOCKED, ("customer_no",))],
        ),
        (
            svc.SalesDocumentDraft(type=QUOTE, customer_no="ACME", contact_no="LONELY"),
            [(ErrorCode.INVALID, ("contact_no",))],
        ),
        (
            svc.SalesDocumentDraft(type=QUOTE, contact_no="LONELY", campaign_no="NOPE"),
            [(ErrorCode.NOT_FOUND, ("campaign_no",))],
        ),
        (
            svc.SalesDocumentDraft(type=QUOTE, contact_no="LONELY", salesperson_code="NOPE"),
            [(ErrorCode.NOT_FOUND, ("salesperson_code",))],
        ),
        (
            svc.SalesDocumentDraft(type=QUOTE, contact_no="LONELY", document_date=date(1800, 1, 1)),
            [(ErrorCode.OUT_OF_RANGE, ("document_date",))],
        ),
        (
            svc.SalesDocumentDraft(
                type=QUOTE,
                contact_no="LONELY",
                lines=[
                    line("CHAIR", "1"),
                    line("NOPE", "1"),
                    line("CHAIR", "0"),
                    line("CHAIR", "-2"),
                    line("CHAIR", "0.000001"),
                    line("CHAIR", "1", "BOX"),
                    line("OLD", "1"),
                    line("", "1"),
                    line("CHAIR", "1000000000000000"),
                ],
            ),
            [
                (ErrorCode.NOT_FOUND, ("lines", 1, "item_no")),
                (ErrorCode.OUT_OF_RANGE, ("lines", 2, "quantity")),
                (ErrorCode.OUT_OF_RANGE, ("lines", 3, "quantity")),
                (ErrorCode.INVALID, ("lines", 4, "quantity")),
                (ErrorCode.NOT_FOUND, ("lines", 5, "unit_of_measure")),
                (ErrorCode.BLOCKED, ("lines", 6, "item_no")),
                (ErrorCode.REQUIRED, ("lines", 7, "item_no")),
                (ErrorCode.OUT_OF_RANGE, ("lines", 8, "quantity")),
            ],
        ),
    ],
)
async def test_bad_documents_are_refused_with_every_reason_and_nothing_is_stored(
    manager: ServiceContext, draft: svc.SalesDocumentDraft, expected: list[Any]
):
    await make_customer(await make_contact(no="ACME-CT"), no="ACME")
    await make_customer(no="STOP", blocked=True)
    await make_contact(no="LONELY")
    await make_item(no="CHAIR")
    await make_item(no="OLD", blocked=True)
    await make_campaign(no="CP1")

    with pytest.raises(ValidationFailed) as refused:
        await svc.create_document(manager, draft)

    assert _codes(refused.value) == expected
    assert await _counts() == (0, 0)


async def test_a_line_amount_too_large_to_store_is_refused(manager: ServiceContext):
    await make_contact(no="LONELY")
    await make_item(no="GOLD", unit_price="999999999999.99")

    with pytest.raises(ValidationFailed) as refused:
        await svc.create_document(
            manager,
            svc.SalesDocumentDraft(type=QUOTE, contact_no="lonely", lines=[line("GOLD", "100000")]),
        )

    assert _codes(refused.value) == [(ErrorCode.OUT_OF_RANGE, ("lines", 0, "quantity"))]
    assert await _counts() == (0, 0)


async def _quote(manager: ServiceContext, **extra: Any) -> SalesDocument:
    return await svc.create_document(
        manager, svc.SalesDocumentDraft(type=QUOTE, contact_no="LONELY", **extra)
    )


async def test_lines_are_numbered_in_steps_of_10000_and_can_be_changed_and_removed(
    manager: ServiceContext,
):
    await make_contact(no="LONELY")
    chair = await make_item(no="CHAIR", unit_price="10")
    await make_item(no="DESK", unit_price="100")
    document = await _quote(manager)

    first = await svc.add_line(manager, document.no, line("chair", "1"))
    second = await svc.add_line(manager, document.no, line("desk", "2"))
    await svc.delete_line(manager, document.no, 10000)
    third = await svc.add_line(manager, document.no, line("chair", "3"))
    changed = await svc.update_line(
        manager, document.no, 20000, svc.SalesLineChanges(item_no="CHAIR")
    )

    assert (first.line_no, second.line_no, third.line_no) == (10000, 20000, 30000)
    rows = await SalesLine.filter(document_id=document.id).order_by("line_no")
    assert [(r.line_no, r.item_id, r.quantity, r.line_amount) for r in rows] == [
        (20000, chair.id, D("2.00000"), D("20.00")),
        (30000, chair.id, D("3.00000"), D("30.00")),
    ]
    assert changed.unit_of_measure == "PCS"


async def test_bad_line_changes_are_refused_and_the_line_stays(manager: ServiceContext):
    await make_contact(no="LONELY")
    await make_item(no="CHAIR", unit_price="10")
    document = await _quote(manager, lines=[line("CHAIR", "2")])
    before = await SalesLine.get(document_id=document.id)

    for changes, expected in [
        (svc.SalesLineChanges(quantity=D(0)), (ErrorCode.OUT_OF_RANGE, ("quantity",))),
        (svc.SalesLineChanges(unit_of_measure="BOX"), (ErrorCode.NOT_FOUND, ("unit_of_measure",))),
        (svc.SalesLineChanges(item_no="NOPE"), (ErrorCode.NOT_FOUND, ("item_no",))),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            await svc.update_line(manager, document.no, 10000, changes)
        assert _codes(refused.value) == [expected]
    with pytest.raises(DomainError) as missing:
        await svc.update_line(manager, document.no, 20000, svc.SalesLineChanges(quantity=D(1)))
    assert missing.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(ValidationFailed):
        await svc.add_line(manager, document.no, line("CHAIR", "-1"))

    after = await SalesLine.get(document_id=document.id)
    assert (after.quantity, after.line_amount) == (before.quantity, before.line_amount)
    assert await _counts() == (1, 1)


async def test_a_new_date_or_customer_reprices_every_line(manager: ServiceContext):
    await make_contact(no="LONELY")
    await make_customer(await make_contact(no="B-CT"), no="BETA")
    await make_item(no="CHAIR", unit_price="10")
    await _price(
        PriceSourceType.ALL_CUSTOMERS,
        None,
        "8",
        starting_date=date(2026, 4, 1),
        ending_date=date(2026, 4, 30),
    )
    await _price(PriceSourceType.CUSTOMER, "BETA", "7")
    document = await _quote(manager, lines=[line("CHAIR", "1"), line("CHAIR", "2")])
    assert await _amounts(document) == [D("10.00"), D("20.00")]

    await svc.update_document(
        manager, document.no, svc.SalesDocumentChanges(document_date=date(2026, 4, 2))
    )
    assert await _amounts(document) == [D("8.00"), D("16.00")]

    await svc.update_document(manager, document.no, svc.SalesDocumentChanges(customer_no="beta"))
    assert await _amounts(document) == [D("7.00"), D("14.00")]
    stored = await SalesDocument.get(id=document.id)
    assert stored.contact_id is not None  # BETA's company contact replaced LONELY


async def _amounts(document: SalesDocument) -> list[Decimal]:
    rows = await SalesLine.filter(document_id=document.id).order_by("line_no")
    return [r.line_amount for r in rows]


async def test_refused_header_changes_change_nothing(manager: ServiceContext):
    await make_contact(no="LONELY")
    await make_item(no="CHAIR", unit_price="10")
    document = await _quote(manager, lines=[line("CHAIR", "1")])

    for changes, expected in [
        (svc.SalesDocumentChanges(type=ORDER), (ErrorCode.REQUIRED, ("customer_no",))),
        (svc.SalesDocumentChanges(type=None), (ErrorCode.REQUIRED, ("type",))),
        (svc.SalesDocumentChanges(contact_no=None), (ErrorCode.REQUIRED, ("contact_no",))),
        (svc.SalesDocumentChanges(document_date=None), (ErrorCode.REQUIRED, ("document_date",))),
        (svc.SalesDocumentChanges(customer_no="NOPE"), (ErrorCode.NOT_FOUND, ("customer_no",))),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            await svc.update_document(manager, document.no, changes)
        assert _codes(refused.value) == [expected]

    stored = await SalesDocument.get(id=document.id)
    assert (stored.type, stored.customer_id, stored.document_date) == (QUOTE, None, TODAY.date())


async def test_recalculate_picks_up_an_activation_made_after_the_line(manager: ServiceContext):
    company = await make_contact(no="LONELY")
    await make_item(no="CHAIR", unit_price="10")
    campaign = await make_campaign(no="CP1")
    await _price(PriceSourceType.CAMPAIGN, "CP1", "6")
    document = await _quote(manager, lines=[line("CHAIR", "1")])
    assert await _amounts(document) == [D("10.00")]

    await CampaignTarget.create(campaign=campaign, type=TargetType.CONTACT, contact=company)
    assert await _amounts(document) == [D("10.00")]  # lines keep their price until asked
    await svc.recalculate_document(manager, document.no)

    assert await _amounts(document) == [D("6.00")]
    row = await SalesLine.get(document_id=document.id)
    assert (row.price_source_type, row.price_source_code) == (SalesLineSource.CAMPAIGN, "CP1")
    assert row.price_campaign_id == campaign.id


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


async def test_sales_users_change_only_their_own_documents_and_viewers_none():
    await make_salesperson(code="ANNA")
    await make_salesperson(code="BOB")
    await make_contact(no="LONELY")
    await make_item(no="CHAIR")
    anna = make_ctx(Role.SALES, salesperson="ANNA")
    bob = make_ctx(Role.SALES, salesperson="BOB")
    viewer = make_ctx(Role.VIEWER)
    document = await _quote(anna, lines=[line("CHAIR", "1")])

    for attempt in [
        svc.add_line(bob, document.no, line("CHAIR", "1")),
        svc.update_line(bob, document.no, 10000, svc.SalesLineChanges(quantity=D(5))),
        svc.delete_line(bob, document.no, 10000),
        svc.recalculate_document(bob, document.no),
        svc.delete_document(viewer, document.no),
        svc.update_document(anna, document.no, svc.SalesDocumentChanges(salesperson_code="BOB")),
        svc.create_document(
            anna, svc.SalesDocumentDraft(type=QUOTE, contact_no="LONELY", salesperson_code="BOB")
        ),
        svc.create_document(viewer, svc.SalesDocumentDraft(type=QUOTE, contact_no="LONELY")),
    ]:
        with pytest.raises(PermissionDenied):
            await attempt

    assert await _counts() == (1, 1)
    await svc.update_line(anna, document.no, 10000, svc.SalesLineChanges(quantity=D(5)))
    assert (await SalesLine.get(document_id=document.id)).quantity == D(5)


async def test_reads_filter_documents(manager: ServiceContext):
    await make_contact(no="LONELY")
    await make_customer(await make_contact(no="B-CT"), no="BETA")
    await make_campaign(no="CP1")
    await _quote(manager, campaign_no="CP1", document_date=date(2026, 1, 5))
    await svc.create_document(manager, svc.SalesDocumentDraft(type=ORDER, customer_no="BETA"))

    async def nos(**criteria: Any) -> list[str]:
        query = svc.documents_query(manager, svc.SalesDocumentFilter(**criteria))
        return [d.no for d in await query.order_by("no")]

    assert await nos() == ["SO00001", "SO00002"]
    assert await nos(type=ORDER) == ["SO00002"]
    assert await nos(customer_no="beta") == ["SO00002"]
    assert await nos(contact_no="LONELY") == ["SO00001"]
    assert await nos(campaign_no="CP1") == ["SO00001"]
    assert await nos(date_from=date(2026, 2, 1)) == ["SO00002"]
    assert await nos(date_to=date(2026, 2, 1)) == ["SO00001"]
    assert await nos(salesperson_codes=["X" * 30]) == []
    assert (await svc.document_by_no(manager, "so00002")) is not None


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


async def test_a_quote_for_a_customer_becomes_an_order(manager: ServiceContext):
    await make_customer(await make_contact(no="ACME-CT"), no="ACME")
    document = await svc.create_document(
        manager, svc.SalesDocumentDraft(type=QUOTE, customer_no="ACME")
    )

    await svc.update_document(manager, document.no, svc.SalesDocumentChanges(type=ORDER))

    assert (await SalesDocument.get(id=document.id)).type is ORDER
