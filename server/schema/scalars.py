"""The custom scalars (issue 19): each is a JSON string both ways, in exactly one documented
form. Input in any other form is refused with a message naming the value and the expected
form. Python's own parsers would also take `20260101`, `2026-W01-1`, `1_000`, non-ASCII
digits, exponents or a time without offset, and each would silently mean something.

Strawberry's Date, DateTime, Time and Decimal are replaced through `SCALAR_MAP`; DateFormula
is our own. A refusal is a `StrawberryInputCoercionError` (a GraphQLError): graphql-core
prefixes it with the variable and path when it comes from a variable, and for a literal in
the document the error carries the literal's location (`_literal`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NewType, TypeVar

import strawberry
from graphql import (
    BooleanValueNode,
    FloatValueNode,
    GraphQLError,
    IntValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    print_ast,
)
from graphql.pyutils import Undefined
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

from server.services.core.dateformula import DateFormula as Formula
from server.services.core.dateformula import DateFormulaError

T = TypeVar("T")

#: RFC 3339 section 5.6 defines full-date, partial-time and date-time.
RFC_3339 = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"

#: A date formula in the language-neutral text form (docs/domain.md "Date formulas"), e.g. "CM+1D".
DateFormula = NewType("DateFormula", str)


# --- refusals --------------------------------------------------------------------------------


def _shown(value: object) -> str:
    """A refused value as the client wrote it: a string quoted, a number as a number."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def refusal(scalar: str, value: object, expected: str) -> StrawberryInputCoercionError:
    """The error for `value` given as a `scalar`: it names the value and the expected form."""
    return StrawberryInputCoercionError(
        f"Value cannot represent a {scalar}: {_shown(value)}. {expected}"
    )


def _literal(parse: Callable[[object], T]) -> Callable[..., Any]:
    """A literal parser for a scalar whose value parser is `parse`: the literal's value goes
    through `parse`, and a refusal carries the literal's location in the document."""

    def parse_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> Any:
        if isinstance(node, VariableNode):  # already coerced with the variable
            return (variables or {}).get(node.name.value, Undefined)
        value: object
        if isinstance(node, StringValueNode | BooleanValueNode):
            value = node.value
        elif isinstance(node, IntValueNode):
            value = _WrittenInt(node.value)
        elif isinstance(node, FloatValueNode):
            value = _WrittenFloat(node.value)
        else:  # a list, an object, an enum name or null
            value = _Literal(node)
        try:
            return parse(value)
        except StrawberryInputCoercionError as error:
            raise StrawberryInputCoercionError(error.message, nodes=node) from None

    return parse_literal


class _WrittenInt(int):
    """A number literal, shown in refusals as it was written (`1e3`, not `1000.0`)."""

    def __new__(cls, text: str) -> _WrittenInt:
        number = super().__new__(cls, text)
        number.text = text
        return number

    text: str

    def __str__(self) -> str:
        return self.text


class _WrittenFloat(float):
    """A number literal, shown in refusals as it was written (`1e3`, not `1000.0`)."""

    def __new__(cls, text: str) -> _WrittenFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number

    text: str

    def __str__(self) -> str:
        return self.text


class _Literal:
    """A literal that is no scalar value; shown as it was written."""

    def __init__(self, node: ValueNode) -> None:
        self.text = print_ast(node)

    def __str__(self) -> str:
        return self.text


# --- Date ------------------------------------------------------------------------------------

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_FORM = 'Expected a string "YYYY-MM-DD", e.g. "2026-03-31".'


