"""Pricing with the database: eligible campaigns (P1), candidate loading in a bounded number
of statements, and the price explanation (P8) agreeing with sales lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from server.models import (
    CampaignTarget,
    DiscountSourceType,
    DiscountType,
    Item,
    ItemUnitOfMeasure,
    PriceSourceType,
    SalesDocumentType,
    SalesLine,
    TargetType,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import ErrorCode, ValidationFailed
from server.services.pricing import explanation as explain
from server.services.pricing import lines as pricing
from server.services.pricing import selection
from server.services.pricing.selection import Rejection
from server.services.sales import documents as sales
from tests.builders import (
    make_campaign,
    make_contact,
    make_customer,
    make_customer_discount_group,
    make_item,
    make_item_discount_group,
    make_price_group,
)
from tests.conftest import StatementCounter, make_ctx

pytestmark = pytest.mark.usefixtures("db")

D = Decimal
SPRING = (date(2026, 4, 1), date(2026, 4, 30))


async def _price(source: PriceSourceType, code: str | None, value: str, **extra: Any) -> Any:
    return await pricing.create_price_line(
        make_ctx(),
        pricing.PriceLineDraft(
            item_no=extra.pop("item_no", "CHAIR"),
            source_type=source,
            source_code=code,
            unit_price=D(value),
            **extra,
        ),
    )


async def _discount(source: DiscountSourceType, code: str | None, value: str, **extra: Any) -> Any:
    return await pricing.create_discount_line(
        make_ctx(),
        pricing.DiscountLineDraft(
            type=extra.pop("type", DiscountType.ITEM),
            item_no=extra.pop("item_no", "CHAIR"),
            source_type=source,
            source_code=code,
            line_discount_percent=D(value),
            **extra,
        ),
    )


async def test_p1_customer_rows_shadow_the_contact_companys_rows():
    company = await make_contact(no="X")
    person = await make_contact(company, no="XP")
    customer = await make_customer(no="C1")
    own = await make_campaign(no="OWN")
    company_wide = await make_campaign(no="WIDE")
    await CampaignTarget.create(campaign=company_wide, type=TargetType.CONTACT, contact=company)

    by_contact = await selection.buyer_for(customer, person)
    assert by_contact.eligible_campaign_ids == {company_wide.id}
    assert by_contact.eligible_by_contact is True

    await CampaignTarget.create(campaign=own, type=TargetType.CUSTOMER, customer=customer)
    by_customer = await selection.buyer_for(customer, person)
    assert by_customer.eligible_campaign_ids == {own.id}
    assert by_customer.eligible_by_contact is False
    assert (await selection.buyer_for(None, None)).eligible_campaign_ids == frozenset()


async def test_p1_a_person_without_a_company_is_its_own_key():
    loner = await make_contact(no="LONER", type="PERSON")
    campaign = await make_campaign(no="CP1")
    await CampaignTarget.create(campaign=campaign, type=TargetType.CONTACT, contact=loner)

    assert (await selection.buyer_for(None, loner)).eligible_campaign_ids == {campaign.id}


async def test_the_documents_campaign_does_not_make_its_prices_eligible(manager: ServiceContext):
    await make_contact(no="LONELY")
    await make_item(no="CHAIR", unit_price="10")
    await make_campaign(no="CP1")
    await _price(PriceSourceType.CAMPAIGN, "CP1", "5")

    document = await sales.create_document(
        manager,
        sales.SalesDocumentDraft(
            type=SalesDocumentType.QUOTE,
            contact_no="LONELY",
            campaign_no="CP1",
            lines=[sales.SalesLineDraft(item_no="CHAIR", quantity=D(1))],
        ),
    )

    row = await SalesLine.get(document_id=document.id)
    assert (row.unit_price, row.price_campaign_id) == (D("10"), None)


async def _world() -> None:
    """A customer in a price group and a discount group, linked to a company with a person;
    an item in an item discount group; agreements of every kind."""
    prices, discounts = (
        await make_price_group(code="RETAIL"),
        await make_customer_discount_group(code="LOYAL"),
    )
    company = await make_contact(no="ACME-CT")
    await make_contact(company, no="JOE")
    customer = await make_customer(company, no="ACME", price_group=prices, discount_group=discounts)
    await make_contact(no="PROSPECT")
    group = await make_item_discount_group(code="FURN")
    await make_item(no="CHAIR", unit_price="10", discount_group=group)

    chair = await Item.get(no="CHAIR")
    await ItemUnitOfMeasure.create(item=chair, code="BOX", quantity_per_unit=D(12))
    spring = await make_campaign(no="SPRING", starting_date=SPRING[0], ending_date=SPRING[1])
    idle = await make_campaign(no="IDLE")
    await CampaignTarget.create(campaign=spring, type=TargetType.CUSTOMER, customer=customer)
    prospect_wide = await make_campaign(no="PROS")
    prospect = await make_contact(no="PROSPECT2")
    await CampaignTarget.create(campaign=prospect_wide, type=TargetType.CONTACT, contact=prospect)
    await _price(PriceSourceType.ALL_CUSTOMERS, None, "9.5")
    await _price(PriceSourceType.CUSTOMER, "ACME", "9.2", minimum_quantity=D(50))
    await _price(PriceSourceType.CUSTOMER_PRICE_GROUP, "RETAIL", "9.4", unit_of_measure="PCS")
    await _price(PriceSourceType.CAMPAIGN, "SPRING", "0.75")  # per base unit
    await _price(PriceSourceType.CAMPAIGN, "IDLE", "1")
    await _price(PriceSourceType.CAMPAIGN, "PROS", "8.8", allow_line_discount=False)
    await _discount(DiscountSourceType.ALL_CUSTOMERS, None, "2")
    await _discount(
        DiscountSourceType.CUSTOMER_DISCOUNT_GROUP, "LOYAL", "3", minimum_quantity=D(30)
    )
    await _discount(
        DiscountSourceType.CAMPAIGN,
        "SPRING",
        "12.5",
        type=DiscountType.ITEM_DISCOUNT_GROUP,
        item_no=None,
        item_discount_group_code="FURN",
    )
    await _discount(DiscountSourceType.CUSTOMER, "ACME", "33.33", unit_of_measure="BOX")
    assert idle.id


SCENARIOS = [
    ("ACME", None, "1", None, date(2026, 3, 1)),
    ("ACME", None, "5", None, date(2026, 3, 1)),
    ("ACME", None, "3", "PCS", date(2026, 4, 10)),
    ("ACME", "JOE", "1", "BOX", date(2026, 4, 10)),
    ("ACME", None, "2", "BOX", date(2026, 5, 1)),
    (None, "PROSPECT", "1", None, date(2026, 4, 10)),
    (None, "PROSPECT2", "4", None, date(2026, 4, 10)),
    (None, "JOE", "0.1", None, date(2026, 4, 10)),
]


@pytest.mark.parametrize(("customer", "contact", "quantity", "unit", "day"), SCENARIOS)
async def test_the_explanation_and_a_sales_line_always_agree(
    manager: ServiceContext,
    customer: str | None,
    contact: str | None,
    quantity: str,
    unit: str | None,
    day: date,
):
    await _world()

    explained = await explain.explain_price(
        manager,
        customer_no=customer,
        contact_no=contact,
        item_no="CHAIR",
        quantity=D(quantity),
        unit_of_measure=unit,
        date=day,
    )
    document = await sales.create_document(
        manager,
        sales.SalesDocumentDraft(
            type=SalesDocumentType.QUOTE,
            customer_no=customer,
            contact_no=contact,
            document_date=day,
            lines=[
                sales.SalesLineDraft(item_no="CHAIR", quantity=D(quantity), unit_of_measure=unit)
            ],
        ),
    )

    stored = await SalesLine.get(document_id=document.id)
    columns = (
        "unit_price",
        "line_discount_percent",
        "line_amount",
        "unit_of_measure",
        "price_source_type",
        "price_source_code",
        "price_line_id",
        "price_campaign_id",
        "discount_source_type",
        "discount_source_code",
        "discount_line_id",
        "discount_campaign_id",
    )
    assert [getattr(explained.line, c) for c in columns] == [getattr(stored, c) for c in columns]
    assert sum(v.winner for v in explained.pricing.prices) == (explained.pricing.price is not None)


async def test_the_explanation_says_why_each_agreement_did_or_did_not_apply(
    manager: ServiceContext,
):
    await _world()

    explained = await explain.explain_price(
        manager,
        customer_no="acme",
        contact_no=None,
        item_no="chair",
        quantity=D(2),
        unit_of_measure="BOX",
        date=date(2026, 4, 10),
    )

    assert [c.no for c in explained.eligible_campaigns] == ["SPRING"]
    assert explained.contact is not None
    assert explained.contact.no == "ACME-CT"
    prices = [
        (v.candidate.source_type, v.candidate.source_code, v.rejection, v.value, v.winner)
        for v in explained.pricing.prices
    ]
    assert prices == [
        ("ALL_CUSTOMERS", None, None, D("114.00000"), False),
        ("CUSTOMER", "ACME", Rejection.BELOW_MINIMUM_QUANTITY, D("110.40000"), False),
        ("CUSTOMER_PRICE_GROUP", "RETAIL", Rejection.WRONG_UNIT, D("9.40000"), False),
        ("CAMPAIGN", "SPRING", None, D("9.00000"), True),
        ("CAMPAIGN", "IDLE", Rejection.CAMPAIGN_NOT_ACTIVATED, D("12.00000"), False),
        ("CAMPAIGN", "PROS", Rejection.CAMPAIGN_NOT_ELIGIBLE, D("105.60000"), False),
    ]
    discounts = [
        (v.candidate.source_code, v.rejection, v.winner) for v in explained.pricing.discounts
    ]
    assert discounts == [
        (None, None, False),
        ("LOYAL", Rejection.BELOW_MINIMUM_QUANTITY, False),
        ("SPRING", None, False),
        ("ACME", None, True),
    ]
    assert (explained.line.line_discount_percent, explained.line.line_amount) == (
        D("33.33"),
        D("12.00"),
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"item_no": "NOPE"}, [(ErrorCode.NOT_FOUND, ("item_no",))]),
        ({"quantity": D(0)}, [(ErrorCode.OUT_OF_RANGE, ("quantity",))]),
        ({"unit_of_measure": "CRATE"}, [(ErrorCode.NOT_FOUND, ("unit_of_measure",))]),
        ({"customer_no": None}, [(ErrorCode.REQUIRED, ("contact_no",))]),
        ({"customer_no": "NOPE"}, [(ErrorCode.NOT_FOUND, ("customer_no",))]),
        ({"contact_no": "PROSPECT"}, [(ErrorCode.INVALID, ("contact_no",))]),
        ({"date": date(3000, 1, 1)}, [(ErrorCode.OUT_OF_RANGE, ("date",))]),
    ],
)
async def test_bad_explanation_requests_are_refused(
    manager: ServiceContext, arguments: dict[str, Any], expected: list[Any]
):
    await _world()
    values: dict[str, Any] = {
        "customer_no": "ACME",
        "contact_no": None,
        "item_no": "CHAIR",
        "quantity": D(1),
        "unit_of_measure": None,
        "date": date(2026, 4, 10),
    }
    values.update(arguments)

    with pytest.raises(ValidationFailed) as refused:
        await explain.explain_price(manager, **values)

    assert [(e.code, e.field) for e in refused.value.errors] == expected


async def test_repricing_a_document_costs_the_same_statements_for_3_or_30_lines(
    manager: ServiceContext, sql: StatementCounter
):
    await _world()
    counts = []
    for lines in (3, 30):
        for n in range(lines):
            await make_item(no=f"I{lines}-{n}", unit_price=str(n + 1))
        document = await sales.create_document(
            manager,
            sales.SalesDocumentDraft(
                type=SalesDocumentType.QUOTE,
                customer_no="ACME",
                lines=[
                    sales.SalesLineDraft(item_no=f"I{lines}-{n}", quantity=D(1))
                    for n in range(lines)
                ],
            ),
        )
        sql.statements.clear()
        await sales.recalculate_document(manager, document.no)
        counts.append(sql.count - lines)  # one UPDATE per line is the write itself

    assert counts[0] == counts[1], counts
