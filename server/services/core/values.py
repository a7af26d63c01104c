"""Input normalisation shared by every service: keys, texts, e-mails, dates, decimals.

Each cleaner returns the cleaned value, or records a field error and returns None, so one call
reports every problem of an input (docs/domain.md "Conventions of the data").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Final, TypeVar

from typing_extensions import TypeIs

from server.services.core.errors import ErrorCode, ErrorCollector

T = TypeVar("T")


class Unset(Enum):
    """Marker for "not given" in partial updates (distinct from None = clear the value)."""

    UNSET = "UNSET"


UNSET: Final = Unset.UNSET

CODE_MAX = 10
NO_MAX = 20
TEXT_MAX = 100
NOTES_MAX = 4000
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)
MONEY_MAX = Decimal("1e15")
MONEY_STEP = Decimal("0.01")
PRICE_STEP = Decimal("0.00001")
PERCENT_STEP = Decimal("0.01")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_KEY = re.compile(r"^[A-Z0-9][A-Z0-9 ._/&+-]*$")


def label(field: str) -> str:
    """'starting_date' -> 'Starting date' for messages."""
    return field.replace("_", " ").capitalize()


def clean_key(
    errors: ErrorCollector, value: str | None, field: str, *, max_length: int = CODE_MAX
) -> str | None:
    """A `code`/`no`: trimmed, upper-cased, 1..max_length letters, digits and simple marks."""
    if value is None or not value.strip():
        errors.add(ErrorCode.REQUIRED, f"{label(field)} is required.", field)
        return None
    key = value.strip().upper()
    if len(key) > max_length:
        errors.add(
            ErrorCode.TOO_LONG,
            f"{label(field)} may have at most {max_length} characters (got {len(key)}).",
            field,
        )
        return None
    if not _KEY.match(key):
        errors.add(
            ErrorCode.INVALID,
            f"{label(field)} may contain only letters, digits, spaces and . _ / & + -.",
            field,
        )
        return None
    return key


def lookup_key(value: str) -> str:
    """Normalise a key given for lookup (filters, root fields) the way keys are stored."""
    return value.strip().upper()


def storable(value: object) -> bool:
    """False for text no record can hold (NUL bytes, which PostgreSQL cannot even compare):
    a lookup for it finds nothing rather than reaching the database."""
    return not (isinstance(value, str) and "\x00" in value)


def lookup_keys(values: Iterable[str], max_length: int) -> list[str]:
    """Keys for an `in` filter, without those no record could have."""
    keys = (lookup_key(v) for v in values)
    return [k for k in keys if storable(k) and len(k) <= max_length]


def clean_text(
    errors: ErrorCollector,
    value: str | None,
    field: str,
    *,
    required: bool = True,
    max_length: int = TEXT_MAX,
    multiline: bool = False,
) -> str | None:
    """A text: trimmed, no control characters, within length; blank optional text -> None."""
    text = (value or "").strip()
    if not text:
        if required:
            errors.add(ErrorCode.REQUIRED, f"{label(field)} is required.", field)
        return None
    if (_CONTROL if multiline else _CONTROL_SINGLE_LINE).search(text):
        errors.add(ErrorCode.INVALID, f"{label(field)} contains control characters.", field)
        return None
    if len(text) > max_length:
        errors.add(
            ErrorCode.TOO_LONG,
            f"{label(field)} may have at most {max_length} characters (got {len(text)}).",
            field,
        )
        return None
    return text


def clean_email(errors: ErrorCollector, value: str | None, field: str) -> str | None:
    """An optional e-mail address, trimmed and checked for a plausible shape."""
    text = clean_text(errors, value, field, required=False, max_length=254)
    if text is not None and not _EMAIL.match(text):
        errors.add(ErrorCode.INVALID, f"{label(field)} {text!r} is not an e-mail address.", field)
        return None
    return text


def clean_date(errors: ErrorCollector, value: date | None, field: str) -> date | None:
    """An optional calendar date within 1900-01-01..2999-12-31."""
    if value is not None and not MIN_DATE <= value <= MAX_DATE:
        errors.add(
            ErrorCode.OUT_OF_RANGE,
            f"{label(field)} must be between {MIN_DATE} and {MAX_DATE}.",
            field,
        )
        return None
    return value


def _number(errors: ErrorCollector, value: Decimal, field: str) -> bool:
    """True for a finite decimal; NaN and the infinities are INVALID."""
    if value.is_finite():
        return True
    errors.add(ErrorCode.INVALID, f"{label(field)} is not a number.", field)
    return False


def _on_step(errors: ErrorCollector, value: Decimal, field: str, step: Decimal) -> Decimal | None:
    """`value` with `step`'s decimals (INVALID when it has more); callers check the range
    first, so the quantized value always fits the context's precision."""
    if value != value.quantize(step):
        places = -int(step.as_tuple().exponent)
        errors.add(ErrorCode.INVALID, f"{label(field)} may have at most {places} decimals.", field)
        return None
    return value.quantize(step)


