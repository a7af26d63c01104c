"""Root fields for sales documents and the price explanation, mixed into Query and Mutation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.engine.pagination import Page
from server.resolvers import sales as resolve
from server.resolvers.mutations import Payload
from server.schema.common import AfterCursor, BeforeCursor, Connection, PageSize
from server.schema.pricing.explanation import PriceExplanation
from server.schema.sales import inputs as i
from server.schema.sales import types as s

ARG = strawberry.argument(description="What to do.")


@strawberry.type(description="Sales documents and pricing.")
class SalesQueries:
    """Sales documents and pricing."""

    @strawberry.field(
        description="One sales document by number; null if none.",
        graphql_type=s.SalesDocument | None,
    )
    async def sales_document(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Document number.")]
    ) -> Any:
        return await resolve.sales_document(info, no)

    @strawberry.field(
        description="Sales documents, filtered and sorted, as a keyset-paged connection.",
        graphql_type=Connection[s.SalesDocument],
    )
    async def sales_documents(
        self,
        info: Info,
        filter: Annotated[
            s.SalesDocumentFilter | None, strawberry.argument(description="Which documents.")
        ] = None,
        order_by: Annotated[
            list[s.SalesDocumentOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await resolve.sales_documents(info, filter, order_by, first, after, last, before)

    @strawberry.field(
        description="How a quote line for this customer or contact would be priced, with every "
        "price and discount agreement considered and why it won or not (DOMAIN P8). Give a "
        "customer, a contact, or both.",
        graphql_type=PriceExplanation,
    )
    async def price_explanation(
        self,
        info: Info,
        item_no: Annotated[str, strawberry.argument(description="The item.")],
        quantity: Annotated[Decimal, strawberry.argument(description="Quantity (> 0).")],
        date: Annotated[date, strawberry.argument(description="The pricing date.")],
        customer_no: Annotated[
            str | None, strawberry.argument(description="Bill-to customer.")
        ] = None,
        contact_no: Annotated[
            str | None, strawberry.argument(description="Contact (a prospect's).")
        ] = None,
        unit_of_measure: Annotated[
            str | None, strawberry.argument(description="Unit (default the item's base unit).")
        ] = None,
    ) -> Any:
        return await resolve.price_explanation(
            info,
            customer_no=customer_no,
            contact_no=contact_no,
            item_no=item_no,
            quantity=quantity,
            unit_of_measure=unit_of_measure,
            date=date,
        )


@strawberry.type(description="Changing sales documents and lines.")
class SalesMutations:
    """Changing sales documents and lines."""

    @strawberry.mutation(
        description="Create a quote, order or invoice, optionally with priced lines.",
        graphql_type=i.SalesDocumentCreatePayload,
    )
    async def sales_document_create(
        self, info: Info, input: Annotated[i.SalesDocumentCreateInput, ARG]
    ) -> Payload:
        return await resolve.document_create(info, input)

    @strawberry.mutation(
        description="Change a document; a new date, customer or contact reprices its lines (P7).",
        graphql_type=i.SalesDocumentUpdatePayload,
    )
    async def sales_document_update(
        self, info: Info, input: Annotated[i.SalesDocumentUpdateInput, ARG]
    ) -> Payload:
        return await resolve.document_update(info, input)

    @strawberry.mutation(
        description="Price every line again with today's agreements and activations (P7).",
        graphql_type=i.SalesDocumentRecalculatePayload,
    )
    async def sales_document_recalculate(
        self, info: Info, input: Annotated[i.SalesDocumentRecalculateInput, ARG]
    ) -> Payload:
        return await resolve.document_recalculate(info, input)

    @strawberry.mutation(
        description="Delete a document with its lines.",
        graphql_type=i.SalesDocumentDeletePayload,
    )
    async def sales_document_delete(
        self, info: Info, input: Annotated[i.SalesDocumentDeleteInput, ARG]
    ) -> Payload:
        return await resolve.document_delete(info, input)

    @strawberry.mutation(
        description="Add a priced line at the end of a document (P1-P6).",
        graphql_type=i.SalesLineAddPayload,
    )
    async def sales_line_add(
        self, info: Info, input: Annotated[i.SalesLineAddInput, ARG]
    ) -> Payload:
        return await resolve.line_add(info, input)

    @strawberry.mutation(
        description="Change a line's item, quantity or unit; it is priced again (P7).",
        graphql_type=i.SalesLineUpdatePayload,
    )
    async def sales_line_update(
        self, info: Info, input: Annotated[i.SalesLineUpdateInput, ARG]
    ) -> Payload:
        return await resolve.line_update(info, input)

    @strawberry.mutation(
        description="Remove a line from a document.", graphql_type=i.SalesLineDeletePayload
    )
    async def sales_line_delete(
        self, info: Info, input: Annotated[i.SalesLineDeleteInput, ARG]
    ) -> Payload:
        return await resolve.line_delete(info, input)
