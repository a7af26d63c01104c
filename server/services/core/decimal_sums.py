"""Exact sums of decimal columns in SQL, without a float anywhere (docs/domain.md "Conventions of
the data").

PostgreSQL stores a DecimalField as `numeric`, whose SUM is exact. SQLite has no decimal type:
Tortoise stores the field as text, written by `str(Decimal)`. Values given to a model's
constructor are quantized first ("1.50"), but not every write is: a column default is stored
as "0", and a value assigned to a loaded instance and saved, or written by `QuerySet.update()`,
is stored as given ("2", "7.5", "0.125", "1E+1"). SQLite's SUM over text converts each value
to a REAL, which is not exact.

So on SQLite a *plain* text -- an optional "-", at most 18 - places digits, and optionally "."
with at most `places` digits -- is turned into an integer number of 10**-places units with
string and integer operations only (substr, instr, CAST of a digit string AS INTEGER), and
those integers are summed. SQLite sums integers exactly and raises, rather than wrapping or
turning to REAL, when a sum passes 2**63 units. Every other text is left out of that sum and
counted (`irregular_count`), so that the caller can add those few rows in Python, read exactly
as the ORM reads them (`stored_units`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from server.services.core.sql import SQLITE

#: The largest integer that every value's units, and their sum, stay below on SQLite.
_UNIT_DIGITS = 18


def _unsigned(column: str) -> str:
    return f"(CASE WHEN substr({column}, 1, 1) = '-' THEN substr({column}, 2) ELSE {column} END)"


def plain(column: str, places: int) -> str:
    """SQLite: whether the text in `column` is plain (see the module docstring)."""
    text = _unsigned(column)
    dot = f"instr({text} || '.', '.')"
    return (
        f"({text} GLOB '[0-9]*' AND {text} NOT GLOB '*[^0-9.]*' "
        f"AND {text} NOT GLOB '*.*.*' AND {text} NOT GLOB '*.{'?' * (places + 1)}*' "
        f"AND {dot} <= {_UNIT_DIGITS - places + 1})"
    )


def units(column: str, places: int) -> str:
    """SQLite: a plain text as an integer number of 10**-places units."""
    text = _unsigned(column)
    dot = f"instr({text} || '.', '.')"
    whole = f"CAST(substr({text}, 1, {dot} - 1) AS INTEGER)"
    fraction = (
        f"CAST(substr(substr({text}, {dot} + 1) || '{'0' * places}', 1, {places}) AS INTEGER)"
    )
    sign = f"(CASE WHEN substr({column}, 1, 1) = '-' THEN -1 ELSE 1 END)"
    return f"{sign} * ({whole} * {10**places} + {fraction})"


def scaled_sum(dialect: str, column: str, places: int) -> str:
    """An aggregate: the exact sum of `column` in units of 10**-decimal_places, 0 over no rows.
    On SQLite it leaves out texts that are not plain (count them with `irregular_count`)."""
    if dialect == SQLITE:
        return (
            f"COALESCE(SUM(CASE WHEN {plain(column, places)} "
            f"THEN {units(column, places)} ELSE 0 END), 0)"
        )
    return f"COALESCE(SUM({column}), 0) * {10**places}"


def irregular_count(dialect: str, columns: dict[str, int], present: str) -> str:
    """An aggregate: how many rows (those where `present` is not NULL) hold a text in one of
    `columns` that `scaled_sum` left out; always 0 on PostgreSQL."""
    if dialect != SQLITE:
        return "0"
    plain_all = " AND ".join(plain(column, places) for column, places in columns.items())
    return f"COUNT(CASE WHEN {present} IS NOT NULL AND NOT ({plain_all}) THEN 1 END)"


def sum_units(value: Any) -> int:
    """A `scaled_sum` result as an int."""
    # A whole number on both engines: an integer on SQLite, numeric at the column's scale
    # times 10**scale on PostgreSQL. A float would mean an inexact sum slipped in.
    assert not isinstance(value, float)
    return int(value)


def from_units(units: int, places: int) -> Decimal:
    """A number of 10**-places units as a Decimal with `places` decimal places."""
    return Decimal(units).scaleb(-places)


def stored_value(places: int, value: Any) -> Decimal:
    """A non-null stored value as the ORM reads it: quantized to the field's `places`, as
    Tortoise's DecimalField.to_python_value does."""
    assert value is not None
    return Decimal(value).quantize(Decimal(1).scaleb(-places))


def stored_units(places: int, value: Any) -> int:
    """A non-null stored value, read as the ORM reads it, in units of 10**-places."""
    return int(stored_value(places, value).scaleb(places))
