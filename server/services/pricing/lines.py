"""Sales price and line discount agreements (docs/domain.md "Parties and products", C3).

A line's source says whom it is for: all customers, one customer, a customer price (or
discount) group, or a campaign. Campaign lines always carry their campaign's dates, and
follow them when the campaign's dates change, in the same transaction (C3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from tortoise.queryset import QuerySet

from server.models import (
    Campaign,
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    Item,
    ItemDiscountGroup,
    PriceLine,
    PriceSourceType,
)
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCode, ErrorCollector, NotFound
from server.services.core.storage import find
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    UNSET,
    Unset,
    clean_price,
    given,
    lookup_key,
    not_null,
)
from server.services.pricing.line_fields import (
    clean_percent,
    first_given,
    line_dates,
    line_item,
    line_source,
    line_unit,
)

L = TypeVar("L", PriceLine, DiscountLine)


@dataclass(frozen=True, kw_only=True)
class PriceLineDraft:
    """A new sales price; campaign lines take the campaign's dates (C3)."""

    item_no: str
    source_type: PriceSourceType
    source_code: str | None = None
    unit_of_measure: str | None = None
    minimum_quantity: Decimal | None = None
    unit_price: Decimal
    starting_date: dt.date | None = None
    ending_date: dt.date | None = None
    allow_line_discount: bool | None = True


@dataclass(frozen=True, kw_only=True)
class PriceLineChanges:
    """Changes to a sales price; item and source are fixed once created."""

    unit_of_measure: str | Unset | None = UNSET
    minimum_quantity: Decimal | Unset | None = UNSET
    unit_price: Decimal | Unset | None = UNSET
    starting_date: dt.date | Unset | None = UNSET
    ending_date: dt.date | Unset | None = UNSET
    allow_line_discount: bool | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class DiscountLineDraft:
    """A new line discount for an item or an item discount group."""

    type: DiscountType
    item_no: str | None = None
    item_discount_group_code: str | None = None
    source_type: DiscountSourceType
    source_code: str | None = None
    unit_of_measure: str | None = None
    minimum_quantity: Decimal | None = None
    line_discount_percent: Decimal
    starting_date: dt.date | None = None
    ending_date: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class DiscountLineChanges:
    """Changes to a line discount; what it is for and whom it is for are fixed."""

    unit_of_measure: str | Unset | None = UNSET
    minimum_quantity: Decimal | Unset | None = UNSET
    line_discount_percent: Decimal | Unset | None = UNSET
    starting_date: dt.date | Unset | None = UNSET
    ending_date: dt.date | Unset | None = UNSET


async def _placed(
    errors: ErrorCollector, draft: PriceLineDraft | DiscountLineDraft, item: Item | None
) -> tuple[str | None, Campaign | None, str | None, dt.date | None, dt.date | None]:
    """What a new line of either kind takes alike: its source (code and campaign), its unit
    and its dates (C3: a campaign line's dates are its campaign's)."""
    code, campaign = await line_source(errors, draft.source_type, draft.source_code)
    unit = await line_unit(errors, item, draft.unit_of_measure)
    given_field = first_given(
        starting_date=draft.starting_date is not None, ending_date=draft.ending_date is not None
    )
    starting, ending = line_dates(
        errors, campaign, draft.starting_date, draft.ending_date, given_field
    )
    return code, campaign, unit, starting, ending


async def _locked(model: type[L], label: str, line_id: int) -> L:
    line = await model.filter(id=line_id).select_for_update().first()
    if line is None:
        raise NotFound(label, str(line_id), ("id",))
    return line


