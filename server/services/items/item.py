"""Items with their list price and units of measure (docs/domain.md "Parties and products").

Every item has its base unit of measure among its units, always with quantity 1: it is
created with the item, cannot be deleted, and its quantity cannot change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tortoise.queryset import QuerySet

from server.models import Item, ItemDiscountGroup, ItemUnitOfMeasure
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.numbering import next_no
from server.services.core.storage import (
    create_unique,
    delete_unreferenced,
    find,
    get_locked,
    matching,
)
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    NO_MAX,
    UNSET,
    Unset,
    clean_key,
    clean_price,
    clean_quantity,
    clean_text,
    given,
    lookup_key,
    not_null,
    storable,
)
from server.services.pricing.groups import existing_group

ONE = Decimal(1)


@dataclass(frozen=True, kw_only=True)
class ItemDraft:
    """Input for a new item; a blank `no` is drawn from the ITEM number series."""

    no: str | None = None
    description: str
    base_unit_of_measure: str
    unit_price: Decimal | None = None
    discount_group_code: str | None = None
    blocked: bool | None = False


@dataclass(frozen=True, kw_only=True)
class ItemChanges:
    """Partial update of an item; None clears an optional value, UNSET leaves it."""

    description: str | Unset | None = UNSET
    base_unit_of_measure: str | Unset | None = UNSET
    unit_price: Decimal | Unset | None = UNSET
    discount_group_code: str | Unset | None = UNSET
    blocked: bool | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class ItemFilter:
    """Which items to list; every given criterion must hold, None means "any"."""

    #: Text contained in the description or number, ignoring case.
    search: str | None = None
    discount_group_code: str | None = None
    blocked: bool | None = None


async def _values(errors: ErrorCollector, data: ItemDraft | ItemChanges) -> dict[str, object]:
    values: dict[str, object] = {}
    if given(data.description):
        values["description"] = clean_text(errors, data.description, "description")
    if given(data.base_unit_of_measure):
        values["base_unit_of_measure"] = clean_key(
            errors, data.base_unit_of_measure, "base_unit_of_measure", max_length=CODE_MAX
        )
    if given(data.unit_price):
        if isinstance(data, ItemChanges) and data.unit_price is None:
            errors.add(ErrorCode.REQUIRED, "Unit price cannot be null.", "unit_price")
        else:
            values["unit_price"] = clean_price(errors, data.unit_price, "unit_price")
    if given(data.blocked):
        values["blocked"] = not_null(errors, data.blocked, "blocked")
    if given(data.discount_group_code):
        group = await existing_group(
            errors, ItemDiscountGroup, data.discount_group_code, "discount_group_code"
        )
        values["discount_group_id"] = group.id if group else None
    return values


async def _check_base(errors: ErrorCollector, item: Item, code: str) -> None:
    """The new base unit must hold exactly 1 base unit; it is added if the item lacks it."""
    unit = await ItemUnitOfMeasure.get_or_none(item_id=item.id, code=code)
    if unit is not None and unit.quantity_per_unit != ONE:
        errors.add(
            ErrorCode.BASE_UNIT_OF_MEASURE,
            f"Unit {code} holds {unit.quantity_per_unit.normalize()} base units; the base "
            "unit must hold 1.",
            "base_unit_of_measure",
        )


async def create_item(ctx: ServiceContext, draft: ItemDraft) -> Item:
    """Create an item (`no` from the ITEM series if blank) with its base unit (quantity 1);
    unit price >= 0 with at most 5 decimals."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    no = (draft.no or "").strip() and clean_key(errors, draft.no, "no", max_length=NO_MAX)
    async with transaction():
        values = await _values(errors, draft)
        errors.raise_if_any()
        if not no:
            no = await next_no("ITEM", taken=lambda n: Item.exists(no=n))
        item = await create_unique(Item, "Item", "no", no=no, **values)
        await ItemUnitOfMeasure.create(
            item=item, code=item.base_unit_of_measure, quantity_per_unit=ONE
        )
        return item


