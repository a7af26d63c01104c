"""The customers area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import customers
from server.resolvers.mutations import Payload
from server.schema.common import ARG, KEY
from server.schema.connection import BY_NUMBER, connection
from server.schema.customers import types as customer_types


@strawberry.type(description="Customers.")
class CustomerQueries:
    """Customers."""

    @strawberry.field(
        description="One customer by number; null if none.",
        graphql_type=customer_types.Customer | None,
    )
    async def customer(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Customer number.")]
    ) -> models.Customer | None:
        return await customers.customer(info, no)

    customers = connection(
        customer_types.Customer,
        "Customers, filtered and sorted, as a keyset-paged connection.",
        customers.CUSTOMERS,
        filter=(customer_types.CustomerFilter, "Which customers."),
        order=(customer_types.CustomerOrder, BY_NUMBER),
    )


@strawberry.type(description="Changing customers.")
class CustomerMutations:
    """Changing customers."""

    @strawberry.mutation(
        description="Create a customer, optionally linked to a company contact.",
        graphql_type=customer_types.CustomerCreatePayload,
    )
    async def customer_create(
        self, info: Info, input: Annotated[customer_types.CustomerCreateInput, ARG]
    ) -> Payload:
        return await customers.create(info, input)

    @strawberry.mutation(
        description="Change a customer; `contactNo` links, relinks or (null) unlinks it.",
        graphql_type=customer_types.CustomerUpdatePayload,
    )
    async def customer_update(
        self, info: Info, input: Annotated[customer_types.CustomerUpdateInput, ARG]
    ) -> Payload:
        return await customers.update(info, input)

    @strawberry.mutation(
        description="Delete a customer nothing refers to (its contact link ends).",
        graphql_type=customer_types.CustomerDeletePayload,
    )
    async def customer_delete(
        self, info: Info, input: Annotated[customer_types.CustomerDeleteInput, KEY]
    ) -> Payload:
        return await customers.delete(info, input.no)
