"""The custom scalars (issue 19): every one described with its wire form and an example,
`@specifiedBy` where a standard exists, and each parses and serializes exactly what its
description says, from variables (parse_value) and from the document (parse_literal)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from graphql import GraphQLError, GraphQLScalarType, specified_scalar_types
from graphql import parse_value as parse_literal_text
from hypothesis import given, settings
from hypothesis import strategies as st

from server.schema.scalars import RFC_3339, serialize_decimal
from server.schema.schema import schema

#: Every custom scalar and the URL of the standard it follows (None: there is none).
SPECIFIED_BY = {
    "Date": RFC_3339,
    "DateTime": RFC_3339,
    "Time": RFC_3339,
    "Decimal": None,
    "DateFormula": None,
}


def _scalar(name: str) -> GraphQLScalarType:
    found = schema._schema.get_type(name)
    assert isinstance(found, GraphQLScalarType)
    return found


def _value(name: str, value: Any) -> Any:
    return _scalar(name).parse_value(value)


def _literal(name: str, text: str) -> Any:
    return _scalar(name).parse_literal(parse_literal_text(text))


def _out(name: str, value: Any) -> Any:
    return _scalar(name).serialize(value)


def test_every_custom_scalar_is_described_with_its_form_and_specified_by():
    custom = {
        name: kind
        for name, kind in schema._schema.type_map.items()
        if isinstance(kind, GraphQLScalarType)
        and name not in specified_scalar_types
        and not name.startswith("__")
    }

    assert set(custom) == set(SPECIFIED_BY)
    for name, kind in custom.items():
        description = kind.description or ""
        assert "(isoformat)" not in description, name  # not Strawberry's default
        assert "as a string" in description, name
        assert "e.g." in description, name
        assert "refused" in description.lower(), name  # says what is not accepted
        assert kind.specified_by_url == SPECIFIED_BY[name], name
    sdl = schema.as_str()
    assert sdl.count(f'@specifiedBy(url: "{RFC_3339}")') == 3


# --- Date ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2026-03-31", "0001-01-01", "9999-12-31", "2024-02-29"])
def test_a_date_is_yyyy_mm_dd_both_ways(text: str):
    parsed = _value("Date", text)

    assert parsed == dt.date.fromisoformat(text)
    assert _literal("Date", f'"{text}"') == parsed
    assert _out("Date", parsed) == text


@pytest.mark.parametrize(
    "value",
    ["20260331", "2026-W14-2", "2026-090", "2026-3-31", "2026-03-31T00:00:00", " 2026-03-31",
     "2025-02-29", "0000-01-01", "\u0662\u0660\u0662\u0666-03-31", 20260331, None, True],
)  # fmt: skip
def test_a_date_in_any_other_form_is_refused(value: Any):
    with pytest.raises(GraphQLError, match=r'Value cannot represent a Date: .*"YYYY-MM-DD"'):
        _value("Date", value)


def test_a_date_and_time_is_not_served_as_a_date():
    with pytest.raises(GraphQLError):
        _out("Date", dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC))


# --- DateTime --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "served"),
    [
        ("2027-01-31T17:30:00Z", "2027-01-31T17:30:00.000000+00:00"),
        ("2027-01-31T18:30:00.5+01:00", "2027-01-31T17:30:00.500000+00:00"),
        ("2027-01-31T12:00:00.123456-05:30", "2027-01-31T17:30:00.123456+00:00"),
        ("2027-01-31T17:30:00-00:00", "2027-01-31T17:30:00.000000+00:00"),
        ("2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000000+00:00"),
    ],
)
def test_a_date_time_needs_an_offset_and_is_served_in_utc_with_microseconds(text: str, served: str):
    parsed = _value("DateTime", text)

    assert parsed.utcoffset() == dt.timedelta(0)
    assert parsed == dt.datetime.fromisoformat(served)
    assert _literal("DateTime", f'"{text}"') == parsed
    assert _out("DateTime", parsed) == served
    assert _value("DateTime", served) == parsed  # what is served is accepted again


@pytest.mark.parametrize(
    "value",
    [
        "2027-01-31T17:30:00",  # no offset: a local time is ambiguous
        "2027-01-31 17:30:00Z",
        "2027-01-31t17:30:00z",
        "2027-01-31T17:30Z",
        "2027-01-31T17:30:00.1234567Z",
        "2027-01-31T23:59:60Z",
        "2027-01-31T17:30:00+0100",
        "2027-01-31T17:30:00+24:00",
        "2027-02-30T17:30:00Z",
        "0001-01-01T00:30:00+01:00",  # before year 1 in UTC
        "2027-01-31",
        "20270131T173000Z",
        1738344600,
    ],
)
def test_a_date_time_in_any_other_form_is_refused(value: Any):
    with pytest.raises(GraphQLError, match=r"Value cannot represent a DateTime: .*Expected"):
        _value("DateTime", value)


def test_a_date_time_without_zone_from_the_database_is_utc():
    assert _out("DateTime", dt.datetime(2027, 1, 31, 17, 30)) == "2027-01-31T17:30:00.000000+00:00"


# --- Time ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["09:30:00", "00:00:00", "23:59:59"])
def test_a_time_is_hh_mm_ss_both_ways(text: str):
    parsed = _value("Time", text)

    assert parsed == dt.time.fromisoformat(text)
    assert _literal("Time", f'"{text}"') == parsed
    assert _out("Time", parsed) == text


@pytest.mark.parametrize(
    "value",
    ["09:30", "0930", "093000", "9:30:00", "09:30:00.5", "09:30:00Z", "09:30:00+01:00",
     "24:00:00", "23:59:60", "T09:30:00", 930, None],
)  # fmt: skip
def test_a_time_in_any_other_form_is_refused(value: Any):
    with pytest.raises(GraphQLError, match=r'Value cannot represent a Time: .*"HH:MM:SS"'):
        _value("Time", value)


def test_a_time_is_served_at_whole_seconds_without_offset():
    assert _out("Time", dt.time(9, 30, 0, 250000, tzinfo=dt.UTC)) == "09:30:00"


# --- Decimal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["12.50", "-3", "0.125", "0", "123456789012345.12345"])
def test_a_decimal_is_a_string_of_digits(text: str):
    parsed = _value("Decimal", text)

    assert parsed == Decimal(text)
    assert str(parsed) == text  # every digit kept, trailing zeros too
    assert _literal("Decimal", f'"{text}"') == parsed


@pytest.mark.parametrize(
    ("number", "literal"), [(12.5, "12.5"), (12, "12"), (0.1, "0.1"), (-3, "-3"), (1e21, "1e21")]
)
def test_a_number_for_a_decimal_is_refused_asking_for_a_string(number: float, literal: str):
    message = r"Value cannot represent a Decimal: .*Send a Decimal as a string"

    with pytest.raises(GraphQLError, match=message):
        _value("Decimal", number)
    with pytest.raises(GraphQLError, match=message) as raised:
        _literal("Decimal", literal)
    assert raised.value.nodes  # the error points at the literal in the document


@pytest.mark.parametrize(
    "value",
    ["1_000", "\u0661\u0662", "1E+1", "1e3", " 5", "5 ", "+5", "1.", ".5", "NaN", "Infinity",
     "1,5", "", "--1", True, None, [1]],
)  # fmt: skip
def test_a_decimal_in_any_other_form_is_refused(value: Any):
    with pytest.raises(GraphQLError, match=r"Value cannot represent a Decimal: .*Expected a str"):
        _value("Decimal", value)


@pytest.mark.parametrize(
    ("value", "served"),
    [
        (Decimal("12.50"), "12.50"),
        (Decimal("0E-8"), "0.00000000"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-0.00"), "0.00"),
        (Decimal("-3.10"), "-3.10"),
        (7, "7"),
    ],
)
def test_a_decimal_is_served_in_plain_notation(value: Decimal, served: str):
    assert _out("Decimal", value) == served
    assert _value("Decimal", served) == value  # what is served is accepted again


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), 1.5, "12.5", True])
def test_a_decimal_that_is_no_finite_decimal_is_not_served(value: Any):
    with pytest.raises(GraphQLError, match="Decimal cannot represent"):
        _out("Decimal", value)


# --- DateFormula -----------------------------------------------------------------------------


def test_a_date_formula_is_a_string_served_in_neutral_form():
    assert _value("DateFormula", "<cm+1d>") == "CM+1D"
    assert _literal("DateFormula", '"<cm+1d>"') == "CM+1D"
    assert _value("DateFormula", "2Q+") == "2Q+"  # the mutation reports it (payload error)
    assert _out("DateFormula", "CM+1D") == "CM+1D"


@pytest.mark.parametrize(("value", "literal"), [(5, "5"), (True, "true"), (None, "[1]")])
def test_a_date_formula_that_is_not_a_string_is_refused(value: Any, literal: str):
    with pytest.raises(GraphQLError, match=r"Value cannot represent a DateFormula: .*a string"):
        _value("DateFormula", value)
    with pytest.raises(GraphQLError, match=r"Value cannot represent a DateFormula: .*a string"):
        _literal("DateFormula", literal)


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=None)
    | st.builds(
        lambda n, e: Decimal(n).scaleb(e),
        st.integers(-(10**12), 10**12),
        st.integers(-15, 8),
    )
)
@settings(max_examples=500)
def test_a_decimal_is_served_as_its_plain_notation_would_write_it(value: Decimal):
    # The serializer's quick way (str) and the general one (format "f", zero unsigned) agree.
    plain = format(abs(value) if value.is_zero() else value, "f")
    assert serialize_decimal(value) == plain
    assert "E" not in plain
    assert Decimal(plain) == value


@pytest.mark.parametrize("value", ["NaN", "-Infinity", "Infinity", "sNaN"])
def test_a_decimal_that_is_no_number_is_not_served(value: str):
    with pytest.raises(GraphQLError, match="cannot represent"):
        serialize_decimal(Decimal(value))


def test_served_dates_are_remembered_within_a_bound(monkeypatch: pytest.MonkeyPatch):
    from server.schema import scalars

    monkeypatch.setattr(scalars, "_DATE_TEXTS", {})
    monkeypatch.setattr(scalars, "_DATES_KEPT", 50)
    start = dt.date(2026, 1, 1)
    days = [start + dt.timedelta(days=n) for n in range(120)]
    assert [scalars.serialize_date(d) for d in days] == [d.isoformat() for d in days]
    assert len(scalars._DATE_TEXTS) <= 50
    assert [scalars.serialize_date(d) for d in days] == [d.isoformat() for d in days]
