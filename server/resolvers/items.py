"""Item fields and mutations, with units of measure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Listing
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike, load_by_id
from server.models import Item, ItemDiscountGroup, ItemUnitOfMeasure
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, provided, run_mutation
from server.services.items import item as service

#: What items can be sorted by, ties broken by number; the schema makes its
#: ItemOrderField enum from these keys.
SORT = SortKeys(
    SortField("NO", "no", description="Item number."),
    SortField("DESCRIPTION", "description", description="Description."),
    SortField("UNIT_PRICE", "unit_price", description="List price."),
)


async def item(info: InfoLike, no: str) -> Item | None:
    """Query.item(no:)."""
    return await service.item_by_no(info.context.service, no)


def _items(info: InfoLike, filter: object | None) -> QuerySet[Item]:
    criteria = service.ItemFilter(**provided(filter)) if filter else service.ItemFilter()
    return service.items_query(info.context.service, criteria)


#: Query.items: filtered, ordered, keyset-paged.
ITEMS = Listing(_items, SORT)


async def discount_group(info: InfoLike, row: Item) -> ItemDiscountGroup | None:
    """Item.discountGroup through the loader."""
    result: ItemDiscountGroup | None = await load_by_id(
        info, ItemDiscountGroup, row.discount_group_id
    )
    return result


async def units_of_measure(info: InfoLike, row: Item) -> list[ItemUnitOfMeasure]:
    """Item.unitsOfMeasure, batched over items."""
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, list[ItemUnitOfMeasure]]:
        return await service.units_of_items(ctx, ids)

    loader = info.context.loaders.keyed("Item.unitsOfMeasure", fetch, lambda _: [])
    found: list[ItemUnitOfMeasure] = await loader.load(row.id)
    return found


async def unit_item(info: InfoLike, row: ItemUnitOfMeasure) -> Item:
    """ItemUnitOfMeasure.item through the loader."""
    result: Item = await load_by_id(info, Item, row.item_id)
    return result


async def create(info: InfoLike, data: object) -> Payload:
    """Mutation.itemCreate."""
    draft = service.ItemDraft(**provided(data))
    return await run_mutation("item", lambda: service.create_item(info.context.service, draft))


async def update(info: InfoLike, data: object) -> Payload:
    """Mutation.itemUpdate."""
    values = provided(data)
    no = values.pop("no")
    changes = service.ItemChanges(**values)
    return await run_mutation(
        "item", lambda: service.update_item(info.context.service, no, changes)
    )


async def delete(info: InfoLike, no: str) -> Payload:
    """Mutation.itemDelete."""

    def shape(row: Item) -> dict[str, Any]:
        return {"item": row, "deleted_id": encode_id("Item", row.pk)}

    return await run_mutation("item", lambda: service.delete_item(info.context.service, no), shape)


async def unit_set(info: InfoLike, data: object) -> Payload:
    """Mutation.itemUnitOfMeasureSet."""
    values = provided(data)
    ctx = info.context.service

    async def run() -> ItemUnitOfMeasure:
        return await service.set_unit_of_measure(
            ctx, values["item_no"], values["code"], values["quantity_per_unit"]
        )

    def shape(row: ItemUnitOfMeasure) -> dict[str, Any]:
        return {"unit_of_measure": row}

    return await run_mutation("unit_of_measure", run, shape)


async def unit_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.itemUnitOfMeasureDelete."""
    values = provided(data)
    ctx = info.context.service

    def shape(row: ItemUnitOfMeasure) -> dict[str, Any]:
        return {"unit_of_measure": row, "deleted_id": encode_id("ItemUnitOfMeasure", row.pk)}

    return await run_mutation(
        "unit_of_measure",
        lambda: service.delete_unit_of_measure(ctx, values["item_no"], values["code"]),
        shape,
    )
