"""Rounding of statistics ratios (T4): exact, half up (ties away from zero)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from server.services.interactions.statistics import round_half_up


@pytest.mark.parametrize(
    ("value", "quantum", "expected"),
    [
        (Fraction(1, 3) * 100, "0.1", "33.3"),
        (Fraction(2, 3) * 100, "0.1", "66.7"),
        (Fraction(625, 100), "0.1", "6.3"),
        (Fraction(5, 200), "0.01", "0.03"),
        (Fraction(-5, 200), "0.01", "-0.03"),
        (Fraction(-1, 3), "0.01", "-0.33"),
        (Fraction(0), "0.01", "0.00"),
        (Fraction(7), "0.1", "7.0"),
        # Just below a tie, closer than 28 digits can tell: a Decimal quotient would round
        # to the tie first and then up.
        (Fraction(123005, 1000) - Fraction(1, 10**40), "0.01", "123.00"),
        (Fraction(123005, 1000), "0.01", "123.01"),
    ],
)
def test_ratios_round_half_up_exactly(value: Fraction, quantum: str, expected: str):
    assert str(round_half_up(value, Decimal(quantum))) == expected
