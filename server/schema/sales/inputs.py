"""Inputs and payloads of the sales document and sales line mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from server.resolvers import sales as resolve
from server.resolvers.mutations import Payload
from server.schema.common import IdempotentInput, UserError
from server.schema.sales.types import SalesDocument, SalesDocumentType, SalesLine

U = strawberry.UNSET
ERRORS = "Why nothing changed (empty on success)."


@strawberry.input(description="A line to price: an item, a quantity and a unit.")
class SalesLineInput:
    """A new sales line."""

    item_no: str = strawberry.field(description="The item.")
    quantity: Decimal = strawberry.field(description="Greater than 0, up to 5 decimals.")
    unit_of_measure: str | None = strawberry.field(
        default=U, description="One of the item's units (default its base unit)."
    )


@strawberry.input(description="A new sales document, optionally with lines.")
class SalesDocumentCreateInput(IdempotentInput):
    """A new sales document."""

    no: str | None = strawberry.field(default=U, description="Number (blank: next SO number).")
    type: SalesDocumentType = strawberry.field(description="Quote, order or invoice.")
    customer_no: str | None = strawberry.field(
        default=U, description="Bill-to customer (required except on a quote)."
    )
    contact_no: str | None = strawberry.field(
        default=U,
        description="Contact (required without a customer; default the customer's company).",
    )
    document_date: date | None = strawberry.field(
        default=U, description="Pricing date (default today)."
    )
    campaign_no: str | None = strawberry.field(
        default=U, description="Campaign to attribute revenue to (no effect on prices)."
    )
    salesperson_code: str | None = strawberry.field(
        default=U, description="Salesperson (default the acting user's)."
    )
    lines: list[SalesLineInput] | None = strawberry.field(
        default=U, description="Lines to add and price, in order."
    )


@strawberry.input(description="Changes to a document; a new date, customer or contact reprices.")
class SalesDocumentUpdateInput:
    """Changes to a sales document."""

    no: str = strawberry.field(description="Which document.")
    type: SalesDocumentType | None = strawberry.field(default=U, description="New type.")
    customer_no: str | None = strawberry.field(
        default=U, description="New bill-to customer (null: none, quotes only)."
    )
    contact_no: str | None = strawberry.field(default=U, description="New contact.")
    document_date: date | None = strawberry.field(default=U, description="New pricing date.")
    campaign_no: str | None = strawberry.field(default=U, description="New attribution.")
    salesperson_code: str | None = strawberry.field(default=U, description="New salesperson.")


@strawberry.input(description="Names one sales document.")
class SalesDocumentNoInput:
    """One sales document."""

    no: str = strawberry.field(description="Document number.")


@strawberry.input(description="The document whose lines to price again.")
class SalesDocumentRecalculateInput(SalesDocumentNoInput):
    """Reprice a document."""


@strawberry.input(description="The document to delete with its lines.")
class SalesDocumentDeleteInput(SalesDocumentNoInput):
    """Delete a document."""


@strawberry.input(description="A new line at the end of a document.")
class SalesLineAddInput(IdempotentInput):
    """A new line."""

    document_no: str = strawberry.field(description="Which document.")
    item_no: str = strawberry.field(description="The item.")
    quantity: Decimal = strawberry.field(description="Greater than 0, up to 5 decimals.")
    unit_of_measure: str | None = strawberry.field(
        default=U, description="One of the item's units (default its base unit)."
    )


@strawberry.input(description="Changes to a line; it is priced again.")
class SalesLineUpdateInput:
    """Changes to a line."""

    document_no: str = strawberry.field(description="Which document.")
    line_no: int = strawberry.field(description="Which line.")
    item_no: str | None = strawberry.field(default=U, description="New item (base unit).")
    quantity: Decimal | None = strawberry.field(default=U, description="New quantity.")
    unit_of_measure: str | None = strawberry.field(default=U, description="New unit.")


@strawberry.input(description="The line to remove.")
class SalesLineDeleteInput:
    """A line to remove."""

    document_no: str = strawberry.field(description="Which document.")
    line_no: int = strawberry.field(description="Which line.")


@strawberry.type(description="Result of a sales document mutation.")
class SalesDocumentPayload:
    """Result of a sales document mutation."""

    sales_document: SalesDocument | None = strawberry.field(description="The document.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating a sales document.")
class SalesDocumentCreatePayload(SalesDocumentPayload):
    """Result of creating a sales document."""


@strawberry.type(description="Result of changing a sales document.")
class SalesDocumentUpdatePayload(SalesDocumentPayload):
    """Result of changing a sales document."""


@strawberry.type(description="Result of repricing a sales document.")
class SalesDocumentRecalculatePayload(SalesDocumentPayload):
    """Result of repricing a sales document."""


@strawberry.type(description="Result of deleting a sales document.")
class SalesDocumentDeletePayload:
    """Result of deleting a sales document."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted document.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a sales line mutation.")
class SalesLinePayload:
    """Result of a sales line mutation."""

    sales_line: SalesLine | None = strawberry.field(description="The line.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @strawberry.field(description="The document the line is on.", graphql_type=SalesDocument | None)
    async def sales_document(self, root: strawberry.Parent[Payload], info: Info) -> Any:
        return await resolve.payload_document(info, root.document_id)


@strawberry.type(description="Result of adding a sales line.")
class SalesLineAddPayload(SalesLinePayload):
    """Result of adding a sales line."""


@strawberry.type(description="Result of changing a sales line.")
class SalesLineUpdatePayload(SalesLinePayload):
    """Result of changing a sales line."""


@strawberry.type(description="Result of removing a sales line.")
class SalesLineDeletePayload:
    """Result of removing a sales line."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the removed line.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @strawberry.field(
        description="The document the line was on.", graphql_type=SalesDocument | None
    )
    async def sales_document(self, root: strawberry.Parent[Payload], info: Info) -> Any:
        return await resolve.payload_document(info, root.document_id)
