"""Column coercion of leaf values (server/engine/leaves.py) equals graphql-core's per value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import pytest
from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.pyutils import Undefined

from server.engine.leaves import column_coercer
from server.schema.schema import schema


def _one_by_one(leaf: Any, values: list[Any]) -> list[Any]:
    return [None if v is None else leaf.coerce_output_value(v) for v in values]


@pytest.mark.parametrize(
    ("leaf", "values"),
    [
        (GraphQLString, ["a", None, "b"]),
        (GraphQLString, ["a", 1, True, 2.5]),  # converted, not passed
        (GraphQLID, ["x", 7]),
        (GraphQLBoolean, [True, False, None]),
        (GraphQLFloat, [1.5, 2, None]),
        (GraphQLInt, [1, -(2**31), 2**31 - 1, None]),
        (GraphQLInt, [1.0, 2, True]),  # an integral float and a bool are converted
    ],
)
def test_builtin_columns_equal_graphql_cores_coercion(leaf: Any, values: list[Any]) -> None:
    out = column_coercer(leaf)(values)
    assert out == _one_by_one(leaf, values)
    assert [type(v) for v in out] == [type(v) for v in _one_by_one(leaf, values)]


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 1.5, "x"])
def test_an_int_column_refuses_what_graphql_core_refuses(value: Any) -> None:
    with pytest.raises(GraphQLError, match="Int cannot represent") as raised:
        GraphQLInt.coerce_output_value(value)
    with pytest.raises(GraphQLError, match="Int cannot represent") as batch:
        column_coercer(GraphQLInt)([1, value])
    assert str(batch.value) == str(raised.value)


def test_custom_scalars_are_mapped_and_checked() -> None:
    graph = schema._schema
    dates, decimals = graph.get_type("Date"), graph.get_type("Decimal")
    assert isinstance(dates, GraphQLScalarType)
    assert isinstance(decimals, GraphQLScalarType)
    assert column_coercer(dates)([date(2026, 1, 2), None]) == ["2026-01-02", None]
    # Equal decimals keep their own exponent: nothing is remembered across values.
    assert column_coercer(decimals)([Decimal("1.0"), Decimal("1.00")]) == ["1.0", "1.00"]

    answers = {"good": "ok", "none": None, "undefined": Undefined}
    odd = GraphQLScalarType("Odd", serialize=lambda v: answers[v])
    assert column_coercer(odd)(["good", None]) == ["ok", None]
    assert column_coercer(odd)(["good", "none"]) is None  # graphql-core reports it
    assert column_coercer(odd)(["undefined"]) is None


def test_enum_columns_remember_names_and_keep_nulls() -> None:
    class Colour(Enum):
        RED = "red"
        BLUE = "blue"

    calls: list[Any] = []
    leaf = GraphQLEnumType("Colour", {"RED": Colour.RED, "BLUE": Colour.BLUE})
    original = leaf.coerce_output_value

    def counted(value: Any) -> Any:
        calls.append(value)
        return original(value)

    leaf.coerce_output_value = counted  # type: ignore[method-assign]
    coerce = column_coercer(leaf)
    assert coerce([Colour.RED, None, Colour.BLUE, Colour.RED]) == ["RED", None, "BLUE", "RED"]
    assert coerce([Colour.BLUE, Colour.RED]) == ["BLUE", "RED"]
    assert calls == [Colour.RED, Colour.BLUE]  # each value coerced once
    with pytest.raises(GraphQLError, match="Enum 'Colour' cannot represent value"):
        coerce(["green"])
