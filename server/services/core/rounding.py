"""Exact rounding of money and ratios: half up (ties away from zero), no float anywhere."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction, quantum: Decimal) -> Decimal:
    """`value` rounded to a multiple of `quantum`, ties away from zero (ROUND_HALF_UP), exactly."""
    steps = value / Fraction(quantum)
    whole, rest = divmod(abs(steps.numerator), steps.denominator)
    if 2 * rest >= steps.denominator:
        whole += 1
    exponent = quantum.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(whole if steps >= 0 else -whole).scaleb(exponent)
