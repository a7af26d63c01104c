"""Custom scalars, and Strawberry's Date and Decimal made strict: each accepts only the form
its description documents (Python's own parsers also take `20260101`, `2026-W01-1`, `1_000`,
non-ASCII digits and exponents, which would silently mean something)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import NewType

import strawberry
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

from server.services.core.dateformula import DateFormula as Formula
from server.services.core.dateformula import DateFormulaError

#: A date formula in the language-neutral text form (DOMAIN section 4), e.g. "CM+1D".
DateFormula = NewType("DateFormula", str)


def _serialize(value: object) -> str:
    return str(value)


def _parse(value: object) -> str:
    """Valid formulas arrive in their neutral form ("<cm+1d>" -> "CM+1D"). A malformed text
    is passed on as given: the mutation reports it in its payload as DATE_FORMULA_INVALID with
    the field path and the offending part, like every other bad input, and changes nothing."""
    if not isinstance(value, str):
        raise TypeError(f"A date formula is a string such as 'CM+1D', not {value!r}.")
    try:
        return str(Formula.parse(value))
    except DateFormulaError:
        return value


DATE_FORMULA: ScalarDefinition = strawberry.scalar(
    name="DateFormula",
    description='A date formula, e.g. "CM+1D" (end of the current month plus one day): 0-3 '
    "terms from a reference date, in the language-neutral form, with or without angle "
    "brackets. Units D, WD, W, M, Q, Y; `<n><unit>` moves, `<unit><n>` is positional, "
    "`C<unit>` is the current period's end (start with a minus). Blank means the reference "
    "date. Served in neutral form; a malformed formula given to a mutation comes back in its "
    "errors as DATE_FORMULA_INVALID naming the offending part.",
    serialize=_serialize,
    parse_value=_parse,
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _parse_date(value: object) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise StrawberryInputCoercionError(
            f'Value cannot represent a Date: "{value}". Expected YYYY-MM-DD, e.g. "2026-03-31".'
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StrawberryInputCoercionError(
            f'Value cannot represent a Date: "{value}". No such day.'
        ) from None


def _parse_decimal(value: object) -> Decimal:
    text = str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _DECIMAL.fullmatch(text):
        raise StrawberryInputCoercionError(
            f'Value cannot represent a Decimal: "{value}". Expected digits with an optional '
            'minus sign and decimal point, e.g. "12.50".'
        )
    return Decimal(text)


DATE: ScalarDefinition = strawberry.scalar(
    name="Date",
    description='A calendar date in ISO 8601 extended form, YYYY-MM-DD (e.g. "2026-03-31"); '
    "no other form is accepted.",
    serialize=dt.date.isoformat,
    parse_value=_parse_date,
)

DECIMAL: ScalarDefinition = strawberry.scalar(
    name="Decimal",
    description='An exact decimal number, served as a string (e.g. "12.50"). Input: a string '
    'of digits with an optional leading minus and decimal point ("12.5", "-3"); a JSON number '
    "is read by its decimal text; exponents, underscores, spaces and non-ASCII digits are "
    "refused.",
    serialize=str,
    parse_value=_parse_decimal,
)

#: Handed to StrawberryConfig(scalar_map=...).
SCALAR_MAP: dict[object, ScalarDefinition] = {
    DateFormula: DATE_FORMULA,
    dt.date: DATE,
    Decimal: DECIMAL,
}
