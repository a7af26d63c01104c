"""Pricing the lines of a sales document (DOMAIN P1-P7): who the buyer is, which items,
units and quantities the lines hold, and running them through `pricing.selection` together.

Sales lines and the price explanation (P8) both price through `price_lines`, so they cannot
disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from server.models import (
    Contact,
    Customer,
    Item,
    ItemUnitOfMeasure,
    SalesDocument,
    SalesDocumentType,
    SalesLine,
    SalesLineSource,
)
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.storage import find
from server.services.core.values import (
    CODE_MAX,
    MONEY_MAX,
    NO_MAX,
    clean_quantity,
    lookup_key,
    lookup_keys,
    storable,
)
from server.services.pricing import selection

Field = tuple[str | int, ...]


@dataclass(frozen=True)
class PricedLine:
    """A line to price: where its input came from and what it is."""

    field: Field
    item: Item
    unit: str
    quantity_per_unit: Decimal
    quantity: Decimal


# --- parties -------------------------------------------------------------------------------


async def customer_for_pricing(errors: ErrorCollector, no: str | None) -> Customer | None:
    if not no or not no.strip():
        return None
    customer = await find(Customer, no=lookup_key(no))
    if customer is None:
        errors.add(ErrorCode.NOT_FOUND, f"Customer {no!r} does not exist.", "customer_no")
    elif customer.blocked:
        errors.add(ErrorCode.BLOCKED, f"Customer {customer.no} is blocked.", "customer_no")
        return None
    return customer


async def contact_for_pricing(errors: ErrorCollector, no: str | None) -> Contact | None:
    if not no or not no.strip():
        return None
    contact = await find(Contact, no=lookup_key(no))
    if contact is None:
        errors.add(ErrorCode.NOT_FOUND, f"Contact {no!r} does not exist.", "contact_no")
    elif contact.blocked:
        errors.add(ErrorCode.BLOCKED, f"Contact {contact.no} is blocked.", "contact_no")
        return None
    return contact


async def linked_customer(contact: Contact) -> Customer | None:
    """P1: the customer a contact's company is linked to (unless blocked): it buys for the
    contact, on a new document and whenever a document without a customer is priced."""
    linked = await Customer.get_or_none(contact_id=selection.company_key(contact))
    return linked if linked is not None and not linked.blocked else None


async def parties(
    errors: ErrorCollector,
    kind: SalesDocumentType,
    customer: Customer | None,
    contact: Contact | None,
    *,
    customer_given: bool,
    contact_given: bool,
) -> tuple[Customer | None, Contact | None]:
    """The bill-to customer and the contact: a customer brings its company contact when no
    contact is named; a contact of a company linked to a customer brings that customer; a
    named contact must belong to the customer's company; orders and invoices need a customer,
    a quote without one needs a contact."""
    if any(e.field[:1] in {("customer_no",), ("contact_no",)} for e in errors.errors):
        return customer, contact
    if customer is None and contact is not None and not customer_given:
        customer = await linked_customer(contact)
    if customer is not None and contact is None and not contact_given and customer.contact_id:
        contact = await Contact.get(id=customer.contact_id)
    if (
        customer is not None
        and contact is not None
        and selection.company_key(contact) != customer.contact_id
    ):
        errors.add(
            ErrorCode.INVALID,
            f"Contact {contact.no} does not belong to customer {customer.no}'s company.",
            "contact_no",
        )
    if customer is None and kind is not SalesDocumentType.QUOTE:
        errors.add(
            ErrorCode.REQUIRED,
            f"An {kind.value.lower()} needs a customer (only a quote may be for a contact alone).",
            "customer_no",
        )
    elif customer is None and contact is None:
        errors.add(ErrorCode.REQUIRED, "A quote without a customer needs a contact.", "contact_no")
    return customer, contact


# --- lines ---------------------------------------------------------------------------------


async def resolve_lines(
    errors: ErrorCollector,
    drafts: Sequence[tuple[Field, str, Decimal | None, str | None]],
) -> list[PricedLine]:
    """Items, units and quantities of lines, two statements for any number of lines."""
    nos = lookup_keys([no or "" for _, no, _, _ in drafts], NO_MAX)
    items = {i.no: i for i in await Item.filter(no__in=nos)} if nos else {}
    units: dict[tuple[int, str], Decimal] = {}
    if items:
        for unit in await ItemUnitOfMeasure.filter(item_id__in=[i.id for i in items.values()]):
            units[(unit.item_id, unit.code)] = unit.quantity_per_unit
    resolved: list[PricedLine] = []
    for field, no, quantity, unit_code in drafts:
        item = items.get(lookup_key(no or ""))
        if not no or not no.strip():
            errors.add(ErrorCode.REQUIRED, "An item is required.", *field, "item_no")
        elif item is None:
            errors.add(ErrorCode.NOT_FOUND, f"Item {no!r} does not exist.", *field, "item_no")
        elif item.blocked:
            errors.add(ErrorCode.BLOCKED, f"Item {item.no} is blocked.", *field, "item_no")
            item = None
        cleaned = ErrorCollector()
        amount = clean_quantity(cleaned, quantity, "quantity")
        errors.extend(DomainError(e.code, e.message, (*field, *e.field)) for e in cleaned.errors)
        if item is None or amount is None:
            continue
        code = item.base_unit_of_measure if not unit_code else lookup_key(unit_code)
        per_unit = units.get((item.id, code)) if storable(code) and len(code) <= CODE_MAX else None
        if per_unit is None:
            errors.add(
                ErrorCode.NOT_FOUND,
                f"Item {item.no} has no unit of measure {unit_code!r}.",
                *field,
                "unit_of_measure",
            )
            continue
        resolved.append(PricedLine(field, item, code, per_unit, amount))
    return resolved


async def price_lines(
    errors: ErrorCollector,
    customer: Customer | None,
    contact: Contact | None,
    date: dt.date,
    lines: Sequence[PricedLine],
) -> list[selection.Pricing]:
    """P1-P6 for several lines of one buyer on one date, in a fixed number of statements;
    amounts too large to store are reported on the line's quantity."""
    if not lines:
        return []
    if customer is None and contact is not None:
        # The same buyer for the same contact, whenever the pricing happens: a quote made for
        # a prospect's person, priced again after the company became a customer, is priced as
        # a new quote and the explanation are (the target row moved to the customer, A7).
        customer = await linked_customer(contact)
    buyer = await selection.buyer_for(customer, contact)
    groups = sorted({g for line in lines if (g := line.item.discount_group_id) is not None})
    buyer, prices, discounts = await selection.load_candidates(
        buyer, sorted({line.item.id for line in lines}), groups
    )
    results = []
    for line in lines:
        pricing = selection.evaluate(line_input(line, date), buyer, prices, discounts)
        if pricing.unit_price >= MONEY_MAX or pricing.line_amount >= MONEY_MAX:
            errors.add(
                ErrorCode.OUT_OF_RANGE,
                f"The line amount of {line.quantity.normalize():f} x {pricing.unit_price} is "
                "too large.",
                *line.field,
                "quantity",
            )
        results.append(pricing)
    return results


