"""Sales documents, lines, their price sources, and the price explanation (P8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Listing, Nested
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike, load_by_id
from server.models import (
    DiscountLine,
    PriceLine,
    SalesDocument,
    SalesLine,
    SalesLineSource,
)
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.pricing import explanation
from server.services.sales import documents as service

#: What sales documents can be sorted by, ties broken by number; the schema makes its
#: SalesDocumentOrderField enum from these keys.
SORT = SortKeys(
    SortField("NO", "no", description="Document number."),
    SortField("DOCUMENT_DATE", "document_date", dt.date, description="Document date."),
)
LINE_ORDER = SortKeys(SortField("LINE_NO", "line_no", int))


@dataclass(frozen=True)
class SourceRow:
    """Where a line's price or discount came from, as PriceSource shows it."""

    type: SalesLineSource
    code: str | None
    price_line_id: int | None = None
    discount_line_id: int | None = None
    campaign_id: int | None = None


def price_source(row: SalesLine) -> SourceRow:
    """SalesLine.priceSource."""
    return SourceRow(
        row.price_source_type,
        row.price_source_code,
        price_line_id=row.price_line_id,
        campaign_id=row.price_campaign_id,
    )


def discount_source(row: SalesLine) -> SourceRow | None:
    """SalesLine.discountSource (null without a discount)."""
    if row.discount_source_type is None:
        return None
    return SourceRow(
        row.discount_source_type,
        row.discount_source_code,
        discount_line_id=row.discount_line_id,
        campaign_id=row.discount_campaign_id,
    )


def explained_price_source(row: explanation.PriceExplanation) -> SourceRow:
    """PriceExplanation.priceSource: read from the line as a document would store it."""
    return price_source(row.line)


def explained_discount_source(row: explanation.PriceExplanation) -> SourceRow | None:
    """PriceExplanation.discountSource, likewise."""
    return discount_source(row.line)


async def price_line(info: InfoLike, row: SourceRow) -> PriceLine | None:
    """PriceSource.priceLine (null once the agreement is deleted)."""
    result: PriceLine | None = await load_by_id(info, PriceLine, row.price_line_id)
    return result


async def discount_line(info: InfoLike, row: SourceRow) -> DiscountLine | None:
    """PriceSource.discountLine (null once the agreement is deleted)."""
    result: DiscountLine | None = await load_by_id(info, DiscountLine, row.discount_line_id)
    return result


def agreement_id(row: SourceRow) -> str | None:
    """PriceSource.agreementId: the global ID of the winning price or discount line."""
    if row.price_line_id is not None:
        return encode_id("PriceLine", row.price_line_id)
    if row.discount_line_id is not None:
        return encode_id("DiscountLine", row.discount_line_id)
    return None


async def sales_document(info: InfoLike, no: str) -> SalesDocument | None:
    """Query.salesDocument(no:)."""
    return await service.document_by_no(info.context.service, no)


def _documents(info: InfoLike, filter: object | None) -> QuerySet[SalesDocument]:
    values = provided(filter) if filter else {}
    return service.documents_query(info.context.service, service.SalesDocumentFilter(**values))


def _lines(info: InfoLike, _filter: object) -> QuerySet[SalesLine]:
    return service.lines_query(info.context.service)


#: Query.salesDocuments: filtered, ordered, keyset-paged.
SALES_DOCUMENTS = Listing(_documents, SORT)
#: Campaign.salesDocuments (attributed documents), batched over campaigns.
CAMPAIGN_DOCUMENTS = Nested(_documents, "campaign_id", SORT)
#: Customer.salesDocuments (bill-to), batched over customers.
CUSTOMER_DOCUMENTS = Nested(_documents, "customer_id", SORT)
#: SalesDocument.lines in line order, batched over documents.
DOCUMENT_LINES = Nested(_lines, "document_id", LINE_ORDER)


async def document_amount(info: InfoLike, row: SalesDocument) -> Decimal:
    """SalesDocument.amount, batched over documents."""
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, Decimal]:
        return await service.document_amounts(ctx, ids)

    loader = info.context.loaders.keyed("SalesDocument.amount", fetch, lambda _: Decimal("0.00"))
    result: Decimal = await loader.load(row.id)
    return result


async def price_explanation(info: InfoLike, **arguments: Any) -> explanation.PriceExplanation:
    """Query.priceExplanation: bad input is a request error listing every problem (the
    error policy's answer to ValidationFailed)."""
    return await explanation.explain_price(info.context.service, **arguments)


# --- mutations ----------------------------------------------------------------------------


def _line_drafts(values: dict[str, Any]) -> None:
    if values.get("lines") is not None:
        values["lines"] = [service.SalesLineDraft(**provided(line)) for line in values["lines"]]


async def document_create(info: InfoLike, data: object) -> Payload:
    """Mutation.salesDocumentCreate."""
    values = provided(data)
    _line_drafts(values)
    draft = service.SalesDocumentDraft(**values)
    return await run_mutation(
        "sales_document",
        lambda: service.create_document(info.context.service, draft),
        guard=once(info.context, "salesDocumentCreate", data),
    )


async def document_update(info: InfoLike, data: object) -> Payload:
    """Mutation.salesDocumentUpdate."""
    values = provided(data)
    no = values.pop("no")
    changes = service.SalesDocumentChanges(**values)
    return await run_mutation(
        "sales_document", lambda: service.update_document(info.context.service, no, changes)
    )


async def document_recalculate(info: InfoLike, data: object) -> Payload:
    """Mutation.salesDocumentRecalculate."""
    no = provided(data)["no"]
    return await run_mutation(
        "sales_document", lambda: service.recalculate_document(info.context.service, no)
    )


async def document_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.salesDocumentDelete."""
    no = provided(data)["no"]

    def shape(row: SalesDocument) -> dict[str, Any]:
        return {"deleted_id": encode_id("SalesDocument", row.pk)}

    return await run_mutation(
        "sales_document", lambda: service.delete_document(info.context.service, no), shape
    )


def _with_document(line: SalesLine) -> dict[str, Any]:
    return {"sales_line": line, "document_id": line.document_id}


async def line_add(info: InfoLike, data: object) -> Payload:
    """Mutation.salesLineAdd."""
    values = provided(data)
    no = values.pop("document_no")
    draft = service.SalesLineDraft(**values)
    return await run_mutation(
        "sales_line",
        lambda: service.add_line(info.context.service, no, draft),
        _with_document,
        guard=once(info.context, "salesLineAdd", data),
    )


async def line_update(info: InfoLike, data: object) -> Payload:
    """Mutation.salesLineUpdate."""
    values = provided(data)
    no, line_no = values.pop("document_no"), values.pop("line_no")
    changes = service.SalesLineChanges(**values)
    return await run_mutation(
        "sales_line",
        lambda: service.update_line(info.context.service, no, line_no, changes),
        _with_document,
    )


async def line_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.salesLineDelete."""
    values = provided(data)
    no, line_no = values["document_no"], values["line_no"]

    def shape(line: SalesLine) -> dict[str, Any]:
        return {"deleted_id": encode_id("SalesLine", line.pk), "document_id": line.document_id}

    return await run_mutation(
        "sales_line", lambda: service.delete_line(info.context.service, no, line_no), shape
    )


async def payload_document(info: InfoLike, document_id: int | None) -> SalesDocument | None:
    """The document a line mutation changed."""
    result: SalesDocument | None = await load_by_id(info, SalesDocument, document_id)
    return result
