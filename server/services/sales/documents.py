"""Sales documents and their lines (DOMAIN "Sales documents", P1-P7, section 5).

Every line is priced by `pricing.selection` when it is added, when its item, quantity or unit
changes, when the document's date, customer or contact changes, and on an explicit recalculate
(P7). A whole document is priced with one buyer lookup and one candidate load, however many
lines it has. SALES users work on documents whose salesperson is theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tortoise.queryset import QuerySet

from server.models import (
    Contact,
    Customer,
    Item,
    SalesDocument,
    SalesDocumentType,
    SalesLine,
    Salesperson,
)
from server.services.campaigns.campaign import existing_campaign
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCode, ErrorCollector, NotFound
from server.services.core.numbering import next_no
from server.services.core.storage import create_unique, find, get_locked
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    NO_MAX,
    UNSET,
    Unset,
    clean_date,
    clean_key,
    given,
    lookup_key,
    lookup_keys,
)
from server.services.sales import line_pricing as sp
from server.services.setup.codes import assignable_salesperson

LINE_STEP = 10000


@dataclass(frozen=True, kw_only=True)
class SalesLineDraft:
    """A new line: an item, a quantity > 0 and a unit (default: the item's base unit)."""

    item_no: str
    quantity: Decimal
    unit_of_measure: str | None = None


@dataclass(frozen=True, kw_only=True)
class SalesLineChanges:
    """Changes to a line; each one reprices it (P7)."""

    item_no: str | Unset = UNSET
    quantity: Decimal | Unset = UNSET
    unit_of_measure: str | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class SalesDocumentDraft:
    """A new sales document; a blank `no` is drawn from the SALES_DOCUMENT series (SO...)."""

    no: str | None = None
    type: SalesDocumentType
    customer_no: str | None = None
    contact_no: str | None = None
    document_date: dt.date | None = None
    campaign_no: str | None = None
    salesperson_code: str | None = None
    lines: Sequence[SalesLineDraft] | None = None


@dataclass(frozen=True, kw_only=True)
class SalesDocumentChanges:
    """Partial update of a document; UNSET leaves a value, None clears it."""

    type: SalesDocumentType | Unset | None = UNSET
    customer_no: str | Unset | None = UNSET
    contact_no: str | Unset | None = UNSET
    document_date: dt.date | Unset | None = UNSET
    campaign_no: str | Unset | None = UNSET
    salesperson_code: str | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class SalesDocumentFilter:
    """Which documents to list; every given criterion must hold."""

    type: SalesDocumentType | None = None
    customer_no: str | None = None
    contact_no: str | None = None
    campaign_no: str | None = None
    salesperson_codes: Sequence[str] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


async def _owners(salesperson_id: int | None) -> set[str]:
    """Section 5: a document belongs to its salesperson."""
    if salesperson_id is None:
        return set()
    person = await Salesperson.get_or_none(id=salesperson_id)
    return {person.code} if person is not None else set()


# --- documents -----------------------------------------------------------------------------


async def _header(
    errors: ErrorCollector,
    data: SalesDocumentDraft | SalesDocumentChanges,
    current: SalesDocument | None,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(data.document_date) and (current is not None or data.document_date is not None):
        if data.document_date is None:
            errors.add(ErrorCode.REQUIRED, "Document date is required.", "document_date")
        else:
            values["document_date"] = clean_date(errors, data.document_date, "document_date")
    if given(data.campaign_no):
        campaign = await existing_campaign(errors, data.campaign_no, "campaign_no")
        values["campaign_id"] = campaign.id if campaign else None
    if given(data.salesperson_code):
        person = None
        if data.salesperson_code:
            person = await assignable_salesperson(
                errors,
                data.salesperson_code,
                "salesperson_code",
                already_assigned=current.salesperson_id if current else None,
            )
        values["salesperson_id"] = person.id if person else None
    return values


async def create_document(ctx: ServiceContext, draft: SalesDocumentDraft) -> SalesDocument:
    """Create a quote, order or invoice (bill-to customer, contact, pricing date, campaign
    for attribution, salesperson: default the actor's), optionally with priced lines."""
    errors = ErrorCollector()
    no = clean_key(errors, draft.no, "no", max_length=NO_MAX) if draft.no else None
    async with transaction():
        values = await _header(errors, draft, None)
        if draft.salesperson_code is None and ctx.actor.salesperson_code:
            person = await find(Salesperson, code=ctx.actor.salesperson_code)
            values["salesperson_id"] = person.id if person else None
        date = values.get("document_date") or draft.document_date or ctx.clock.today()
        customer = await sp.customer_for_pricing(errors, draft.customer_no)
        contact = await sp.contact_for_pricing(errors, draft.contact_no)
        customer, contact = await sp.parties(
            errors,
            draft.type,
            customer,
            contact,
            customer_given=bool(draft.customer_no),
            contact_given=bool(draft.contact_no),
        )
        if not errors:
            ctx.require(
                Permission.MANAGE_SALES_DOCUMENTS,
                owners=await _owners(values.get("salesperson_id")),
            )
        drafts = [
            (("lines", i), d.item_no, d.quantity, d.unit_of_measure)
            for i, d in enumerate(draft.lines or [])
        ]
        lines = await sp.resolve_lines(errors, drafts)
        priced = await sp.price_lines(errors, customer, contact, date, lines) if not errors else []
        errors.raise_if_any()
        if no is None:
            no = await next_no("SALES_DOCUMENT", taken=lambda n: SalesDocument.exists(no=n))
        values.update(
            type=draft.type,
            document_date=date,
            customer_id=customer.id if customer else None,
            contact_id=contact.id if contact else None,
        )
        document = await create_unique(
            SalesDocument, "Sales document", "no", no=no, created_by=ctx.actor.user, **values
        )
        for n, (line, pricing) in enumerate(zip(lines, priced, strict=True), start=1):
            await SalesLine.create(
                document_id=document.id, line_no=n * LINE_STEP, **sp.priced_values(line, pricing)
            )
        return document


async def _own_document(ctx: ServiceContext, no: str, field: str = "no") -> SalesDocument:
    """The document, row-locked, if the actor may change it (section 5)."""
    document = await get_locked(SalesDocument, "Sales document", field, no=lookup_key(no))
    ctx.require(Permission.MANAGE_SALES_DOCUMENTS, owners=await _owners(document.salesperson_id))
    return document


async def update_document(
    ctx: ServiceContext, no: str, changes: SalesDocumentChanges
) -> SalesDocument:
    """Change a document's header; a new date, customer or contact reprices its lines (P7)."""
    errors = ErrorCollector()
    async with transaction():
        document = await _own_document(ctx, no)
        values = await _header(errors, changes, document)
        kind = document.type
        if given(changes.type):
            if changes.type is None:
                errors.add(ErrorCode.REQUIRED, "Type cannot be null.", "type")
            else:
                kind = values["type"] = changes.type
        parties_changed = given(changes.customer_no) or given(changes.contact_no)
        if parties_changed or given(changes.type):
            if given(changes.customer_no):
                customer = await sp.customer_for_pricing(errors, changes.customer_no)
            else:
                customer = await Customer.get_or_none(id=document.customer_id)
            if given(changes.contact_no):
                contact = await sp.contact_for_pricing(errors, changes.contact_no)
            elif given(changes.customer_no):
                contact = None  # a new customer brings its own contact
            else:
                contact = await Contact.get_or_none(id=document.contact_id)
            customer, contact = await sp.parties(
                errors,
                kind,
                customer,
                contact,
                customer_given=given(changes.customer_no),
                contact_given=given(changes.contact_no) and bool(changes.contact_no),
            )
            values["customer_id"] = customer.id if customer else None
            values["contact_id"] = contact.id if contact else None
        new_owner = values.get("salesperson_id", document.salesperson_id)
        if not errors and new_owner != document.salesperson_id:
            # SALES may not hand a document to someone else.
            ctx.require(Permission.MANAGE_SALES_DOCUMENTS, owners=await _owners(new_owner))
        errors.raise_if_any()
        reprice = any(
            key in values and values[key] != getattr(document, key)
            for key in ("document_date", "customer_id", "contact_id")
        )
        await document.update_from_dict(values).save()
        if reprice:
            await sp.reprice(document, errors)
        return document


async def recalculate_document(ctx: ServiceContext, no: str) -> SalesDocument:
    """P7: price every line again with today's agreements and activations."""
    async with transaction():
        document = await _own_document(ctx, no)
        await sp.reprice(document, ErrorCollector())
        return document


async def delete_document(ctx: ServiceContext, no: str) -> SalesDocument:
    """Delete a document with its lines."""
    async with transaction():
        document = await _own_document(ctx, no)
        await SalesLine.filter(document_id=document.id).delete()
        await document.delete()
        return document


async def _document_parties(document: SalesDocument) -> tuple[Customer | None, Contact | None]:
    return (
        await Customer.get_or_none(id=document.customer_id),
        await Contact.get_or_none(id=document.contact_id),
    )


async def add_line(ctx: ServiceContext, document_no: str, draft: SalesLineDraft) -> SalesLine:
    """Add a priced line (P1-P6) after the last one, line numbers in steps of 10000."""
    errors = ErrorCollector()
    async with transaction():
        document = await _own_document(ctx, document_no, "document_no")
        lines = await sp.resolve_lines(
            errors, [((), draft.item_no, draft.quantity, draft.unit_of_measure)]
        )
        customer, contact = await _document_parties(document)
        priced = await sp.price_lines(errors, customer, contact, document.document_date, lines)
        errors.raise_if_any()
        last = await SalesLine.filter(document_id=document.id).order_by("-line_no").first()
        line_no = (last.line_no if last else 0) + LINE_STEP
        return await SalesLine.create(
            document_id=document.id, line_no=line_no, **sp.priced_values(lines[0], priced[0])
        )


async def _own_line(ctx: ServiceContext, document_no: str, line_no: int) -> SalesLine:
    document = await _own_document(ctx, document_no, "document_no")
    line = await SalesLine.filter(document_id=document.id, line_no=line_no).first()
    if line is None:
        raise NotFound("Sales line", f"{document.no} {line_no}", ("line_no",))
    return line


async def update_line(
    ctx: ServiceContext, document_no: str, line_no: int, changes: SalesLineChanges
) -> SalesLine:
    """Change a line's item, quantity or unit and price it again (P7); a new item without a
    unit takes its base unit."""
    errors = ErrorCollector()
    async with transaction():
        line = await _own_line(ctx, document_no, line_no)
        document = await SalesDocument.get(id=line.document_id)
        current = await Item.get(id=line.item_id)
        item_no = changes.item_no if given(changes.item_no) else current.no
        quantity = changes.quantity if given(changes.quantity) else line.quantity
        if given(changes.unit_of_measure):
            unit = changes.unit_of_measure
        else:
            unit = line.unit_of_measure if not given(changes.item_no) else None
        resolved = await sp.resolve_lines(errors, [((), item_no, quantity, unit)])
        customer, contact = await _document_parties(document)
        priced = await sp.price_lines(errors, customer, contact, document.document_date, resolved)
        errors.raise_if_any()
        await line.update_from_dict(sp.priced_values(resolved[0], priced[0])).save()
        return line


async def delete_line(ctx: ServiceContext, document_no: str, line_no: int) -> SalesLine:
    """Remove a line from a document."""
    async with transaction():
        line = await _own_line(ctx, document_no, line_no)
        await line.delete()
        return line


# --- reads ---------------------------------------------------------------------------------


async def document_by_no(ctx: ServiceContext, no: str) -> SalesDocument | None:
    """One sales document by number, or None."""
    ctx.require(Permission.READ)
    return await find(SalesDocument, no=lookup_key(no))


def documents_query(
    ctx: ServiceContext, criteria: SalesDocumentFilter | None = None
) -> QuerySet[SalesDocument]:
    """The documents matching `criteria`, unordered; impossible values match nothing."""
    ctx.require(Permission.READ)
    criteria = criteria or SalesDocumentFilter()
    query = SalesDocument.all()
    if criteria.type is not None:
        query = query.filter(type=criteria.type)
    if criteria.customer_no is not None:
        query = query.filter(customer__no__in=lookup_keys([criteria.customer_no], NO_MAX))
    if criteria.contact_no is not None:
        query = query.filter(contact__no__in=lookup_keys([criteria.contact_no], NO_MAX))
    if criteria.campaign_no is not None:
        query = query.filter(campaign__no__in=lookup_keys([criteria.campaign_no], NO_MAX))
    if criteria.salesperson_codes is not None:
        query = query.filter(salesperson__code__in=lookup_keys(criteria.salesperson_codes, NO_MAX))
    if criteria.date_from is not None:
        query = query.filter(document_date__gte=criteria.date_from)
    if criteria.date_to is not None:
        query = query.filter(document_date__lte=criteria.date_to)
    return query


def lines_query(ctx: ServiceContext) -> QuerySet[SalesLine]:
    """All sales lines, unordered."""
    ctx.require(Permission.READ)
    return SalesLine.all()


async def document_amounts(ctx: ServiceContext, document_ids: Sequence[int]) -> dict[int, Decimal]:
    """The total line amount of several documents at once (one statement)."""
    ctx.require(Permission.READ)
    totals: dict[int, Decimal] = {i: Decimal("0.00") for i in document_ids}
    rows = await SalesLine.filter(document_id__in=list(document_ids)).values_list(
        "document_id", "line_amount"
    )
    for document_id, amount in rows:
        totals[document_id] = totals.get(document_id, Decimal("0.00")) + amount
    return totals