def parse_date(value: object) -> dt.date:
    """`YYYY-MM-DD`, an existing day from 0001-01-01 to 9999-12-31."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise refusal("Date", value, _DATE_FORM)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise refusal("Date", value, f"No such day. {_DATE_FORM}") from None


#: Dates served so far and their text: answers repeat few dates many times (a dashboard shows
#: 6,000), and a lookup is a fifth of `isoformat`. Emptied past _DATES_KEPT entries.
_DATE_TEXTS: dict[dt.date, str] = {}
_DATES_KEPT = 10_000


def serialize_date(value: dt.date) -> str:
    """`YYYY-MM-DD`."""
    if type(value) is dt.date:  # most values: no subclass to check for
        text = _DATE_TEXTS.get(value)
        if text is None:
            if len(_DATE_TEXTS) >= _DATES_KEPT:
                _DATE_TEXTS.clear()
            text = _DATE_TEXTS[value] = value.isoformat()
        return text
    if isinstance(value, dt.datetime):
        raise GraphQLError(f"Date cannot represent a date and time: {value!r}")
    return value.isoformat()


DATE: ScalarDefinition = strawberry.scalar(
    name="Date",
    description='A calendar date as a string "YYYY-MM-DD" (RFC 3339 full-date, ISO 8601 '
    'extended form), e.g. "2026-03-31". Served in this form, and accepted only in it: an '
    'existing day from "0001-01-01" to "9999-12-31". Other forms ("20260331", "2026-W14-2", '
    '"2026-3-31", a date with a time) are refused.',
    specified_by_url=RFC_3339,
    serialize=serialize_date,
    parse_value=parse_date,
    parse_literal=_literal(parse_date),
)


# --- DateTime --------------------------------------------------------------------------------

_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-](0[0-9]|1[0-9]|2[0-3]):[0-5][0-9])"
)
_DATE_TIME_FORM = (
    'Expected a string "YYYY-MM-DDTHH:MM:SS", optionally with 1-6 fraction digits, then "Z" or '
    'an offset "+HH:MM"/"-HH:MM", e.g. "2027-01-31T17:30:00Z" or "2027-01-31T18:30:00+01:00".'
)


def parse_date_time(value: object) -> dt.datetime:
    """RFC 3339 date-time with an offset (required), at most microseconds; in UTC."""
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        raise refusal("DateTime", value, _DATE_TIME_FORM)
    try:
        return dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise refusal("DateTime", value, f"No such instant. {_DATE_TIME_FORM}") from None


def serialize_date_time(value: dt.datetime) -> str:
    """In UTC with microseconds: `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`. The database keeps UTC
    (server/db.py: use_tz), so a value without time zone is UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


DATE_TIME: ScalarDefinition = strawberry.scalar(
    name="DateTime",
    description="An instant as a string, RFC 3339 date-time. Served in UTC, always with six "
    'fraction digits and the offset "+00:00": "YYYY-MM-DDTHH:MM:SS.ffffff+00:00", e.g. '
    '"2026-12-06T14:05:09.250000+00:00". Input: "YYYY-MM-DDTHH:MM:SS", optionally "." and 1-6 '
    'fraction digits, then a required offset, "Z" or "+HH:MM"/"-HH:MM", e.g. '
    '"2027-01-31T17:30:00Z" or "2027-01-31T18:30:00.5+01:00" (stored as that instant in UTC). '
    'Refused: no offset (a local time is ambiguous), a space or lower-case "t"/"z", more '
    'than 6 fraction digits, a leap second ":60".',
    specified_by_url=RFC_3339,
    serialize=serialize_date_time,
    parse_value=parse_date_time,
    parse_literal=_literal(parse_date_time),
)


# --- Time ------------------------------------------------------------------------------------

_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]")
_TIME_FORM = 'Expected a string "HH:MM:SS" from "00:00:00" to "23:59:59", e.g. "09:30:00".'


def parse_time(value: object) -> dt.time:
    """`HH:MM:SS`, a time of day on the 24-hour clock without offset or fraction."""
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise refusal("Time", value, _TIME_FORM)
    return dt.time.fromisoformat(value)


def serialize_time(value: dt.time) -> str:
    """`HH:MM:SS` (what input allows; stored times are whole seconds)."""
    return value.replace(tzinfo=None).isoformat(timespec="seconds")


TIME: ScalarDefinition = strawberry.scalar(
    name="Time",
    description="A time of day on the 24-hour clock, as written where it happened (no date, "
    'no offset), as a string "HH:MM:SS" (RFC 3339 partial-time, whole seconds), e.g. '
    '"09:30:00". Served in this form, and accepted only in it, "00:00:00" to "23:59:59". '
    'Refused: "09:30", "0930", a fraction ("09:30:00.5"), an offset ("09:30:00Z").',
    specified_by_url=RFC_3339,
    serialize=serialize_time,
    parse_value=parse_time,
    parse_literal=_literal(parse_time),
)


