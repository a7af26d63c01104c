"""The sales area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.resolvers import sales as sales_resolvers
from server.resolvers.mutations import Payload
from server.schema.common import ARG
from server.schema.connection import BY_NUMBER, connection
from server.schema.sales import inputs as sales_inputs
from server.schema.sales import types as sales_types


@strawberry.type(description="Sales documents.")
class SalesQueries:
    """Sales documents."""

    @strawberry.field(
        description="One sales document by number; null if none.",
        graphql_type=sales_types.SalesDocument | None,
    )
    async def sales_document(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Document number.")]
    ) -> Any:
        return await sales_resolvers.sales_document(info, no)

    sales_documents = connection(
        sales_types.SalesDocument,
        "Sales documents, filtered and sorted, as a keyset-paged connection.",
        sales_resolvers.SALES_DOCUMENTS,
        filter=(sales_types.SalesDocumentFilter, "Which documents."),
        order=(sales_types.SalesDocumentOrder, BY_NUMBER),
    )


@strawberry.type(description="Changing sales documents and lines.")
class SalesMutations:
    """Changing sales documents and lines."""

    @strawberry.mutation(
        description="Create a quote, order or invoice, optionally with priced lines.",
        graphql_type=sales_inputs.SalesDocumentCreatePayload,
    )
    async def sales_document_create(
        self, info: Info, input: Annotated[sales_inputs.SalesDocumentCreateInput, ARG]
    ) -> Payload:
        return await sales_resolvers.document_create(info, input)

    @strawberry.mutation(
        description="Change a document; a new date, customer or contact reprices its lines (P7).",
        graphql_type=sales_inputs.SalesDocumentUpdatePayload,
    )
    async def sales_document_update(
        self, info: Info, input: Annotated[sales_inputs.SalesDocumentUpdateInput, ARG]
    ) -> Payload:
        return await sales_resolvers.document_update(info, input)

    @strawberry.mutation(
        description="Price every line again with today's agreements and activations (P7).",
        graphql_type=sales_inputs.SalesDocumentRecalculatePayload,
    )
    async def sales_document_recalculate(
        self, info: Info, input: Annotated[sales_inputs.SalesDocumentRecalculateInput, ARG]
    ) -> Payload:
        return await sales_resolvers.document_recalculate(info, input)

    @strawberry.mutation(
        description="Delete a document with its lines.",
        graphql_type=sales_inputs.SalesDocumentDeletePayload,
    )
    async def sales_document_delete(
        self, info: Info, input: Annotated[sales_inputs.SalesDocumentDeleteInput, ARG]
    ) -> Payload:
        return await sales_resolvers.document_delete(info, input)

    @strawberry.mutation(
        description="Add a priced line at the end of a document (P1-P6).",
        graphql_type=sales_inputs.SalesLineAddPayload,
    )
    async def sales_line_add(
        self, info: Info, input: Annotated[sales_inputs.SalesLineAddInput, ARG]
    ) -> Payload:
        return await sales_resolvers.line_add(info, input)

    @strawberry.mutation(
        description="Change a line's item, quantity or unit; it is priced again (P7).",
        graphql_type=sales_inputs.SalesLineUpdatePayload,
    )
    async def sales_line_update(
        self, info: Info, input: Annotated[sales_inputs.SalesLineUpdateInput, ARG]
    ) -> Payload:
        return await sales_resolvers.line_update(info, input)

    @strawberry.mutation(
        description="Remove a line from a document.",
        graphql_type=sales_inputs.SalesLineDeletePayload,
    )
    async def sales_line_delete(
        self, info: Info, input: Annotated[sales_inputs.SalesLineDeleteInput, ARG]
    ) -> Payload:
        return await sales_resolvers.line_delete(info, input)
