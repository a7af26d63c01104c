"""The demo company's campaign prices and sales documents (docs/domain.md, the demo company): quotes
and orders that show campaign prices winning and losing.

The running winter campaign (CP00004, its logged segment targets 40 companies) has a price on
the ergonomic chair and a discount on desks and is activated (demo_pricing). Documents are
dated today: two targeted customers get the campaign's terms, an un-targeted customer and a
customer with a cheaper price of its own do not. Loaded through the services; re-running adds
nothing.
"""

from __future__ import annotations

from decimal import Decimal

from server.models import (
    CampaignTarget,
    Customer,
    PriceSourceType,
    SalesDocument,
    SalesDocumentType,
    TargetType,
)
from server.services.core.context import ServiceContext
from server.services.core.storage import column
from server.services.pricing import lines as pricing
from server.services.sales import documents as sales

CAMPAIGN = "CP00004"
CHAIR, DESK, LAMP = "I00001", "I00006", "I00016"


async def _customers() -> tuple[list[Customer], list[Customer]]:
    """Targeted customers of the campaign and customers it does not reach."""
    rows = CampaignTarget.filter(campaign__no=CAMPAIGN, type=TargetType.CUSTOMER)
    targeted_ids = {int(i) for i in await column(rows, "customer_id")}
    everyone = await Customer.filter(blocked=False).order_by("no")
    return (
        [c for c in everyone if c.id in targeted_ids],
        [c for c in everyone if c.id not in targeted_ids],
    )


async def load_demo_sales(ctx: ServiceContext) -> int:
    """A handful of quotes and orders; returns how many records were added. Needs the demo
    segments, parties and pricing."""
    added = 0
    if await SalesDocument.exists():
        return added
    targeted, others = await _customers()
    if len(targeted) < 3 or len(others) < 1:
        return added
    own_price = targeted[2]
    await pricing.create_price_line(
        ctx,
        pricing.PriceLineDraft(
            item_no=CHAIR,
            source_type=PriceSourceType.CUSTOMER,
            source_code=own_price.no,
            unit_price=Decimal("179.00"),
        ),
    )
    lines = [
        sales.SalesLineDraft(item_no=CHAIR, quantity=Decimal(4)),
        sales.SalesLineDraft(item_no=DESK, quantity=Decimal(2)),
        sales.SalesLineDraft(item_no=LAMP, quantity=Decimal(1), unit_of_measure="BOX"),
    ]
    plans = [
        (SalesDocumentType.QUOTE, targeted[0], CAMPAIGN),
        (SalesDocumentType.ORDER, targeted[1], CAMPAIGN),
        (SalesDocumentType.QUOTE, own_price, None),
        (SalesDocumentType.QUOTE, others[0], None),
    ]
    for kind, customer, campaign_no in plans:
        await sales.create_document(
            ctx,
            sales.SalesDocumentDraft(
                type=kind,
                customer_no=customer.no,
                campaign_no=campaign_no,
                salesperson_code="PS",
                lines=lines,
            ),
        )
    return added + 1 + len(plans)