def clean_money(
    errors: ErrorCollector, value: Decimal | None, field: str, *, default: Decimal = Decimal(0)
) -> Decimal | None:
    """An amount >= 0 with at most 2 decimals (None -> default)."""
    if value is None:
        return default
    if not _number(errors, value, field):
        return None
    if value < 0:
        errors.add(ErrorCode.OUT_OF_RANGE, f"{label(field)} may not be negative.", field)
        return None
    if value >= MONEY_MAX:
        errors.add(ErrorCode.OUT_OF_RANGE, f"{label(field)} is too large.", field)
        return None
    return _on_step(errors, value, field, MONEY_STEP)


def _decimal(
    errors: ErrorCollector, value: Decimal, field: str, *, positive: bool
) -> Decimal | None:
    """A decimal >= 0 (> 0 when `positive`), below MONEY_MAX, with at most 5 decimals."""
    if not _number(errors, value, field):
        return None
    if value < 0 or (positive and value == 0):
        bound = "greater than 0" if positive else "at least 0"
        errors.add(ErrorCode.OUT_OF_RANGE, f"{label(field)} must be {bound}.", field)
        return None
    if value >= MONEY_MAX:
        errors.add(ErrorCode.OUT_OF_RANGE, f"{label(field)} is too large.", field)
        return None
    return _on_step(errors, value, field, PRICE_STEP)


def clean_percent(errors: ErrorCollector, value: Decimal | None, field: str) -> Decimal | None:
    """A percentage 0..100 with at most 2 decimals (None -> 0), docs/domain.md "Conventions of the
    data"."""
    if value is None:
        return Decimal("0.00")
    if not _number(errors, value, field):
        return None
    if not 0 <= value <= 100:
        errors.add(ErrorCode.OUT_OF_RANGE, f"{label(field)} must be 0 to 100.", field)
        return None
    return _on_step(errors, value, field, PERCENT_STEP)


def clean_price(
    errors: ErrorCollector, value: Decimal | None, field: str, *, default: Decimal = Decimal(0)
) -> Decimal | None:
    """A unit price >= 0 with at most 5 decimals (None -> default), docs/domain.md "Conventions of
    the data"."""
    if value is None:
        return default
    return _decimal(errors, value, field, positive=False)


def clean_quantity(errors: ErrorCollector, value: Decimal | None, field: str) -> Decimal | None:
    """A required quantity > 0 with at most 5 decimals (e.g. quantity per unit of measure)."""
    if value is None:
        errors.add(ErrorCode.REQUIRED, f"{label(field)} is required.", field)
        return None
    return _decimal(errors, value, field, positive=True)


def not_null(errors: ErrorCollector, value: T | None, field: str) -> T | None:
    """A value that may be left out but not cleared: an explicit null is refused."""
    if value is None:
        errors.add(ErrorCode.REQUIRED, f"{label(field)} cannot be null.", field)
    return value


def given(value: T | Unset) -> TypeIs[T]:
    """Whether a partial-update field was supplied."""
    return value is not UNSET
