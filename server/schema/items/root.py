"""The items area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import items
from server.resolvers.mutations import Payload
from server.schema.common import ARG, KEY
from server.schema.connection import BY_NUMBER, connection
from server.schema.items import types as item_types


@strawberry.type(description="Items.")
class ItemQueries:
    """Items."""

    @strawberry.field(
        description="One item by number; null if none.", graphql_type=item_types.Item | None
    )
    async def item(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Item number.")]
    ) -> models.Item | None:
        return await items.item(info, no)

    items = connection(
        item_types.Item,
        "Items, filtered and sorted, as a keyset-paged connection.",
        items.ITEMS,
        filter=(item_types.ItemFilter, "Which items."),
        order=(item_types.ItemOrder, BY_NUMBER),
    )


@strawberry.type(description="Changing items and their units.")
class ItemMutations:
    """Changing items and their units."""

    @strawberry.mutation(
        description="Create an item with its base unit of measure.",
        graphql_type=item_types.ItemCreatePayload,
    )
    async def item_create(
        self, info: Info, input: Annotated[item_types.ItemCreateInput, ARG]
    ) -> Payload:
        return await items.create(info, input)

    @strawberry.mutation(description="Change an item.", graphql_type=item_types.ItemUpdatePayload)
    async def item_update(
        self, info: Info, input: Annotated[item_types.ItemUpdateInput, ARG]
    ) -> Payload:
        return await items.update(info, input)

    @strawberry.mutation(
        description="Delete an item nothing refers to (its units go with it).",
        graphql_type=item_types.ItemDeletePayload,
    )
    async def item_delete(
        self, info: Info, input: Annotated[item_types.ItemDeleteInput, KEY]
    ) -> Payload:
        return await items.delete(info, input.no)

    @strawberry.mutation(
        description="Add a unit of measure to an item or change its quantity per unit.",
        graphql_type=item_types.ItemUnitOfMeasureSetPayload,
    )
    async def item_unit_of_measure_set(
        self, info: Info, input: Annotated[item_types.ItemUnitOfMeasureSetInput, ARG]
    ) -> Payload:
        return await items.unit_set(info, input)

    @strawberry.mutation(
        description="Remove a unit of measure from an item (never its base unit).",
        graphql_type=item_types.ItemUnitOfMeasureDeletePayload,
    )
    async def item_unit_of_measure_delete(
        self, info: Info, input: Annotated[item_types.ItemUnitOfMeasureDeleteInput, ARG]
    ) -> Payload:
        return await items.unit_delete(info, input)
