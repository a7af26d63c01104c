"""The customers area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.engine.pagination import Page
from server.resolvers import customers
from server.resolvers.mutations import Payload
from server.schema.common import ARG, KEY, AfterCursor, BeforeCursor, Connection, PageSize
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

    @strawberry.field(
        description="Customers, filtered and sorted, as a keyset-paged connection.",
        graphql_type=Connection[customer_types.Customer],
    )
    async def customers(
        self,
        info: Info,
        filter: Annotated[
            customer_types.CustomerFilter | None,
            strawberry.argument(description="Which customers."),
        ] = None,
        order_by: Annotated[
            list[customer_types.CustomerOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await customers.customers(info, filter, order_by, first, after, last, before)


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
