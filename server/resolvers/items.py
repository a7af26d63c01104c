"""Item fields and mutations, with units of measure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from server.engine.pagination import Page, SortField
from server.engine.reads import InfoLike, OrderInput, load_by_id, page_of
from server.models import Item, ItemDiscountGroup, ItemUnitOfMeasure
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, provided, run_mutation
from server.services.items import item as service

SORT_FIELDS = {
    "NO": SortField("NO", "no"),
    "DESCRIPTION": SortField("DESCRIPTION", "description"),
    "UNIT_PRICE": SortField("UNIT_PRICE", "unit_price"),
}


async def item(info: InfoLike, no: str) -> Item | None:
    """Query.item(no:)."""
    return await service.item_by_no(info.context.service, no)


async def items(
    info: InfoLike,
    filter: object | None,
    order_by: Sequence[OrderInput] | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Page[Item]:
    """Query.items: filtered, ordered, keyset-paged."""
    criteria = service.ItemFilter(**provided(filter)) if filter else service.ItemFilter()
    query = service.items_query(info.context.service, criteria)
    return await page_of(
        info,
        query,
        order_by=order_by,
        sort_fields=SORT_FIELDS,
        tiebreak="NO",
        first=first,
        after=after,
        last=last,
        before=before,
    )


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
