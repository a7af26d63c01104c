"""Checking the fields of price and discount lines (docs/domain.md "Parties and products", C3): each
function reports its problems to the collector, naming the field, and answers the clean value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from server.models import (
    Campaign,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    DiscountSourceType,
    Item,
    ItemUnitOfMeasure,
    PriceSourceType,
)
from server.services.core.errors import ErrorCode, ErrorCollector
from server.services.core.storage import find
from server.services.core.values import CODE_MAX, NO_MAX, clean_date, label, lookup_key

PERCENT_STEP = Decimal("0.01")


def clean_percent(errors: ErrorCollector, value: Decimal | None, field: str) -> Decimal | None:
    """A discount percentage: 0 < p <= 100 with at most 2 decimals."""
    if value is None:
        errors.add(ErrorCode.REQUIRED, f"{label(field)} is required.", field)
        return None
    try:
        if not value.is_finite() or value != value.quantize(PERCENT_STEP):
            raise InvalidOperation
    except InvalidOperation:
        errors.add(ErrorCode.INVALID, f"{label(field)} must be a number with 2 decimals.", field)
        return None
    if not Decimal(0) < value <= Decimal(100):
        errors.add(
            ErrorCode.OUT_OF_RANGE, f"{label(field)} must be above 0 and at most 100.", field
        )
        return None
    return value.quantize(PERCENT_STEP)


async def line_source(
    errors: ErrorCollector, kind: PriceSourceType | DiscountSourceType, code: str | None
) -> tuple[str | None, Campaign | None]:
    """Resolve a source: (stored code, campaign for campaign lines)."""
    if kind.value == "ALL_CUSTOMERS":
        if code and code.strip():
            errors.add(ErrorCode.INVALID, "All-customer lines have no source code.", "source_code")
        return None, None
    if not code or not code.strip():
        errors.add(ErrorCode.REQUIRED, f"A {kind.value} line needs a source code.", "source_code")
        return None, None
    key = lookup_key(code)
    models: dict[str, tuple[Any, str, int]] = {
        "CUSTOMER": (Customer, "no", NO_MAX),
        "CUSTOMER_PRICE_GROUP": (CustomerPriceGroup, "code", CODE_MAX),
        "CUSTOMER_DISCOUNT_GROUP": (CustomerDiscountGroup, "code", CODE_MAX),
        "CAMPAIGN": (Campaign, "no", NO_MAX),
    }
    model, field, longest = models[kind.value]
    found = await find(model, **{field: key}) if len(key) <= longest else None
    if found is None:
        errors.add(
            ErrorCode.NOT_FOUND,
            f"{kind.value.replace('_', ' ').capitalize()} {code!r} does not exist.",
            "source_code",
        )
        return None, None
    return key, found if isinstance(found, Campaign) else None


async def line_unit(errors: ErrorCollector, item: Item | None, code: str | None) -> str | None:
    """Blank (any unit) or one of the item's units of measure."""
    if code is None or not code.strip():
        return None
    key = lookup_key(code)
    if item is None:
        errors.add(ErrorCode.INVALID, "Only item lines have a unit of measure.", "unit_of_measure")
        return None
    if not await ItemUnitOfMeasure.exists(item_id=item.id, code=key):
        errors.add(
            ErrorCode.NOT_FOUND,
            f"Item {item.no} has no unit of measure {code!r}.",
            "unit_of_measure",
        )
    return key


def line_dates(
    errors: ErrorCollector,
    campaign: Campaign | None,
    starting: dt.date | None,
    ending: dt.date | None,
    given_field: str | None,
) -> tuple[dt.date | None, dt.date | None]:
    """C3: a campaign line's dates are the campaign's (a date given for one, named by
    `given_field`, is refused); others are checked and ordered."""
    if campaign is not None:
        if given_field is not None:
            errors.add(
                ErrorCode.IMMUTABLE,
                f"Campaign lines take campaign {campaign.no}'s dates; change the campaign instead.",
                given_field,
            )
        return campaign.starting_date, campaign.ending_date
    starting = clean_date(errors, starting, "starting_date")
    ending = clean_date(errors, ending, "ending_date")
    if starting and ending and starting > ending:
        errors.add(ErrorCode.INVALID, "The starting date is after the ending date.", "ending_date")
    return starting, ending


async def line_item(errors: ErrorCollector, no: str | None, field: str = "item_no") -> Item | None:
    if not no or not no.strip():
        errors.add(ErrorCode.REQUIRED, "An item is required.", field)
        return None
    item = await find(Item, no=lookup_key(no)) if len(no.strip()) <= NO_MAX else None
    if item is None:
        errors.add(ErrorCode.NOT_FOUND, f"Item {no!r} does not exist.", field)
    return item


def first_given(**fields: bool) -> str | None:
    """The name of the first field given, if any."""
    return next((name for name, present in fields.items() if present), None)
