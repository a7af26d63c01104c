"""Custom scalars beyond Strawberry's own (Date, DateTime and Decimal are built in)."""

from __future__ import annotations

from typing import NewType

import strawberry
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

#: Handed to StrawberryConfig(scalar_map=...).
SCALAR_MAP: dict[object, ScalarDefinition] = {DateFormula: DATE_FORMULA}
