"""Demo prices and line discounts (docs/domain.md, the demo company), and the activation of two
campaigns.

The list shows pricing at work: volume prices for everyone, a dealer price group, a customer's
own price, campaign prices and discounts for two running campaigns (activated, so targeted
customers get them on sales lines) and one planned campaign that is not activated yet. The demo
sales documents (demo_sales) show these prices winning and losing.
"""

from __future__ import annotations

from decimal import Decimal

from server.models import (
    CampaignTarget,
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    PriceLine,
    PriceSourceType,
)
from server.services.core.context import ServiceContext
from server.services.pricing import activation
from server.services.pricing import lines as pricing

P = PriceSourceType
D = DiscountSourceType

#: (item, source type, source code, unit, minimum quantity, unit price)
PRICES = [
    ("I00001", P.ALL_CUSTOMERS, None, None, "10", "235.00"),
    ("I00004", P.ALL_CUSTOMERS, None, "BOX", "5", "449.00"),
    ("I00006", P.CUSTOMER_PRICE_GROUP, "DEALER", None, None, "575.00"),
    ("I00007", P.CUSTOMER_PRICE_GROUP, "DEALER", None, None, "199.00"),
    ("I00011", P.CUSTOMER, "C00001", None, None, "265.00"),
    ("I00001", P.CAMPAIGN, "CP00004", None, None, "199.00"),
    ("I00016", P.CAMPAIGN, "CP00004", None, None, "34.90"),
    ("I00006", P.CAMPAIGN, "CP00005", None, None, "579.00"),
    ("I00002", P.CAMPAIGN, "CP00007", None, None, "449.00"),
]  # fmt: skip

#: (type, item or item discount group, source type, source code, minimum quantity, percent)
DISCOUNTS = [
    (DiscountType.ITEM_DISCOUNT_GROUP, "STORAGE", D.CUSTOMER_DISCOUNT_GROUP, "KEY", None, "5"),
    (DiscountType.ITEM, "I00008", D.ALL_CUSTOMERS, None, "4", "3"),
    (DiscountType.ITEM, "I00011", D.CUSTOMER, "C00002", None, "12"),
    (DiscountType.ITEM_DISCOUNT_GROUP, "ACCESS", D.CAMPAIGN, "CP00004", None, "10"),
    (DiscountType.ITEM_DISCOUNT_GROUP, "DESKS", D.CAMPAIGN, "CP00004", None, "7.5"),
    (DiscountType.ITEM, "I00008", D.CAMPAIGN, "CP00005", None, "7.5"),
]  # fmt: skip

#: Campaigns whose prices reach their targeted customers.
ACTIVATED = ["CP00004", "CP00005"]


async def load_demo_pricing(ctx: ServiceContext) -> int:
    """Create the missing demo prices and discounts and activate the demo campaigns that are
    not yet; returns how many records were added. Needs campaigns, items and segments."""
    added = 0
    for item_no, source_type, source_code, unit, minimum, price in PRICES:
        if not await PriceLine.exists(
            item__no=item_no, source_type=source_type, source_code=source_code
        ):
            await pricing.create_price_line(
                ctx,
                pricing.PriceLineDraft(
                    item_no=item_no,
                    source_type=source_type,
                    source_code=source_code,
                    unit_of_measure=unit,
                    minimum_quantity=Decimal(minimum) if minimum else None,
                    unit_price=Decimal(price),
                ),
            )
            added += 1
    for kind, code, discount_source, discount_code, minimum, percent in DISCOUNTS:
        on_item = kind is DiscountType.ITEM
        existing = DiscountLine.filter(source_type=discount_source, source_code=discount_code)
        if on_item:
            existing = existing.filter(item__no=code)
        else:
            existing = existing.filter(item_discount_group__code=code)
        if not await existing.exists():
            await pricing.create_discount_line(
                ctx,
                pricing.DiscountLineDraft(
                    type=kind,
                    item_no=code if on_item else None,
                    item_discount_group_code=None if on_item else code,
                    source_type=discount_source,
                    source_code=discount_code,
                    minimum_quantity=Decimal(minimum) if minimum else None,
                    line_discount_percent=Decimal(percent),
                ),
            )
            added += 1
    for no in ACTIVATED:
        if not await CampaignTarget.exists(campaign__no=no):
            result = await activation.activate(ctx, no)
            added += result.customers + result.contacts
    return added
