"""Campaign revenue and ROI (DOMAIN T6): sales lines whose price or discount came from the
campaign, each line once, summed exactly in the same single statement as the other figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from server.models import (
    CampaignTarget,
    DiscountSourceType,
    DiscountType,
    Interaction,
    PriceSourceType,
    SalesDocumentType,
    SalesLine,
    TargetType,
)
from server.services.core.context import ServiceContext
from server.services.interactions.statistics import campaign_statistics
from server.services.pricing import lines as pricing
from server.services.sales import documents as sales
from tests.builders import make_campaign, make_contact, make_item
from tests.conftest import BACKEND, StatementCounter, make_ctx

pytestmark = pytest.mark.usefixtures("db")

D = Decimal


async def _line(day: date, item: str, quantity: str = "1") -> None:
    await sales.create_document(
        make_ctx(),
        sales.SalesDocumentDraft(
            type=SalesDocumentType.QUOTE,
            contact_no="BUYER",
            document_date=day,
            lines=[sales.SalesLineDraft(item_no=item, quantity=D(quantity))],
        ),
    )


async def _world() -> dict[str, Any]:
    buyer = await make_contact(no="BUYER")
    alpha = await make_campaign(no="ALPHA", budgeted_cost=D("100.00"))
    beta = await make_campaign(no="BETA")
    quiet = await make_campaign(no="QUIET", budgeted_cost=D("5.00"))
    for campaign in (alpha, beta):
        await CampaignTarget.create(campaign=campaign, type=TargetType.CONTACT, contact=buyer)
    for no in ("PRICED", "DISCOUNTED", "BOTH", "OTHER", "MIXED"):
        await make_item(no=no, unit_price="10")
    ctx = make_ctx()

    async def price(item: str, campaign: str, value: str) -> Any:
        return await pricing.create_price_line(
            ctx,
            pricing.PriceLineDraft(
                item_no=item,
                source_type=PriceSourceType.CAMPAIGN,
                source_code=campaign,
                unit_price=D(value),
            ),
        )

    async def discount(item: str, campaign: str, percent: str) -> Any:
        return await pricing.create_discount_line(
            ctx,
            pricing.DiscountLineDraft(
                type=DiscountType.ITEM,
                item_no=item,
                source_type=DiscountSourceType.CAMPAIGN,
                source_code=campaign,
                line_discount_percent=D(percent),
            ),
        )

    cited = await price("PRICED", "ALPHA", "3.33")  # 3.33 per unit
    await discount("DISCOUNTED", "ALPHA", "10")  # 10.00 less 10 %
    await price("BOTH", "ALPHA", "4")
    await discount("BOTH", "ALPHA", "50")  # one line, counted once: 2.00
    await price("OTHER", "BETA", "7")
    await price("MIXED", "BETA", "6")
    await discount("MIXED", "ALPHA", "25")  # price from BETA, discount from ALPHA: 4.50 each
    return {"alpha": alpha, "beta": beta, "quiet": quiet, "cited": cited}


async def test_revenue_counts_every_line_priced_or_discounted_by_the_campaign_once(
    sql: StatementCounter,
):
    world = await _world()
    await _line(date(2026, 1, 10), "PRICED", "3")  # 9.99
    await _line(date(2026, 1, 10), "DISCOUNTED")  # 9.00
    await _line(date(2026, 2, 10), "BOTH")  # 2.00
    await _line(date(2026, 2, 10), "OTHER")  # 7.00
    await _line(date(2026, 3, 10), "MIXED")  # 4.50
    alpha, beta, quiet = world["alpha"], world["beta"], world["quiet"]
    sql.statements.clear()

    stats = await campaign_statistics(make_ctx(), [alpha.id, beta.id, quiet.id])

    assert sql.count == 1
    assert stats[alpha.id].revenue == D("25.49")
    assert stats[beta.id].revenue == D("11.50")
    assert stats[quiet.id].revenue == D("0.00")
    assert str(stats[quiet.id].revenue) == "0.00"
    assert (stats[alpha.id].roi, stats[quiet.id].roi) == (None, None)  # no cost yet
    assert stats[alpha.id].budgeted_cost == D("100.00")


async def test_revenue_follows_the_date_range_on_the_document_date():
    world = await _world()
    await _line(date(2026, 1, 10), "PRICED", "3")
    await _line(date(2026, 2, 10), "BOTH")
    await _line(date(2026, 3, 10), "MIXED")
    alpha = world["alpha"]

    async def revenue(**bounds: date) -> Decimal:
        return (await campaign_statistics(make_ctx(), [alpha.id], **bounds))[alpha.id].revenue

    assert await revenue(date_from=date(2026, 2, 1)) == D("6.50")
    assert await revenue(date_to=date(2026, 2, 10)) == D("11.99")
    assert await revenue(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)) == D("2.00")


async def test_roi_is_revenue_less_cost_over_cost(manager: ServiceContext):
    world = await _world()
    await _line(date(2026, 1, 10), "DISCOUNTED", "10")  # 90.00
    alpha, beta = world["alpha"], world["beta"]
    buyer = await make_contact(no="OTHER-BUYER")
    for campaign, cost in ((alpha, "30.00"), (alpha, "6.00"), (beta, "0.00")):
        await Interaction.create(
            contact=buyer,
            date=date(2026, 1, 5),
            description="Touch",
            cost=D(cost),
            user="seed",
            campaign=campaign,
        )

    stats = await campaign_statistics(manager, [alpha.id, beta.id])

    assert (stats[alpha.id].cost, stats[alpha.id].revenue) == (D("36.00"), D("90.00"))
    assert stats[alpha.id].roi == D("1.5000")
    assert stats[beta.id].roi is None


async def test_revenue_survives_deleting_the_agreement_that_won(manager: ServiceContext):
    world = await _world()
    await _line(date(2026, 1, 10), "PRICED", "3")

    await pricing.delete_price_line(manager, world["cited"].id)

    stats = await campaign_statistics(manager, [world["alpha"].id])
    assert stats[world["alpha"].id].revenue == D("9.99")


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite stores decimals as text")
async def test_amounts_stored_as_irregular_text_are_still_summed_exactly(manager: ServiceContext):
    world = await _world()
    await _line(date(2026, 1, 10), "PRICED", "3")
    await _line(date(2026, 2, 10), "BOTH")
    row = await SalesLine.filter(item__no="BOTH").first()
    assert row is not None
    # Written around the ORM's quantizing, as the decimal_sums docstring describes.
    await SalesLine.filter(id=row.id).update(line_amount=D("1E+1"))

    stats = await campaign_statistics(
        manager, [world["alpha"].id], date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
    )

    assert stats[world["alpha"].id].revenue == D("19.99")
