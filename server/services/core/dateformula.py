"""Date formulas (docs/domain.md "Date formulas"): parse once, evaluate against any reference date,
render back to the language-neutral text. Pure: no database, no clock.

    >>> DateFormula.parse("<cq+1m-10d>").evaluate(date(1996, 5, 21))
    datetime.date(1996, 7, 20)

A term is `<n><unit>` (move), `<unit><n>` (positional: the next such day, strictly after the
date; with `-` the previous one, strictly before) or `C<unit>` (the end of the current unit; with
`-` its start). Units: D day, WD weekday (Monday = 1), W week (Monday-Sunday), M month,
Q quarter, Y year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

MAX_TERMS = 3
MAX_NUMBER = 9999
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)

_TERM = re.compile(r"([+-]?)([A-Z0-9]*)")
_MOVE = re.compile(r"^(\d+)(WD|D|W|M|Q|Y)$")
_POSITION = re.compile(r"^(WD|D|W|M|Q|Y)(\d+)$")
_CURRENT = re.compile(r"^C(WD|D|W|M|Q|Y)$")
_TERM_START = re.compile(r"[+-]")


class Unit(Enum):
    """What a term counts in."""

    DAY = "D"
    WEEKDAY = "WD"
    WEEK = "W"
    MONTH = "M"
    QUARTER = "Q"
    YEAR = "Y"


class Kind(Enum):
    """How a term moves the date."""

    MOVE = "move"
    POSITION = "position"
    CURRENT = "current"


class DateFormulaError(ValueError):
    """A formula that cannot be parsed or evaluated; `part` is the offending text."""

    def __init__(self, message: str, part: str) -> None:
        super().__init__(message)
        self.message = message
        self.part = part


#: The largest position each positional unit has.
_POSITION_MAX = {Unit.DAY: 31, Unit.WEEKDAY: 7, Unit.WEEK: 53, Unit.MONTH: 12, Unit.QUARTER: 4}


@dataclass(frozen=True)
class Term:
    """One step of a formula."""

    forward: bool
    kind: Kind
    unit: Unit
    number: int = 0

    def render(self, first: bool) -> str:
        """The neutral text of this term (a leading `+` is dropped on the first term)."""
        sign = "" if first and self.forward else ("+" if self.forward else "-")
        if self.kind is Kind.MOVE:
            return f"{sign}{self.number}{self.unit.value}"
        if self.kind is Kind.POSITION:
            return f"{sign}{self.unit.value}{self.number}"
        return f"{sign}C{self.unit.value}"

    def apply(self, day: date) -> date:
        """The date this term leads to from `day`."""
        if self.kind is Kind.MOVE:
            return _move(day, self.unit, self.number if self.forward else -self.number)
        if self.kind is Kind.CURRENT:
            return _current(day, self.unit, end=self.forward)
        return _position(day, self.unit, self.number, forward=self.forward)


@dataclass(frozen=True)
class DateFormula:
    """A parsed formula: 0-3 terms applied left to right."""

    terms: tuple[Term, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> DateFormula:
        """Parse the neutral form, with or without angle brackets; blank is the empty formula."""
        raw = (text or "").strip()
        if raw.startswith("<") and raw.endswith(">"):
            raw = raw[1:-1].strip()
        source = raw.upper()
        if not source:
            return cls()
        if re.search(r"\s", source):
            raise DateFormulaError(f"Date formula {raw!r} may not contain spaces.", raw)
        pieces = _split(source)
        if len(pieces) > MAX_TERMS:
            raise DateFormulaError(
                f"A date formula has at most {MAX_TERMS} terms; {raw!r} has {len(pieces)}.", raw
            )
        return cls(tuple(_parse_term(piece) for piece in pieces))

    def evaluate(self, reference: date) -> date:
        """The date the formula gives from `reference` (1900-01-01..2999-12-31)."""
        day = reference
        for index, term in enumerate(self.terms):
            try:
                day = term.apply(day)
            except (OverflowError, ValueError):
                day = MAX_DATE + timedelta(days=1)
            if not MIN_DATE <= day <= MAX_DATE:
                part = term.render(index == 0)
                raise DateFormulaError(
                    f"Date formula {self} leaves the allowed dates at {part!r}.", part
                )
        return day

    def __str__(self) -> str:
        return "".join(term.render(index == 0) for index, term in enumerate(self.terms))


def _split(source: str) -> list[str]:
    """Cut the text before every sign except a leading one."""
    starts = [0] + [m.start() for m in _TERM_START.finditer(source) if m.start() > 0]
    return [source[a:b] for a, b in zip(starts, [*starts[1:], len(source)], strict=True)]


def _parse_term(piece: str) -> Term:
    sign, body = piece[0] if piece[0] in "+-" else "", piece.lstrip("+-")
    if not body:
        raise DateFormulaError(f"{piece!r} is a sign without a term.", piece)
    forward = sign != "-"
    if match := _CURRENT.match(body):
        return Term(forward, Kind.CURRENT, Unit(match.group(1)))
    if match := _MOVE.match(body):
        unit = Unit(match.group(2))
        if unit is Unit.WEEKDAY:
            raise DateFormulaError(
                f"{piece!r}: weekdays are positions (WD1 = next Monday), not amounts.", piece
            )
        number = _number(piece, match.group(1), MAX_NUMBER)
        return Term(forward, Kind.MOVE, unit, number)
    if match := _POSITION.match(body):
        unit, digits = Unit(match.group(1)), match.group(2)
        if unit is Unit.YEAR:
            raise DateFormulaError(
                f"{piece!r}: years have no positions; use a number of years (1Y) or CY.", piece
            )
        number = _number(piece, digits, _POSITION_MAX[unit])
        if number < 1:
            raise DateFormulaError(f"{piece!r}: positions start at 1.", piece)
        return Term(forward, Kind.POSITION, unit, number)
    raise DateFormulaError(
        f"{piece!r} is not a term: use a number and a unit (1M), a unit and a position (WD2) or "
        "C and a unit (CM), with units D, WD, W, M, Q, Y.",
        piece,
    )


def _number(piece: str, digits: str, maximum: int) -> int:
    """The number the digits say, exactly: leading zeros are only zeros (`0001D` is `1D`), and a
    number over `maximum` is refused however many digits it has (none is cut off)."""
    significant = digits.lstrip("0") or "0"
    if len(significant) > len(str(maximum)) or int(significant) > maximum:
        raise DateFormulaError(f"{piece!r}: the number may be at most {maximum}.", piece)
    return int(significant)


def _add_months(day: date, months: int) -> date:
    """Add months keeping the day number, clamped to the target month's last day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _move(day: date, unit: Unit, amount: int) -> date:
    if unit is Unit.DAY:
        return day + timedelta(days=amount)
    if unit is Unit.WEEK:
        return day + timedelta(weeks=amount)
    months = {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}[unit]
    return _add_months(day, amount * months)


