"""SalesDocument, SalesLine and PriceSource types, with the document filter and ordering."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.models.sales import SalesDocumentType as DomainSalesDocumentType
from server.models.sales import SalesLineSource as DomainSalesLineSource
from server.resolvers import sales as resolve
from server.schema.common import (
    Node,
    served_from,
    to_one,
)
from server.schema.connection import connection, order_input
from server.schema.contacts.types import Contact
from server.schema.customers.types import Customer
from server.schema.enums import described_enum
from server.schema.items.types import Item
from server.schema.setup.types import Salesperson

if TYPE_CHECKING:
    from server.schema.campaigns.types import Campaign
    from server.schema.pricing.types import DiscountLine, PriceLine

U = strawberry.UNSET
CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.campaigns.types")]
PriceLineRef = Annotated["PriceLine", strawberry.lazy("server.schema.pricing.types")]
DiscountLineRef = Annotated["DiscountLine", strawberry.lazy("server.schema.pricing.types")]

described_enum(
    DomainSalesDocumentType,
    name="SalesDocumentType",
    description="What a sales document is.",
    values={
        "QUOTE": "A quote; may be for a prospect contact without a customer.",
        "ORDER": "An order (needs a customer).",
        "INVOICE": "An invoice (needs a customer); its date is the posting date.",
    },
)
SalesDocumentType = DomainSalesDocumentType
described_enum(
    DomainSalesLineSource,
    name="SalesLineSourceType",
    description="Where a sales line's unit price or line discount came from.",
    values={
        "ITEM": "The item's own unit price (no price agreement qualified).",
        "ALL_CUSTOMERS": "An agreement for every customer.",
        "CUSTOMER": "An agreement for this customer (code: customer no).",
        "CUSTOMER_PRICE_GROUP": "An agreement for the customer's price group.",
        "CUSTOMER_DISCOUNT_GROUP": "An agreement for the customer's discount group.",
        "CAMPAIGN": "An activated campaign's agreement (code: campaign no).",
    },
)
SalesLineSourceType = DomainSalesLineSource


@strawberry.type(
    description="Which agreement won a line's price or discount (DOMAIN P7). Type and code "
    "stay when the agreement is later deleted; the link to it then becomes null."
)
class PriceSource:
    """Where a price or discount came from."""

    type: SalesLineSourceType = strawberry.field(description="Kind of source.")
    code: str | None = strawberry.field(
        description="Item no, customer no, group code or campaign no; null for all customers."
    )

    @strawberry.field(description="Global ID of the winning price or discount line, if any.")
    def agreement_id(self, root: strawberry.Parent[resolve.SourceRow]) -> strawberry.ID | None:
        found = resolve.agreement_id(root)
        return None if found is None else strawberry.ID(found)

    @strawberry.field(
        description="The winning price line (null for the item's price or once deleted).",
        graphql_type=PriceLineRef | None,
    )
    async def price_line(self, root: strawberry.Parent[resolve.SourceRow], info: Info) -> Any:
        return await resolve.price_line(info, root)

    @strawberry.field(
        description="The winning discount line (null once deleted).",
        graphql_type=DiscountLineRef | None,
    )
    async def discount_line(self, root: strawberry.Parent[resolve.SourceRow], info: Info) -> Any:
        return await resolve.discount_line(info, root)

    campaign = to_one(
        models.Campaign,
        "campaign_id",
        description="The campaign the agreement belongs to (revenue attribution, T6).",
        graphql_type=CampaignRef | None,
    )


@strawberry.type(description="One item on a sales document, priced by DOMAIN P1-P6.")
class SalesLine(Node):
    """A sales line."""

    line_no: int = strawberry.field(description="Line number (10000, 20000, ...).")
    quantity: Decimal = strawberry.field(description="Quantity in the line's unit (> 0).")
    unit_of_measure: str = strawberry.field(description="Unit (default the item's base unit).")
    quantity_per_unit: Decimal = strawberry.field(description="Base units per line unit.")
    unit_price: Decimal = strawberry.field(description="Price per line unit (5 decimals).")
    line_discount_percent: Decimal = strawberry.field(description="Line discount, 0-100 %.")
    line_amount: Decimal = strawberry.field(
        description="Quantity x unit price x (1 - discount/100), rounded half up to 0.01."
    )

    item = to_one(models.Item, "item_id", description="The item.", graphql_type=Item)

    @strawberry.field(description="Where the unit price came from.")
    def price_source(self, root: strawberry.Parent[models.SalesLine]) -> PriceSource:
        return resolve.price_source(root)  # type: ignore[return-value]

    @strawberry.field(description="Where the line discount came from; null without one.")
    def discount_source(self, root: strawberry.Parent[models.SalesLine]) -> PriceSource | None:
        return resolve.discount_source(root)  # type: ignore[return-value]

    document = to_one(
        models.SalesDocument,
        "document_id",
        description="The document the line is on.",
        # Defined below: named lazily.
        graphql_type=Annotated["SalesDocument", strawberry.lazy("server.schema.sales.types")],
    )

    is_type_of = served_from(models.SalesLine)


@strawberry.type(
    description="A quote, order or invoice: where campaign prices show up and revenue is "
    "attributed to campaigns. No posting: documents exist to show pricing."
)
class SalesDocument(Node):
    """A sales document."""

    no: str = strawberry.field(description="Document number (e.g. SO00001), unique, immutable.")
    type: SalesDocumentType = strawberry.field(description="Quote, order or invoice.")
    document_date: date = strawberry.field(
        description="The pricing date (order date; posting date for invoices)."
    )
    created_by: str | None = strawberry.field(description="Username of whoever created it.")

    customer = to_one(
        models.Customer,
        "customer_id",
        description="Bill-to customer (optional on a quote).",
        graphql_type=Customer | None,
    )

    contact = to_one(
        models.Contact,
        "contact_id",
        description="The contact (a prospect's, or the customer's company).",
        graphql_type=Contact | None,
    )

    campaign = to_one(
        models.Campaign,
        "campaign_id",
        description="Campaign the document is attributed to (never makes prices eligible).",
        graphql_type=CampaignRef | None,
    )

    salesperson = to_one(
        models.Salesperson,
        "salesperson_id",
        description="Salesperson responsible (SALES users edit their own).",
        graphql_type=Salesperson | None,
    )

    @strawberry.field(description="Sum of the line amounts.")
    async def amount(self, root: strawberry.Parent[models.SalesDocument], info: Info) -> Decimal:
        return await resolve.document_amount(info, root)

    lines = connection(SalesLine, "The lines in line order.", resolve.DOCUMENT_LINES)

    is_type_of = served_from(models.SalesDocument)


@strawberry.input(description="Which sales documents to list; every given criterion must hold.")
class SalesDocumentFilter:
    """Which sales documents to list."""

    type: SalesDocumentType | None = strawberry.field(default=U, description="Only this type.")
    customer_no: str | None = strawberry.field(default=U, description="Only this customer's.")
    contact_no: str | None = strawberry.field(default=U, description="Only this contact's.")
    campaign_no: str | None = strawberry.field(
        default=U, description="Only those attributed to this campaign."
    )
    salesperson_codes: list[str] | None = strawberry.field(
        default=U, description="Only those of one of these salespeople."
    )
    date_from: date | None = strawberry.field(default=U, description="Dated on or after.")
    date_to: date | None = strawberry.field(default=U, description="Dated on or before.")


SalesDocumentOrder = order_input(
    "SalesDocumentOrder",
    resolve.SORT,
    description="One sort key for sales documents.",
    fields="What sales documents can be sorted by (ties broken by number).",
)
