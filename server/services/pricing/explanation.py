"""The price explanation (DOMAIN P8): every agreement considered for a buyer, an item, a
quantity, a unit and a date, whether it qualified and why not, and the winners.

It prices through exactly the same steps as a sales line (`sales.price_lines`), so the two
cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from server.models import Campaign, Contact, Customer, Item, SalesDocumentType, SalesLine
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCollector
from server.services.core.values import clean_date
from server.services.pricing import selection
from server.services.sales import line_pricing as sales


@dataclass(frozen=True)
class PriceExplanation:
    """How a line would be priced, and why."""

    customer: Customer | None
    contact: Contact | None
    item: Item
    unit_of_measure: str
    quantity_per_unit: Decimal
    quantity: Decimal
    date: dt.date
    #: P1: the campaigns whose agreements reach the buyer.
    eligible_campaigns: list[Campaign]
    #: True when the campaigns are reached through CONTACT rows (a prospect or an unlinked
    #: company), false when through the customer's own rows (or none).
    eligible_by_contact: bool
    pricing: selection.Pricing
    #: The line exactly as a sales document would store it (unsaved): price and discount
    #: sources are read from it as from any stored line.
    line: SalesLine


async def explain_price(
    ctx: ServiceContext,
    *,
    customer_no: str | None,
    contact_no: str | None,
    item_no: str,
    quantity: Decimal,
    unit_of_measure: str | None,
    date: dt.date,
) -> PriceExplanation:
    """P8: price one line as a quote for this customer or contact would, with every verdict."""
    ctx.require(Permission.READ)
    errors = ErrorCollector()
    clean_date(errors, date, "date")
    customer = await sales.customer_for_pricing(errors, customer_no)
    contact = await sales.contact_for_pricing(errors, contact_no)
    customer, contact = await sales.parties(
        errors,
        SalesDocumentType.QUOTE,
        customer,
        contact,
        customer_given=bool(customer_no),
        contact_given=bool(contact_no),
    )
    lines = await sales.resolve_lines(errors, [((), item_no, quantity, unit_of_measure)])
    errors.raise_if_any()
    priced = await sales.price_lines(errors, customer, contact, date, lines)
    errors.raise_if_any()
    buyer = await selection.buyer_for(customer, contact)
    campaigns = await Campaign.filter(id__in=sorted(buyer.eligible_campaign_ids)).order_by("no")
    line = lines[0]
    return PriceExplanation(
        customer=customer,
        contact=contact,
        item=line.item,
        unit_of_measure=line.unit,
        quantity_per_unit=line.quantity_per_unit,
        quantity=line.quantity,
        date=date,
        eligible_campaigns=list(campaigns),
        eligible_by_contact=buyer.eligible_by_contact,
        pricing=priced[0],
        line=SalesLine(line_no=0, **sales.priced_values(line, priced[0])),
    )
