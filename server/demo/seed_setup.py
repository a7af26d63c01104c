"""The small part of a seeded data set, made through the services so every rule applies:
setup codes (those of the demo company), items, campaigns and the dashboard campaign's prices
and line discounts. Codes that exist already are reused."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from decimal import Decimal

from server.demo.company import INTERACTION_GROUPS, INTERACTION_TEMPLATES, SALESPEOPLE, STATUSES
from server.demo.parties import (
    CUSTOMER_DISCOUNT_GROUPS,
    ITEM_DISCOUNT_GROUPS,
    ITEMS,
    PRICE_GROUPS,
)
from server.demo.seed_data import (
    CAMPAIGN_THEMES,
    DASHBOARD_DISCOUNT_LINES,
    DASHBOARD_PRICE_LINES,
    SELLERS,
)
from server.demo.seed_rows import HISTORY_DAYS, CampaignRef
from server.models import (
    CustomerDiscountGroup,
    CustomerPriceGroup,
    DiscountSourceType,
    DiscountType,
    InteractionGroup,
    InteractionTemplate,
    ItemDiscountGroup,
    PriceSourceType,
    Salesperson,
)
from server.services.campaigns import campaign
from server.services.core.context import ServiceContext
from server.services.interactions import templates
from server.services.items import item
from server.services.pricing import groups as price_groups
from server.services.pricing import lines as pricing
from server.services.pricing.groups import G
from server.services.setup import codes as setup

#: The dashboard campaign runs from this many days before the anchor day to as many after.
DASHBOARD_HALF_SPAN = 60
DASHBOARD_OWNER = "PS"


@dataclasses.dataclass(frozen=True)
class Setup:
    """Ids of the setup records the bulk rows refer to."""

    sellers: list[int]
    templates: dict[str, InteractionTemplate]
    price_groups: list[int]
    discount_groups: list[int]
    #: (item no, list price) of the items made.
    items: list[tuple[str, Decimal]]


async def _groups(ctx: ServiceContext, model: type[G], rows: list[tuple[str, str]]) -> list[int]:
    """Create the missing groups of one kind; returns the ids of all of them, in order."""
    for code, description in rows:
        if not await model.exists(code=code):
            group = price_groups.GroupDraft(code=code, description=description)
            await price_groups.create_group(ctx, model, group)
    codes = [code for code, _ in rows]
    found = dict(await model.filter(code__in=codes).values_list("code", "id"))
    return [found[code] for code in codes]


async def load_setup(ctx: ServiceContext) -> Setup:
    """Create the missing statuses, salespeople, interaction groups and templates, price and
    discount groups and items of the demo company."""
    for code, description, order in STATUSES:
        if not await setup.campaign_status_by_code(ctx, code):
            status = setup.CampaignStatusDraft(code=code, description=description, sort_order=order)
            await setup.create_campaign_status(ctx, status)
    for code, name, title in SALESPEOPLE:
        if not await Salesperson.exists(code=code):
            email = f"{name.split()[0].lower()}@cronus.example"
            await setup.create_salesperson(
                ctx, setup.SalespersonDraft(code=code, name=name, job_title=title, email=email)
            )
    for code, description in INTERACTION_GROUPS:
        if not await InteractionGroup.exists(code=code):
            await templates.create_interaction_group(
                ctx, templates.InteractionGroupDraft(code=code, description=description)
            )
    for template in INTERACTION_TEMPLATES:
        if not await InteractionTemplate.exists(code=template.code):
            # The demo ties a few templates to its own campaigns; seeded ones stay free.
            free = dataclasses.replace(template, campaign_no=None, campaign_target=False)
            await templates.create_interaction_template(ctx, free)
    price = await _groups(ctx, CustomerPriceGroup, PRICE_GROUPS)
    discount = await _groups(ctx, CustomerDiscountGroup, CUSTOMER_DISCOUNT_GROUPS)
    await _groups(ctx, ItemDiscountGroup, ITEM_DISCOUNT_GROUPS)
    items = []
    for description, list_price, group_code, _ in ITEMS:
        made = await item.create_item(
            ctx,
            item.ItemDraft(
                description=description,
                base_unit_of_measure="PCS",
                unit_price=Decimal(list_price),
                discount_group_code=group_code,
            ),
        )
        items.append((made.no, Decimal(list_price)))
    sellers = dict(await Salesperson.filter(code__in=SELLERS).values_list("code", "id"))
    return Setup(
        sellers=[sellers[code] for code in SELLERS],
        templates={t.code: t for t in await InteractionTemplate.all()},
        price_groups=price,
        discount_groups=discount,
        items=items,
    )


async def _campaign(
    ctx: ServiceContext, description: str, start: date, days: int, owner: str, anchor: date
) -> CampaignRef:
    end = start + timedelta(days=days)
    status = "PLANNED" if start > anchor else "RUNNING" if end >= anchor else "CLOSED"
    budget = Decimal(1000 + 250 * (days % 40))
    made = await campaign.create_campaign(
        ctx,
        campaign.CampaignDraft(
            description=description,
            starting_date=start,
            ending_date=end,
            status_code=status,
            salesperson_code=owner,
            budgeted_cost=budget,
            expected_revenue=budget * 4,
        ),
    )
    assert made.starting_date is not None
    return CampaignRef(made.id, made.no, made.description, made.starting_date, made.salesperson_id)


async def load_campaigns(
    ctx: ServiceContext, anchor: date, count: int, rng: random.Random
) -> tuple[CampaignRef, list[CampaignRef]]:
    """The dashboard campaign (running around the anchor day), then `count` background
    campaigns spread over the past two years and the coming two months."""
    dashboard = await _campaign(
        ctx,
        "Dashboard: key account roadshow",
        anchor - timedelta(days=DASHBOARD_HALF_SPAN),
        2 * DASHBOARD_HALF_SPAN,
        DASHBOARD_OWNER,
        anchor,
    )
    background = []
    for n in range(count):
        offset = -HISTORY_DAYS + (HISTORY_DAYS + 60) * n // max(1, count)
        theme = CAMPAIGN_THEMES[n % len(CAMPAIGN_THEMES)]
        background.append(
            await _campaign(
                ctx,
                f"{theme} {n // len(CAMPAIGN_THEMES) + 1}",
                anchor + timedelta(days=offset),
                rng.randint(30, 120),
                rng.choice(SELLERS),
                anchor,
            )
        )
    return dashboard, background


async def load_dashboard_pricing(
    ctx: ServiceContext, no: str, items: list[tuple[str, Decimal]]
) -> None:
    """50 campaign prices (each item at three quantity breaks) and 50 line discounts (item
    discount groups at four breaks, then items) on the dashboard campaign."""
    made = 0
    for minimum, factor in ((0, "0.90"), (10, "0.85"), (50, "0.80")):
        for item_no, price in items:
            if made == DASHBOARD_PRICE_LINES:
                break
            await pricing.create_price_line(
                ctx,
                pricing.PriceLineDraft(
                    item_no=item_no,
                    source_type=PriceSourceType.CAMPAIGN,
                    source_code=no,
                    minimum_quantity=Decimal(minimum),
                    unit_price=(price * Decimal(factor)).quantize(Decimal("0.01")),
                ),
            )
            made += 1
    drafts = [
        pricing.DiscountLineDraft(
            type=DiscountType.ITEM_DISCOUNT_GROUP,
            item_discount_group_code=code,
            source_type=DiscountSourceType.CAMPAIGN,
            source_code=no,
            minimum_quantity=Decimal(minimum),
            line_discount_percent=Decimal(percent),
        )
        for minimum, percent in ((0, 5), (5, 7), (20, 10), (100, 15))
        for code, _ in ITEM_DISCOUNT_GROUPS
    ]
    drafts += [
        pricing.DiscountLineDraft(
            type=DiscountType.ITEM,
            item_no=item_no,
            source_type=DiscountSourceType.CAMPAIGN,
            source_code=no,
            minimum_quantity=Decimal(minimum),
            line_discount_percent=Decimal(percent),
        )
        for minimum, percent in ((25, 12), (60, 20))
        for item_no, _ in items
    ]
    for draft in drafts[:DASHBOARD_DISCOUNT_LINES]:
        await pricing.create_discount_line(ctx, draft)
