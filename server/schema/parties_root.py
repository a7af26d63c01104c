"""Root fields for customers, items and their groups, mixed into Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.engine.pagination import Page
from server.resolvers import customers, items
from server.resolvers.mutations import Payload
from server.resolvers.pricing import groups
from server.schema import delete_inputs as di
from server.schema.common import AfterCursor, BeforeCursor, Connection, PageSize
from server.schema.customers import types as c
from server.schema.items import types as i
from server.schema.pricing import groups as g

ARG = strawberry.argument(description="What to do.")
CODE = strawberry.argument(description="Group code.")


@strawberry.type(description="Customers, items and their groups.")
class PartyQueries:
    """Customers, items and their groups."""

    @strawberry.field(
        description="One customer by number; null if none.", graphql_type=c.Customer | None
    )
    async def customer(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Customer number.")]
    ) -> models.Customer | None:
        return await customers.customer(info, no)

    @strawberry.field(
        description="Customers, filtered and sorted, as a keyset-paged connection.",
        graphql_type=Connection[c.Customer],
    )
    async def customers(
        self,
        info: Info,
        filter: Annotated[
            c.CustomerFilter | None, strawberry.argument(description="Which customers.")
        ] = None,
        order_by: Annotated[
            list[c.CustomerOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await customers.customers(info, filter, order_by, first, after, last, before)

    @strawberry.field(description="One item by number; null if none.", graphql_type=i.Item | None)
    async def item(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Item number.")]
    ) -> models.Item | None:
        return await items.item(info, no)

    @strawberry.field(
        description="Items, filtered and sorted, as a keyset-paged connection.",
        graphql_type=Connection[i.Item],
    )
    async def items(
        self,
        info: Info,
        filter: Annotated[
            i.ItemFilter | None, strawberry.argument(description="Which items.")
        ] = None,
        order_by: Annotated[
            list[i.ItemOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await items.items(info, filter, order_by, first, after, last, before)

    @strawberry.field(
        description="All customer price groups by code.", graphql_type=list[g.CustomerPriceGroup]
    )
    async def customer_price_groups(self, info: Info) -> list[models.CustomerPriceGroup]:
        return await groups.groups(info, models.CustomerPriceGroup)

    @strawberry.field(
        description="One customer price group by code.", graphql_type=g.CustomerPriceGroup | None
    )
    async def customer_price_group(
        self, info: Info, code: Annotated[str, CODE]
    ) -> models.CustomerPriceGroup | None:
        return await groups.group(info, models.CustomerPriceGroup, code)

    @strawberry.field(
        description="All customer discount groups by code.",
        graphql_type=list[g.CustomerDiscountGroup],
    )
    async def customer_discount_groups(self, info: Info) -> list[models.CustomerDiscountGroup]:
        return await groups.groups(info, models.CustomerDiscountGroup)

    @strawberry.field(
        description="One customer discount group by code.",
        graphql_type=g.CustomerDiscountGroup | None,
    )
    async def customer_discount_group(
        self, info: Info, code: Annotated[str, CODE]
    ) -> models.CustomerDiscountGroup | None:
        return await groups.group(info, models.CustomerDiscountGroup, code)

    @strawberry.field(
        description="All item discount groups by code.", graphql_type=list[g.ItemDiscountGroup]
    )
    async def item_discount_groups(self, info: Info) -> list[models.ItemDiscountGroup]:
        return await groups.groups(info, models.ItemDiscountGroup)

    @strawberry.field(
        description="One item discount group by code.", graphql_type=g.ItemDiscountGroup | None
    )
    async def item_discount_group(
        self, info: Info, code: Annotated[str, CODE]
    ) -> models.ItemDiscountGroup | None:
        return await groups.group(info, models.ItemDiscountGroup, code)


@strawberry.type(description="Changes to customers, items and their groups.")
class PartyMutations:
    """Changes to customers, items and their groups."""

    @strawberry.mutation(
        description="Create a customer, optionally linked to a company contact.",
        graphql_type=c.CustomerCreatePayload,
    )
    async def customer_create(
        self, info: Info, input: Annotated[c.CustomerCreateInput, ARG]
    ) -> Payload:
        return await customers.create(info, input)

    @strawberry.mutation(
        description="Change a customer; `contactNo` links, relinks or (null) unlinks it.",
        graphql_type=c.CustomerUpdatePayload,
    )
    async def customer_update(
        self, info: Info, input: Annotated[c.CustomerUpdateInput, ARG]
    ) -> Payload:
        return await customers.update(info, input)

    @strawberry.mutation(
        description="Delete a customer nothing refers to (its contact link ends).",
        graphql_type=c.CustomerDeletePayload,
    )
    async def customer_delete(
        self, info: Info, input: Annotated[di.CustomerDeleteInput, di.KEY]
    ) -> Payload:
        return await customers.delete(info, input.no)

    @strawberry.mutation(
        description="Create an item with its base unit of measure.",
        graphql_type=i.ItemCreatePayload,
    )
    async def item_create(self, info: Info, input: Annotated[i.ItemCreateInput, ARG]) -> Payload:
        return await items.create(info, input)

    @strawberry.mutation(description="Change an item.", graphql_type=i.ItemUpdatePayload)
    async def item_update(self, info: Info, input: Annotated[i.ItemUpdateInput, ARG]) -> Payload:
        return await items.update(info, input)

    @strawberry.mutation(
        description="Delete an item nothing refers to (its units go with it).",
        graphql_type=i.ItemDeletePayload,
    )
    async def item_delete(
        self, info: Info, input: Annotated[di.ItemDeleteInput, di.KEY]
    ) -> Payload:
        return await items.delete(info, input.no)

    @strawberry.mutation(
        description="Add a unit of measure to an item or change its quantity per unit.",
        graphql_type=i.ItemUnitOfMeasureSetPayload,
    )
    async def item_unit_of_measure_set(
        self, info: Info, input: Annotated[i.ItemUnitOfMeasureSetInput, ARG]
    ) -> Payload:
        return await items.unit_set(info, input)

    @strawberry.mutation(
        description="Remove a unit of measure from an item (never its base unit).",
        graphql_type=i.ItemUnitOfMeasureDeletePayload,
    )
    async def item_unit_of_measure_delete(
        self, info: Info, input: Annotated[i.ItemUnitOfMeasureDeleteInput, ARG]
    ) -> Payload:
        return await items.unit_delete(info, input)

    @strawberry.mutation(
        description="Create a customer price group.",
        graphql_type=g.CustomerPriceGroupCreatePayload,
    )
    async def customer_price_group_create(
        self, info: Info, input: Annotated[g.CustomerPriceGroupCreateInput, ARG]
    ) -> Payload:
        return await groups.create(info, models.CustomerPriceGroup, input)

    @strawberry.mutation(
        description="Change a customer price group.",
        graphql_type=g.CustomerPriceGroupUpdatePayload,
    )
    async def customer_price_group_update(
        self, info: Info, input: Annotated[g.CustomerPriceGroupUpdateInput, ARG]
    ) -> Payload:
        return await groups.update(info, models.CustomerPriceGroup, input)

    @strawberry.mutation(
        description="Delete a customer price group no customer uses.",
        graphql_type=g.CustomerPriceGroupDeletePayload,
    )
    async def customer_price_group_delete(
        self, info: Info, input: Annotated[di.CustomerPriceGroupDeleteInput, di.KEY]
    ) -> Payload:
        return await groups.delete(info, models.CustomerPriceGroup, input.code)

    @strawberry.mutation(
        description="Create a customer discount group.",
        graphql_type=g.CustomerDiscountGroupCreatePayload,
    )
    async def customer_discount_group_create(
        self, info: Info, input: Annotated[g.CustomerDiscountGroupCreateInput, ARG]
    ) -> Payload:
        return await groups.create(info, models.CustomerDiscountGroup, input)

    @strawberry.mutation(
        description="Change a customer discount group.",
        graphql_type=g.CustomerDiscountGroupUpdatePayload,
    )
    async def customer_discount_group_update(
        self, info: Info, input: Annotated[g.CustomerDiscountGroupUpdateInput, ARG]
    ) -> Payload:
        return await groups.update(info, models.CustomerDiscountGroup, input)

    @strawberry.mutation(
        description="Delete a customer discount group no customer uses.",
        graphql_type=g.CustomerDiscountGroupDeletePayload,
    )
    async def customer_discount_group_delete(
        self, info: Info, input: Annotated[di.CustomerDiscountGroupDeleteInput, di.KEY]
    ) -> Payload:
        return await groups.delete(info, models.CustomerDiscountGroup, input.code)

    @strawberry.mutation(
        description="Create an item discount group.",
        graphql_type=g.ItemDiscountGroupCreatePayload,
    )
    async def item_discount_group_create(
        self, info: Info, input: Annotated[g.ItemDiscountGroupCreateInput, ARG]
    ) -> Payload:
        return await groups.create(info, models.ItemDiscountGroup, input)

    @strawberry.mutation(
        description="Change an item discount group.",
        graphql_type=g.ItemDiscountGroupUpdatePayload,
    )
    async def item_discount_group_update(
        self, info: Info, input: Annotated[g.ItemDiscountGroupUpdateInput, ARG]
    ) -> Payload:
        return await groups.update(info, models.ItemDiscountGroup, input)

    @strawberry.mutation(
        description="Delete an item discount group no item uses.",
        graphql_type=g.ItemDiscountGroupDeletePayload,
    )
    async def item_discount_group_delete(
        self, info: Info, input: Annotated[di.ItemDiscountGroupDeleteInput, di.KEY]
    ) -> Payload:
        return await groups.delete(info, models.ItemDiscountGroup, input.code)
