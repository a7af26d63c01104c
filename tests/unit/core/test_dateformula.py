"""Date formulas (docs/domain.md "Date formulas"): a table of cases, properties, and refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.services.core.dateformula import DateFormula, DateFormulaError

TUE = date(1996, 5, 21)  # a Tuesday
WED = date(2018, 1, 10)  # a Wednesday
LEAP = date(2024, 1, 31)
NOT_LEAP = date(2023, 1, 31)

CASES = [
    # --- every example of docs/domain.md "Date formulas" ---
    (TUE, "CQ+1M-10D", date(1996, 7, 20)),
    (TUE, "-WD2", date(1996, 5, 14)),
    (TUE, "CM+30D", date(1996, 6, 30)),
    (WED, "", date(2018, 1, 10)),
    (WED, "0D", date(2018, 1, 10)),
    (WED, "1W", date(2018, 1, 17)),
    (WED, "CM+1D", date(2018, 2, 1)),
    (WED, "1M", date(2018, 2, 10)),
    (WED, "CW", date(2018, 1, 14)),
    (WED, "-CM", date(2018, 1, 1)),
    (WED, "2D", date(2018, 1, 12)),
    # --- brackets, case, signs ---
    (WED, "<CM+1D>", date(2018, 2, 1)),
    (WED, "cm+1d", date(2018, 2, 1)),
    (WED, " <1w> ", date(2018, 1, 17)),
    (WED, "+1D", date(2018, 1, 11)),
    (WED, "-1D", date(2018, 1, 9)),
    (WED, "-2W", date(2017, 12, 27)),
    (WED, "+CW", date(2018, 1, 14)),
    (WED, "-CW", date(2018, 1, 8)),
    # --- month-end clamping and leap years ---
    (LEAP, "1M", date(2024, 2, 29)),
    (NOT_LEAP, "1M", date(2023, 2, 28)),
    (date(2024, 3, 31), "-1M", date(2024, 2, 29)),
    (date(2024, 2, 29), "1Y", date(2025, 2, 28)),
    (date(2024, 2, 29), "4Y", date(2028, 2, 29)),
    (date(2024, 2, 29), "-1Y", date(2023, 2, 28)),
    (date(2023, 8, 31), "1Q", date(2023, 11, 30)),
    (date(2023, 11, 30), "-1Q", date(2023, 8, 30)),
    (date(2023, 5, 31), "1M+1M", date(2023, 7, 30)),
    (date(2023, 12, 31), "2M", date(2024, 2, 29)),
    (date(2024, 1, 15), "CM", date(2024, 1, 31)),
    (date(2024, 2, 10), "CM", date(2024, 2, 29)),
    (date(2023, 2, 10), "CM", date(2023, 2, 28)),
    # --- current quarter / year / day ---
    (date(2024, 5, 15), "CQ", date(2024, 6, 30)),
    (date(2024, 5, 15), "-CQ", date(2024, 4, 1)),
    (date(2024, 12, 31), "CQ", date(2024, 12, 31)),
    (date(2024, 1, 1), "-CQ", date(2024, 1, 1)),
    (date(2024, 5, 15), "CY", date(2024, 12, 31)),
    (date(2024, 5, 15), "-CY", date(2024, 1, 1)),
    (date(2024, 5, 15), "CD", date(2024, 5, 15)),
    (date(2024, 5, 15), "-CD", date(2024, 5, 15)),
    # --- weeks crossing years (weeks run Monday-Sunday) ---
    (date(2020, 12, 31), "CW", date(2021, 1, 3)),
    (date(2021, 1, 1), "-CW", date(2020, 12, 28)),
    (date(2019, 12, 30), "CW", date(2020, 1, 5)),
    (date(2021, 12, 27), "1W", date(2022, 1, 3)),
    (date(2022, 1, 2), "-1W", date(2021, 12, 26)),
    (date(2020, 12, 20), "W53", date(2020, 12, 28)),
    (date(2021, 6, 1), "W1", date(2022, 1, 3)),
    (date(2021, 6, 1), "-W1", date(2021, 1, 4)),
    # --- positional terms: strictly forward, or strictly backward with - ---
    (WED, "WD3", date(2018, 1, 17)),  # on a Wednesday, the NEXT Wednesday: 7 days later
    (WED, "-WD3", date(2018, 1, 3)),
    (WED, "WD1", date(2018, 1, 15)),
    (WED, "WD7", date(2018, 1, 14)),
    (WED, "-WD1", date(2018, 1, 8)),
    (TUE, "D15", date(1996, 6, 15)),
    (TUE, "D21", date(1996, 6, 21)),  # on the 21st, the next 21st
    (TUE, "D25", date(1996, 5, 25)),
    (TUE, "-D25", date(1996, 4, 25)),
    (date(2023, 1, 31), "D30", date(2023, 3, 30)),  # February has no 30th
    (date(2023, 3, 1), "-D31", date(2023, 1, 31)),
    (date(2023, 1, 1), "D29", date(2023, 1, 29)),
    (date(2023, 2, 1), "D29", date(2023, 3, 29)),
    (date(2024, 2, 1), "D29", date(2024, 2, 29)),
    (WED, "M3", date(2018, 3, 1)),
    (WED, "M1", date(2019, 1, 1)),
    (date(2018, 1, 1), "-M1", date(2017, 1, 1)),
    (WED, "-M1", date(2018, 1, 1)),
    (WED, "Q2", date(2018, 4, 1)),
    (WED, "Q1", date(2019, 1, 1)),
    (WED, "-Q1", date(2018, 1, 1)),
    (date(2018, 4, 1), "-Q2", date(2017, 4, 1)),
    # --- negative and three-term formulas ---
    (WED, "-CM-1D", date(2017, 12, 31)),
    (WED, "CM+1D+CW", date(2018, 2, 4)),
    (WED, "-1Y+CM-WD5", date(2017, 1, 27)),
    (WED, "1Q-CQ+14D", date(2018, 4, 15)),
    (WED, "-CY-1D+D1", date(2018, 1, 1)),
    (date(1996, 2, 29), "CY-1Y+1D", date(1996, 1, 1)),
]


@pytest.mark.parametrize(("reference", "formula", "expected"), CASES, ids=lambda v: str(v))
def test_formulas_evaluate_as_specified(reference: date, formula: str, expected: date):
    assert DateFormula.parse(formula).evaluate(reference) == expected


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    ("text", "neutral"),
    [
        ("<cm+1d>", "CM+1D"),
        ("+1W", "1W"),
        ("-CM", "-CM"),
        ("wd2", "WD2"),
        ("", ""),
        ("<>", ""),
        ("1q-cq+14d", "1Q-CQ+14D"),
    ],
)
def test_formulas_render_to_the_neutral_form(text: str, neutral: str):
    formula = DateFormula.parse(text)

    assert str(formula) == neutral
    assert DateFormula.parse(str(formula)) == formula


@pytest.mark.parametrize(
    ("text", "part", "words"),
    [
        ("1X", "1X", "not a term"),
        ("CM+", "+", "sign without a term"),
        ("1M+1D+1W+1Y", "1M+1D+1W+1Y", "at most 3 terms"),
        ("2WD", "2WD", "weekdays are positions"),
        ("WD8", "WD8", "at most 7"),
        ("WD0", "WD0", "start at 1"),
        ("D32", "D32", "at most 31"),
        ("M13", "M13", "at most 12"),
        ("Q5", "Q5", "at most 4"),
        ("Y2", "Y2", "no positions"),
        ("10000D", "10000D", "at most 9999"),
        ("0000099999D", "0000099999D", "at most 9999"),
        ("1000000D", "1000000D", "at most 9999"),
        ("D0000032", "D0000032", "at most 31"),
        ("WD0000", "WD0000", "start at 1"),
        ("1M 1D", "1M 1D", "spaces"),
        ("CM+1D<", "+1D<", "not a term"),
        ("1D1M", "1D1M", "not a term"),
        ("C", "C", "not a term"),
    ],
)
def test_malformed_formulas_name_the_offending_part(text: str, part: str, words: str):
    with pytest.raises(DateFormulaError) as caught:
        DateFormula.parse(text)

    assert caught.value.part == part
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("text", "neutral"),
    [
        ("0000001D", "1D"),
        ("D0000015", "D15"),
        ("-WD0002", "-WD2"),
        ("00000000000000000000000000001M", "1M"),
        ("CM+0030D", "CM+30D"),
        ("0000D", "0D"),
    ],
)
def test_leading_zeros_are_read_exactly_never_cut_off(text: str, neutral: str):
    """0000001D is one day, not 0D (the first six digits were once kept and the rest dropped)."""
    formula = DateFormula.parse(text)

    assert str(formula) == neutral
    reference = date(2018, 1, 10)
    assert formula.evaluate(reference) == DateFormula.parse(neutral).evaluate(reference)


@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=30))
def test_any_zero_padding_means_the_same_move(number: int, zeros: int):
    assert str(DateFormula.parse("0" * zeros + f"{number}D")) == f"{number}D"


def test_a_result_beyond_the_allowed_dates_is_refused_naming_the_term():
    with pytest.raises(DateFormulaError) as caught:
        DateFormula.parse("1D+9999Y").evaluate(date(2020, 1, 1))

    assert caught.value.part == "+9999Y"


#: Two years inside the allowed range at both ends, so that +-24M never leaves it.
days = st.dates(min_value=date(1902, 1, 1), max_value=date(2997, 12, 31))


@given(days)
def test_minus_cm_is_always_the_first_and_cm_the_last_day(day: date):
    first = DateFormula.parse("-CM").evaluate(day)
    last = DateFormula.parse("CM").evaluate(day)

    assert (first.day, first.month, first.year) == (1, day.month, day.year)
    assert last.month == day.month
    assert (last + timedelta(days=1)).day == 1


@given(days)
def test_one_week_is_always_seven_days(day: date):
    assert DateFormula.parse("1W").evaluate(day) == day + timedelta(days=7)
    assert DateFormula.parse("-1W").evaluate(day) == day - timedelta(days=7)


@given(days, st.integers(min_value=1, max_value=7))
def test_a_weekday_position_lands_on_that_weekday_within_a_week_ahead(day: date, weekday: int):
    result = DateFormula.parse(f"WD{weekday}").evaluate(day)
    before = DateFormula.parse(f"-WD{weekday}").evaluate(day)

    assert result.isoweekday() == weekday
    assert 1 <= (result - day).days <= 7
    assert before.isoweekday() == weekday
    assert 1 <= (day - before).days <= 7


@given(days)
def test_cw_is_a_sunday_and_minus_cw_a_monday_of_the_same_week(day: date):
    end = DateFormula.parse("CW").evaluate(day)
    start = DateFormula.parse("-CW").evaluate(day)

    assert (end.isoweekday(), start.isoweekday()) == (7, 1)
    assert start <= day <= end
    assert (end - start).days == 6


@given(days, st.integers(min_value=-24, max_value=24))
def test_adding_months_keeps_the_day_or_clamps_to_month_end(day: date, months: int):
    formula = f"{'-' if months < 0 else ''}{abs(months)}M"
    result = DateFormula.parse(formula).evaluate(day)

    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(days=1)).day == 1)