async def _changed_unit_and_quantity(
    errors: ErrorCollector,
    changes: PriceLineChanges | DiscountLineChanges,
    item: Item | None,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(changes.unit_of_measure):
        values["unit_of_measure"] = await line_unit(errors, item, changes.unit_of_measure)
    if given(changes.minimum_quantity):
        values["minimum_quantity"] = clean_price(
            errors, changes.minimum_quantity, "minimum_quantity"
        )
    return values


async def _changed_dates(
    errors: ErrorCollector,
    changes: PriceLineChanges | DiscountLineChanges,
    line: PriceLine | DiscountLine,
) -> dict[str, Any]:
    """New dates when given; a campaign line's are its campaign's in any case (C3)."""
    campaign = await Campaign.get_or_none(id=line.campaign_id)
    given_field = first_given(
        starting_date=given(changes.starting_date), ending_date=given(changes.ending_date)
    )
    if given_field is None and campaign is None:
        return {}
    starting = changes.starting_date if given(changes.starting_date) else line.starting_date
    ending = changes.ending_date if given(changes.ending_date) else line.ending_date
    starting, ending = line_dates(errors, campaign, starting, ending, given_field)
    return {"starting_date": starting, "ending_date": ending}


async def _delete(ctx: ServiceContext, model: type[L], label: str, line_id: int) -> L:
    ctx.require(Permission.MANAGE_PRICING)
    async with transaction():
        line = await _locked(model, label, line_id)
        await line.delete()
        return line


async def create_price_line(ctx: ServiceContext, draft: PriceLineDraft) -> PriceLine:
    """Create a sales price (campaign lines dated by their campaign, C3)."""
    ctx.require(Permission.MANAGE_PRICING)
    errors = ErrorCollector()
    async with transaction():
        item = await line_item(errors, draft.item_no)
        code, campaign, unit, starting, ending = await _placed(errors, draft, item)
        price = clean_price(errors, draft.unit_price, "unit_price")
        minimum = clean_price(errors, draft.minimum_quantity, "minimum_quantity")
        allow = not_null(errors, draft.allow_line_discount, "allow_line_discount")
        errors.raise_if_any()
        return await PriceLine.create(
            item=item,
            source_type=draft.source_type,
            source_code=code,
            campaign=campaign,
            unit_of_measure=unit,
            minimum_quantity=minimum,
            unit_price=price,
            starting_date=starting,
            ending_date=ending,
            allow_line_discount=allow,
        )


async def update_price_line(
    ctx: ServiceContext, line_id: int, changes: PriceLineChanges
) -> PriceLine:
    """Change a sales price's unit, quantity, price, dates (not for campaign lines) or flag."""
    ctx.require(Permission.MANAGE_PRICING)
    errors = ErrorCollector()
    async with transaction():
        line = await _locked(PriceLine, "Price line", line_id)
        item = await Item.get(id=line.item_id)
        values = await _changed_unit_and_quantity(errors, changes, item)
        if given(changes.unit_price):
            values["unit_price"] = clean_price(
                errors, not_null(errors, changes.unit_price, "unit_price"), "unit_price"
            )
        if given(changes.allow_line_discount):
            values["allow_line_discount"] = not_null(
                errors, changes.allow_line_discount, "allow_line_discount"
            )
        values.update(await _changed_dates(errors, changes, line))
        errors.raise_if_any()
        await line.update_from_dict(values).save()
        return line


async def delete_price_line(ctx: ServiceContext, line_id: int) -> PriceLine:
    """Delete a sales price."""
    return await _delete(ctx, PriceLine, "Price line", line_id)


async def create_discount_line(ctx: ServiceContext, draft: DiscountLineDraft) -> DiscountLine:
    """Create a line discount for an item or an item discount group (C3 for campaigns)."""
    ctx.require(Permission.MANAGE_PRICING)
    errors = ErrorCollector()
    async with transaction():
        item = group = None
        if draft.type is DiscountType.ITEM:
            item = await line_item(errors, draft.item_no)
        else:
            code = draft.item_discount_group_code
            key = lookup_key(code or "")
            group = await find(ItemDiscountGroup, code=key) if 0 < len(key) <= CODE_MAX else None
            if group is None:
                errors.add(
                    ErrorCode.NOT_FOUND if key else ErrorCode.REQUIRED,
                    f"Item discount group {code!r} does not exist."
                    if key
                    else "An item discount group is required.",
                    "item_discount_group_code",
                )
        source, campaign, unit, starting, ending = await _placed(errors, draft, item)
        percent = clean_percent(errors, draft.line_discount_percent, "line_discount_percent")
        minimum = clean_price(errors, draft.minimum_quantity, "minimum_quantity")
        errors.raise_if_any()
        return await DiscountLine.create(
            type=draft.type,
            item=item,
            item_discount_group=group,
            source_type=draft.source_type,
            source_code=source,
            campaign=campaign,
            unit_of_measure=unit,
            minimum_quantity=minimum,
            line_discount_percent=percent,
            starting_date=starting,
            ending_date=ending,
        )


async def update_discount_line(
    ctx: ServiceContext, line_id: int, changes: DiscountLineChanges
) -> DiscountLine:
    """Change a line discount's unit, quantity, percentage or dates (not for campaign lines)."""
    ctx.require(Permission.MANAGE_PRICING)
    errors = ErrorCollector()
    async with transaction():
        line = await _locked(DiscountLine, "Discount line", line_id)
        item = await Item.get_or_none(id=line.item_id)
        values = await _changed_unit_and_quantity(errors, changes, item)
        if given(changes.line_discount_percent):
            values["line_discount_percent"] = clean_percent(
                errors, changes.line_discount_percent, "line_discount_percent"
            )
        values.update(await _changed_dates(errors, changes, line))
        errors.raise_if_any()
        await line.update_from_dict(values).save()
        return line


async def delete_discount_line(ctx: ServiceContext, line_id: int) -> DiscountLine:
    """Delete a line discount."""
    return await _delete(ctx, DiscountLine, "Discount line", line_id)


async def redate_campaign_lines(campaign: Campaign) -> None:
    """C3: a campaign's lines carry its dates; call in the transaction that changes them."""
    dates = {"starting_date": campaign.starting_date, "ending_date": campaign.ending_date}
    await PriceLine.filter(campaign_id=campaign.id).update(**dates)
    await DiscountLine.filter(campaign_id=campaign.id).update(**dates)


def price_lines_query(ctx: ServiceContext) -> QuerySet[PriceLine]:
    """All sales prices, unordered."""
    ctx.require(Permission.READ)
    return PriceLine.all()


def discount_lines_query(ctx: ServiceContext) -> QuerySet[DiscountLine]:
    """All line discounts, unordered."""
    ctx.require(Permission.READ)
    return DiscountLine.all()
