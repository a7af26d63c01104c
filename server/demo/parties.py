"""The demo company's customers, items and price/discount groups (docs/domain.md, the demo company).

Loaded through the services, so every rule applies (the business relation included); the
data is fixed, so every run produces the same records, and re-running adds only what is
missing. Every tenth demo company stays a prospect (no customer), so campaigns can target
plain contacts as well as customers.
"""

from __future__ import annotations

from decimal import Decimal

from server.demo.contacts import demo_contacts
from server.models import (
    ContactType,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
)
from server.services.core.context import ServiceContext
from server.services.core.numbering import reserve_through
from server.services.customers import customer
from server.services.items import item
from server.services.pricing import groups as price_groups
from server.services.pricing.groups import G

PRICE_GROUPS = [("RETAIL", "Retail shops"), ("WHOLESALE", "Wholesalers"), ("DEALER", "Dealers")]
CUSTOMER_DISCOUNT_GROUPS = [
    ("SMALL", "Small accounts"),
    ("LARGE", "Large accounts"),
    ("KEY", "Key accounts"),
]
ITEM_DISCOUNT_GROUPS = [
    ("CHAIRS", "Office chairs"),
    ("DESKS", "Desks and tables"),
    ("STORAGE", "Storage"),
    ("ACCESS", "Accessories"),
]

#: (description, list price per piece, item discount group, sold in boxes of 10)
ITEMS = [
    ("Ergonomic office chair", "249.00", "CHAIRS", False),
    ("Executive leather chair", "489.00", "CHAIRS", False),
    ("Meeting room chair", "119.50", "CHAIRS", False),
    ("Stacking visitor chair", "49.90", "CHAIRS", True),
    ("Drafting stool", "139.00", "CHAIRS", False),
    ("Height-adjustable desk", "629.00", "DESKS", False),
    ("Compact writing desk", "219.00", "DESKS", False),
    ("Conference table 8 seats", "1150.00", "DESKS", False),
    ("Round meeting table", "329.00", "DESKS", False),
    ("Reception counter", "1890.00", "DESKS", False),
    ("Steel filing cabinet", "289.00", "STORAGE", False),
    ("Mobile pedestal", "159.00", "STORAGE", False),
    ("Bookcase 5 shelves", "179.00", "STORAGE", False),
    ("Personal locker", "94.75", "STORAGE", False),
    ("Archive box", "3.95", "STORAGE", True),
    ("LED desk lamp", "39.90", "ACCESS", True),
    ("Monitor arm", "89.00", "ACCESS", True),
    ("Footrest", "29.50", "ACCESS", True),
    ("Cable tray", "19.99", "ACCESS", True),
    ("Whiteboard 120x90", "74.00", "ACCESS", False),
]

PALLET = Decimal(200)
BOX = Decimal(10)


async def _groups(ctx: ServiceContext, model: type[G], rows: list[tuple[str, str]]) -> int:
    """Create the groups of one kind that are missing."""
    added = 0
    for code, description in rows:
        if not await model.exists(code=code):
            draft = price_groups.GroupDraft(code=code, description=description)
            await price_groups.create_group(ctx, model, draft)
            added += 1
    return added


def demo_customers() -> list[customer.CustomerDraft]:
    """One customer per demo company except every tenth (a prospect), numbered C00001 on."""
    companies = [c for c in demo_contacts() if c.type is ContactType.COMPANY]
    drafts: list[customer.CustomerDraft] = []
    for index, company in enumerate(companies):
        if index % 10 == 9:
            continue
        drafts.append(
            customer.CustomerDraft(
                no=f"C{len(drafts) + 1:05d}",
                name=company.name,
                contact_no=company.no,
                price_group_code=PRICE_GROUPS[index % len(PRICE_GROUPS)][0],
                discount_group_code=CUSTOMER_DISCOUNT_GROUPS[index % 7 % 3][0],
                blocked=company.blocked,
            )
        )
    return drafts


async def load_demo_parties(ctx: ServiceContext) -> int:
    """Create the missing groups, items (with their units) and customers; returns how many
    records were added. Needs the demo contacts."""
    added = await _groups(ctx, CustomerPriceGroup, PRICE_GROUPS)
    added += await _groups(ctx, CustomerDiscountGroup, CUSTOMER_DISCOUNT_GROUPS)
    added += await _groups(ctx, ItemDiscountGroup, ITEM_DISCOUNT_GROUPS)
    for index, (description, price, group, boxed) in enumerate(ITEMS, start=1):
        no = f"I{index:05d}"
        if not await Item.exists(no=no):
            await item.create_item(
                ctx,
                item.ItemDraft(
                    no=no,
                    description=description,
                    base_unit_of_measure="PCS",
                    unit_price=Decimal(price),
                    discount_group_code=group,
                ),
            )
            added += 1
        units = [("BOX", BOX)] if boxed else []
        for code, quantity in [*units, ("PALLET", PALLET)]:
            if not await ItemUnitOfMeasure.exists(item__no=no, code=code):
                await item.set_unit_of_measure(ctx, no, code, quantity)
                added += 1
    await reserve_through("ITEM", len(ITEMS))
    drafts = demo_customers()
    for wanted in drafts:
        if not await Customer.exists(no=wanted.no):
            await customer.create_customer(ctx, wanted)
            added += 1
    await reserve_through("CUSTOMER", len(drafts))
    return added