async def update_item(ctx: ServiceContext, no: str, changes: ItemChanges) -> Item:
    """Change an item; a new base unit must be one of its units with quantity 1 (or is
    added with quantity 1)."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    async with transaction():
        item = await get_locked(Item, "Item", "no", no=lookup_key(no))
        values = await _values(errors, changes)
        base = values.get("base_unit_of_measure")
        if isinstance(base, str):
            await _check_base(errors, item, base)
        errors.raise_if_any()
        await item.update_from_dict(values).save()
        if isinstance(base, str):
            await ItemUnitOfMeasure.get_or_create(
                item_id=item.id, code=base, defaults={"quantity_per_unit": ONE}
            )
        return item


async def delete_item(ctx: ServiceContext, no: str) -> Item:
    """Delete an item nothing refers to; its units of measure go with it."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        item = await get_locked(Item, "Item", "no", no=lookup_key(no))
        await delete_unreferenced(item, "Item", item.no, ignore=frozenset({"units_of_measure"}))
        return item


async def set_unit_of_measure(
    ctx: ServiceContext, item_no: str, code: str, quantity_per_unit: Decimal | None
) -> ItemUnitOfMeasure:
    """Add a unit of measure to an item or change how many base units it holds (> 0, at most
    5 decimals); the base unit's quantity stays 1."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    key = clean_key(errors, code, "code", max_length=CODE_MAX)
    quantity = clean_quantity(errors, quantity_per_unit, "quantity_per_unit")
    async with transaction():
        item = await get_locked(Item, "Item", "item_no", no=lookup_key(item_no))
        if key == item.base_unit_of_measure and quantity is not None and quantity != ONE:
            errors.add(
                ErrorCode.BASE_UNIT_OF_MEASURE,
                f"{key} is the base unit of item {item.no}; it always holds 1.",
                "quantity_per_unit",
            )
        errors.raise_if_any()
        assert key is not None  # or an error was recorded
        assert quantity is not None
        unit, created = await ItemUnitOfMeasure.get_or_create(
            item_id=item.id, code=key, defaults={"quantity_per_unit": quantity}
        )
        if not created:
            unit.quantity_per_unit = quantity
            await unit.save()
        return unit


async def delete_unit_of_measure(ctx: ServiceContext, item_no: str, code: str) -> ItemUnitOfMeasure:
    """Remove a unit of measure from an item; the base unit cannot be removed."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        item = await get_locked(Item, "Item", "item_no", no=lookup_key(item_no))
        key = lookup_key(code)
        unit = await find(ItemUnitOfMeasure, item_id=item.id, code=key)
        if unit is None:
            raise DomainError(
                ErrorCode.NOT_FOUND, f"Item {item.no} has no unit {code!r}.", ("code",)
            )
        if key == item.base_unit_of_measure:
            raise DomainError(
                ErrorCode.BASE_UNIT_OF_MEASURE,
                f"{key} is the base unit of item {item.no} and cannot be removed.",
                ("code",),
            )
        await unit.delete()
        return unit


async def item_by_no(ctx: ServiceContext, no: str) -> Item | None:
    """One item by its number, or None."""
    ctx.require(Permission.READ)
    return await find(Item, no=lookup_key(no))


async def units_of_items(
    ctx: ServiceContext, item_ids: Sequence[int]
) -> dict[int, list[ItemUnitOfMeasure]]:
    """The units of measure of several items at once, by item id, ordered by code."""
    ctx.require(Permission.READ)
    found: dict[int, list[ItemUnitOfMeasure]] = {}
    for unit in await ItemUnitOfMeasure.filter(item_id__in=list(item_ids)).order_by("code"):
        found.setdefault(unit.item_id, []).append(unit)
    return found


def items_query(ctx: ServiceContext, criteria: ItemFilter) -> QuerySet[Item]:
    """The items matching `criteria`, unordered; impossible values match nothing."""
    ctx.require(Permission.READ)
    query = Item.all()
    if code := (criteria.discount_group_code or "").strip().upper():
        ok = storable(code) and len(code) <= CODE_MAX
        query = query.filter(discount_group__code=code) if ok else query.filter(id__in=[])
    query = matching(query, criteria.search, "description", "no")
    if criteria.blocked is not None:
        query = query.filter(blocked=criteria.blocked)
    return query
