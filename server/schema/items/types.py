"""The Item type with its units of measure, filter, ordering, inputs and payloads."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import items as resolve
from server.schema.common import Node, UserError, served_from
from server.schema.connection import order_input
from server.schema.pricing.groups import ItemDiscountGroup

U = strawberry.UNSET


@strawberry.type(description="A unit an item is sold in, and how many base units it holds.")
class ItemUnitOfMeasure(Node):
    """An item unit of measure."""

    code: str = strawberry.field(description="Unit code (e.g. PCS, BOX), unique per item.")
    quantity_per_unit: Decimal = strawberry.field(
        description="Base units in one of this unit (> 0; 1 for the base unit)."
    )

    @strawberry.field(description="The item.", graphql_type="Item")
    async def item(
        self, root: strawberry.Parent[models.ItemUnitOfMeasure], info: Info
    ) -> models.Item:
        return await resolve.unit_item(info, root)

    is_type_of = served_from(models.ItemUnitOfMeasure)


@strawberry.type(description="A product that is sold, with its list price and units of measure.")
class Item(Node):
    """An item."""

    no: str = strawberry.field(description="Item number (e.g. I00001), unique, immutable.")
    description: str = strawberry.field(description="What the item is.")
    base_unit_of_measure: str = strawberry.field(
        description="The unit prices and quantities are counted in (always one of its units)."
    )
    unit_price: Decimal = strawberry.field(
        description="List price per base unit (>= 0, up to 5 decimals)."
    )
    blocked: bool = strawberry.field(description="Blocked item.")

    @strawberry.field(
        description="The item discount group (line discounts it shares).",
        graphql_type=ItemDiscountGroup | None,
    )
    async def discount_group(
        self, root: strawberry.Parent[models.Item], info: Info
    ) -> models.ItemDiscountGroup | None:
        return await resolve.discount_group(info, root)

    @strawberry.field(
        description="The units the item is sold in, by code (the base unit among them).",
        graphql_type=list[ItemUnitOfMeasure],
    )
    async def units_of_measure(
        self, root: strawberry.Parent[models.Item], info: Info
    ) -> list[models.ItemUnitOfMeasure]:
        return await resolve.units_of_measure(info, root)

    is_type_of = served_from(models.Item)


@strawberry.input(description="Which items to list; every given criterion must hold.")
class ItemFilter:
    """Which items to list."""

    search: str | None = strawberry.field(
        default=U, description="Text contained in the description or number (case-insensitive)."
    )
    discount_group_code: str | None = strawberry.field(
        default=U, description="Only items of this item discount group."
    )
    blocked: bool | None = strawberry.field(
        default=U, description="Only blocked (true) or only unblocked (false) items."
    )


ItemOrder = order_input(
    "ItemOrder",
    resolve.SORT,
    description="One sort key for items.",
    fields="What items can be sorted by (ties broken by number).",
)


@strawberry.input(description="A new item; its base unit of measure is created with quantity 1.")
class ItemCreateInput:
    """A new item."""

    no: str | None = strawberry.field(
        default=U, description="Item number; blank = next from the number series."
    )
    description: str = strawberry.field(description="Description, 1-100 characters.")
    base_unit_of_measure: str = strawberry.field(description="Base unit code, 1-10 characters.")
    unit_price: Decimal | None = strawberry.field(
        default=U, description="List price, >= 0 with up to 5 decimals (default 0)."
    )
    discount_group_code: str | None = strawberry.field(
        default=U, description="Item discount group code."
    )
    blocked: bool | None = strawberry.field(default=U, description="Blocked item.")


@strawberry.input(description="Changes to an item; omitted fields stay, null clears.")
class ItemUpdateInput:
    """Changes to an item."""

    no: str = strawberry.field(description="Which item (the number cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")
    base_unit_of_measure: str | None = strawberry.field(
        default=U,
        description="New base unit: one of its units holding 1 base unit, or a new unit "
        "(added with quantity 1).",
    )
    unit_price: Decimal | None = strawberry.field(default=U, description="New list price.")
    discount_group_code: str | None = strawberry.field(
        default=U, description="New item discount group (null: none)."
    )
    blocked: bool | None = strawberry.field(default=U, description="Block or unblock.")


@strawberry.input(description="Add a unit of measure to an item, or change its quantity.")
class ItemUnitOfMeasureSetInput:
    """Add or change an item unit of measure."""

    item_no: str = strawberry.field(description="Which item.")
    code: str = strawberry.field(description="Unit code, 1-10 characters.")
    quantity_per_unit: Decimal = strawberry.field(
        description="Base units in one of this unit (> 0, up to 5 decimals; 1 for the base unit)."
    )


@strawberry.input(description="Remove a unit of measure (not the base unit) from an item.")
class ItemUnitOfMeasureDeleteInput:
    """Remove an item unit of measure."""

    item_no: str = strawberry.field(description="Which item.")
    code: str = strawberry.field(description="Unit code.")


@strawberry.type(description="Result of an item mutation.")
class ItemPayload:
    """Result of an item mutation."""

    item: Item | None = strawberry.field(description="The item, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating an item.")
class ItemCreatePayload(ItemPayload):
    """Result of creating an item."""


@strawberry.type(description="Result of changing an item.")
class ItemUpdatePayload(ItemPayload):
    """Result of changing an item."""


@strawberry.type(description="Result of deleting an item.")
class ItemDeletePayload(ItemPayload):
    """Result of deleting an item."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted item.")


@strawberry.type(description="Result of adding or changing an item unit of measure.")
class ItemUnitOfMeasureSetPayload:
    """Result of adding or changing an item unit of measure."""

    unit_of_measure: ItemUnitOfMeasure | None = strawberry.field(
        description="The unit, if saved (its `item` shows all units)."
    )
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of removing an item unit of measure.")
class ItemUnitOfMeasureDeletePayload(ItemUnitOfMeasureSetPayload):
    """Result of removing an item unit of measure."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the removed unit.")


@strawberry.input(description="Which item to delete (nothing may refer to it).")
class ItemDeleteInput:
    """Which item to delete."""

    no: str = strawberry.field(description="Item number.")
