"""Sales documents (DOMAIN "Sales documents", section 5): creation with its number, date,
salesperson and customer, every refusal, header changes, a quote becoming an order, filtered
reads and who may change a document."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from server.models import Role, SalesDocument, SalesLine, SalesLineSource
from server.services.core.context import ServiceContext
from server.services.core.errors import ErrorCode, PermissionDenied, ValidationFailed
from server.services.sales import documents as svc
from tests.builders import make_campaign, make_contact, make_customer, make_item, make_salesperson
from tests.conftest import TODAY, make_ctx
from tests.services.sales.document_builders import ORDER, QUOTE, D, _codes, _counts, _quote, line

pytestmark = pytest.mark.usefixtures("db")


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


async def test_a_quote_for_a_customer_becomes_an_order(manager: ServiceContext):
    await make_customer(await make_contact(no="ACME-CT"), no="ACME")
    document = await svc.create_document(
        manager, svc.SalesDocumentDraft(type=QUOTE, customer_no="ACME")
    )

    await svc.update_document(manager, document.no, svc.SalesDocumentChanges(type=ORDER))

    assert (await SalesDocument.get(id=document.id)).type is ORDER