# --- Decimal ---------------------------------------------------------------------------------

_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DECIMAL_FORM = (
    'Expected a string of digits with an optional leading "-" and decimal point, e.g. "12.50".'
)


def parse_decimal(value: object) -> Decimal:
    """A string of ASCII digits with an optional leading minus and decimal point. A number
    is refused: a JSON or GraphQL number is read as a binary float by most clients and
    parsers, which loses digits (12.50 arrives as 12.5, 12345678901234567.89 as
    12345678901234568)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise refusal(
            "Decimal",
            value,
            f'Send a Decimal as a string, e.g. "{format(Decimal(str(value)), "f")}": a number '
            "is read as a binary floating-point value, which can lose digits.",
        )
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        raise refusal("Decimal", value, _DECIMAL_FORM)
    return Decimal(value)


def serialize_decimal(value: Decimal | int) -> str:
    """Plain decimal notation with the value's own decimals, never an exponent ("0.00", not
    "0E-2"); zero has no sign."""
    if type(value) is Decimal:
        # Most amounts: `str` already writes them plainly (no exponent, not NaN or Infinity,
        # whose texts hold an "n"); only a negative zero loses its sign. A dashboard
        # serializes thousands: this is a third of the general way's time.
        text = str(value)
        if "E" not in text and "n" not in text and "N" not in text:
            return text[1:] if text[0] == "-" and not value else text
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise GraphQLError(f"Decimal cannot represent a {type(value).__name__}: {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise GraphQLError(f"Decimal cannot represent {number}")
    if number.is_zero():
        number = abs(number)
    return format(number, "f")


DECIMAL: ScalarDefinition = strawberry.scalar(
    name="Decimal",
    description="An exact decimal number as a string, both ways. Served in plain notation "
    'with the amount\'s own decimals and never an exponent, e.g. "12.50", "-3.00", "0.00000". '
    'Input: ASCII digits with an optional leading "-" and decimal point, e.g. "12.5", "-3", '
    '"0.125" (a field may allow fewer decimals: its payload says so). A number (JSON 12.5 in '
    "variables, or 12.5 written in the document) is refused with an error asking for a "
    'string, because binary floating point loses digits. Also refused: exponents, "+", '
    'spaces, underscores, "1." or ".5", non-ASCII digits.',
    serialize=serialize_decimal,
    parse_value=parse_decimal,
    parse_literal=_literal(parse_decimal),
)


# --- DateFormula -----------------------------------------------------------------------------


def _parse_formula(value: object) -> str:
    """Valid formulas arrive in their neutral form ("<cm+1d>" -> "CM+1D"). A malformed text
    is passed on as given: the mutation reports it in its payload as DATE_FORMULA_INVALID with
    the field path and the offending part, like every other bad input, and changes nothing."""
    if not isinstance(value, str):
        raise refusal("DateFormula", value, 'Expected a string, e.g. "CM+1D".')
    try:
        return str(Formula.parse(value))
    except DateFormulaError:
        return value


DATE_FORMULA: ScalarDefinition = strawberry.scalar(
    name="DateFormula",
    description='A date formula as a string, e.g. "CM+1D" (end of the current month plus one '
    "day): 0-3 terms from a reference date, in the language-neutral form, with or without "
    "angle brackets. Units D, WD, W, M, Q, Y; `<n><unit>` moves, `<unit><n>` is positional, "
    "`C<unit>` is the current period's end (start with a minus). Blank means the reference "
    'date. Served in neutral form without brackets ("<cm+1d>" is served as "CM+1D"); a '
    "malformed formula given to a mutation comes back in its errors as DATE_FORMULA_INVALID "
    "naming the offending part; a value that is not a string is refused.",
    serialize=str,
    parse_value=_parse_formula,
    parse_literal=_literal(_parse_formula),
)

#: Handed to StrawberryConfig(scalar_map=...).
SCALAR_MAP: dict[object, ScalarDefinition] = {
    DateFormula: DATE_FORMULA,
    dt.date: DATE,
    dt.datetime: DATE_TIME,
    dt.time: TIME,
    Decimal: DECIMAL,
}
