"""Sales lines: numbering in steps of 10000, changes and their refusals, and P7 repricing (every
line on a new date or customer, and on recalculating after an activation)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import (
    CampaignTarget,
    PriceSourceType,
    SalesDocument,
    SalesLine,
    SalesLineSource,
    TargetType,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ValidationFailed
from server.services.sales import documents as svc
from tests.builders import make_campaign, make_contact, make_customer, make_item
from tests.services.sales.document_builders import D, _codes, _counts, _price, _quote, line

pytestmark = pytest.mark.usefixtures("db")


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