def line_input(line: PricedLine, date: dt.date) -> selection.LineInput:
    """What the engine needs to know about a line."""
    return selection.LineInput(
        item_id=line.item.id,
        item_no=line.item.no,
        item_unit_price=line.item.unit_price,
        item_discount_group_id=line.item.discount_group_id,
        unit_of_measure=line.unit,
        quantity_per_unit=line.quantity_per_unit,
        quantity=line.quantity,
        date=date,
    )


def priced_values(line: PricedLine, pricing: selection.Pricing) -> dict[str, Any]:
    """The stored columns of a priced line, with where its price and discount came from."""
    price, discount = pricing.price, pricing.discount
    values: dict[str, Any] = {
        "item_id": line.item.id,
        "quantity": line.quantity,
        "unit_of_measure": line.unit,
        "quantity_per_unit": line.quantity_per_unit,
        "unit_price": pricing.unit_price,
        "line_discount_percent": pricing.line_discount_percent,
        "line_amount": pricing.line_amount,
        "price_source_type": SalesLineSource.ITEM,
        "price_source_code": line.item.no,
        "price_line_id": None,
        "price_campaign_id": None,
        "discount_source_type": None,
        "discount_source_code": None,
        "discount_line_id": None,
        "discount_campaign_id": None,
    }
    if price is not None:
        values["price_source_type"] = SalesLineSource(price.candidate.source_type)
        values["price_source_code"] = price.candidate.source_code
        values["price_line_id"] = price.candidate.id
        values["price_campaign_id"] = price.candidate.campaign_id
    if discount is not None:
        values["discount_source_type"] = SalesLineSource(discount.candidate.source_type)
        values["discount_source_code"] = discount.candidate.source_code
        values["discount_line_id"] = discount.candidate.id
        values["discount_campaign_id"] = discount.candidate.campaign_id
    return values


async def reprice(document: SalesDocument, errors: ErrorCollector) -> None:
    """P7: price every line of the document again (customer, contact or date changed)."""
    rows = await SalesLine.filter(document_id=document.id).order_by("line_no")
    if not rows:
        return
    items = {i.id: i for i in await Item.filter(id__in=sorted({r.item_id for r in rows}))}
    lines = [
        PricedLine(
            ("lines", row.line_no),
            items[row.item_id],
            row.unit_of_measure,
            row.quantity_per_unit,
            row.quantity,
        )
        for row in rows
    ]
    customer = await Customer.get_or_none(id=document.customer_id)
    contact = await Contact.get_or_none(id=document.contact_id)
    priced = await price_lines(errors, customer, contact, document.document_date, lines)
    errors.raise_if_any()
    for row, line, pricing in zip(rows, lines, priced, strict=True):
        await row.update_from_dict(priced_values(line, pricing)).save()