def _current(day: date, unit: Unit, *, end: bool) -> date:
    if unit in (Unit.DAY, Unit.WEEKDAY):
        return day
    if unit is Unit.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday + timedelta(days=6) if end else monday
    months = {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}[unit]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    if not end:
        return start
    return _add_months(start, months) - timedelta(days=1)


def _position(day: date, unit: Unit, number: int, *, forward: bool) -> date:
    """The next (or previous) date at `number` of `unit`, strictly after (before) `day`."""
    step = timedelta(days=1 if forward else -1)
    candidate = day + step
    # A position recurs at least once every 4 years (the 29th of February, ISO week 53), so
    # the walk is bounded; it jumps by whole candidates, not by days, for the coarse units.
    for _ in range(5 * 366):
        if _matches(candidate, unit, number):
            return candidate
        candidate = _next_candidate(candidate, unit, forward)
    raise DateFormulaError(f"No date has {unit.value}{number}.", f"{unit.value}{number}")


def _matches(day: date, unit: Unit, number: int) -> bool:
    if unit is Unit.DAY:
        return day.day == number
    if unit is Unit.WEEKDAY:
        return day.isoweekday() == number
    if unit is Unit.WEEK:
        return day.isoweekday() == 1 and day.isocalendar().week == number
    if unit is Unit.MONTH:
        return day.day == 1 and day.month == number
    return day.day == 1 and day.month == (number - 1) * 3 + 1


def _next_candidate(day: date, unit: Unit, forward: bool) -> date:
    if unit in (Unit.DAY, Unit.WEEKDAY):
        return day + timedelta(days=1 if forward else -1)
    if unit is Unit.WEEK:
        monday = day - timedelta(days=day.weekday())
        if forward:
            return monday + timedelta(weeks=1)
        return monday - timedelta(weeks=1) if monday == day else monday
    first = date(day.year, day.month, 1)
    if forward:
        return _add_months(first, 1)
    return first if first != day else _add_months(first, -1)
