"""The Customer type, its filter, ordering, inputs and payloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import customers as resolve
from server.resolvers import sales
from server.schema.common import (
    Node,
    UserError,
    served_from,
)
from server.schema.connection import connection, order_input
from server.schema.contacts.types import Contact
from server.schema.pricing.groups import CustomerDiscountGroup, CustomerPriceGroup

if TYPE_CHECKING:
    from server.schema.sales.types import SalesDocument

U = strawberry.UNSET
SalesDocumentRef = Annotated["SalesDocument", strawberry.lazy("server.schema.sales.types")]


@strawberry.type(
    description="A customer; it may be linked to one company contact (the business relation)."
)
class Customer(Node):
    """A customer."""

    no: str = strawberry.field(description="Customer number (e.g. C00001), unique, immutable.")
    name: str = strawberry.field(description="Customer name.")
    blocked: bool = strawberry.field(description="Blocked customer.")

    @strawberry.field(
        description="The company contact linked to the customer (null if none).",
        graphql_type=Contact | None,
    )
    async def contact(
        self, root: strawberry.Parent[models.Customer], info: Info
    ) -> models.Contact | None:
        return await resolve.contact(info, root)

    @strawberry.field(
        description="The customer price group (sales prices it shares).",
        graphql_type=CustomerPriceGroup | None,
    )
    async def price_group(
        self, root: strawberry.Parent[models.Customer], info: Info
    ) -> models.CustomerPriceGroup | None:
        return await resolve.price_group(info, root)

    @strawberry.field(
        description="The customer discount group (line discounts it shares).",
        graphql_type=CustomerDiscountGroup | None,
    )
    async def discount_group(
        self, root: strawberry.Parent[models.Customer], info: Info
    ) -> models.CustomerDiscountGroup | None:
        return await resolve.discount_group(info, root)

    sales_documents = connection(
        SalesDocumentRef,
        "Sales documents billed to the customer, by number.",
        sales.CUSTOMER_DOCUMENTS,
    )

    is_type_of = served_from(models.Customer)


@strawberry.input(description="Which customers to list; every given criterion must hold.")
class CustomerFilter:
    """Which customers to list."""

    search: str | None = strawberry.field(
        default=U, description="Text contained in the name or number (case-insensitive)."
    )
    price_group_code: str | None = strawberry.field(
        default=U, description="Only customers of this price group."
    )
    discount_group_code: str | None = strawberry.field(
        default=U, description="Only customers of this discount group."
    )
    blocked: bool | None = strawberry.field(
        default=U, description="Only blocked (true) or only unblocked (false) customers."
    )


CustomerOrder = order_input(
    "CustomerOrder",
    resolve.SORT,
    description="One sort key for customers.",
    fields="What customers can be sorted by (ties broken by number).",
)


@strawberry.input(description="A new customer.")
class CustomerCreateInput:
    """A new customer."""

    no: str | None = strawberry.field(
        default=U, description="Customer number; blank = next from the number series."
    )
    name: str = strawberry.field(description="Name, 1-100 characters.")
    contact_no: str | None = strawberry.field(
        default=U,
        description="Company contact to link (not a person, not linked to another customer).",
    )
    price_group_code: str | None = strawberry.field(
        default=U, description="Customer price group code."
    )
    discount_group_code: str | None = strawberry.field(
        default=U, description="Customer discount group code."
    )
    blocked: bool | None = strawberry.field(default=U, description="Blocked customer.")


@strawberry.input(description="Changes to a customer; omitted fields stay, null clears.")
class CustomerUpdateInput:
    """Changes to a customer."""

    no: str = strawberry.field(description="Which customer (the number cannot change).")
    name: str | None = strawberry.field(default=U, description="New name.")
    contact_no: str | None = strawberry.field(
        default=U, description="Link or relink to this company contact; null unlinks."
    )
    price_group_code: str | None = strawberry.field(
        default=U, description="New customer price group (null: none)."
    )
    discount_group_code: str | None = strawberry.field(
        default=U, description="New customer discount group (null: none)."
    )
    blocked: bool | None = strawberry.field(default=U, description="Block or unblock.")


@strawberry.type(description="Result of a customer mutation.")
class CustomerPayload:
    """Result of a customer mutation."""

    customer: Customer | None = strawberry.field(description="The customer, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a customer.")
class CustomerCreatePayload(CustomerPayload):
    """Result of creating a customer."""


@strawberry.type(description="Result of changing a customer.")
class CustomerUpdatePayload(CustomerPayload):
    """Result of changing a customer."""


@strawberry.type(description="Result of deleting a customer.")
class CustomerDeletePayload(CustomerPayload):
    """Result of deleting a customer."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted customer.")


@strawberry.input(description="Which customer to delete (nothing may refer to it).")
class CustomerDeleteInput:
    """Which customer to delete."""

    no: str = strawberry.field(description="Customer number.")
