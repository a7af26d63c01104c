"""Leaf values for the batched executor (issue 9): a whole column of values coerced at once.

graphql-core coerces each leaf value by its own call. Here a field's values for every parent
arrive together, so the usual cases are settled for the column in C loops: built-in scalars
whose values already have the output type pass as they are, enum names are remembered, and
custom scalars are mapped and then checked as a whole. Anything else goes value by value
through the type's own `coerce_output_value`, so the results are always the same.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat
from operator import is_
from typing import Any

from graphql import GraphQLEnumType, GraphQLScalarType
from graphql.pyutils import Undefined
from graphql.type.scalars import specified_scalar_types

#: A column coercion: the output values, or None when one could not be coerced (graphql-core
#: must then tell the exact error).
ColumnCoercer = Callable[[list[Any]], list[Any] | None]

_NONE = type(None)
_UNDEFINED = type(Undefined)
_PASSING: dict[str, type] = {"String": str, "ID": str, "Boolean": bool, "Float": float, "Int": int}
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1

_COERCERS: dict[int, tuple[GraphQLScalarType | GraphQLEnumType, ColumnCoercer]] = {}


def column_coercer(leaf: GraphQLScalarType | GraphQLEnumType) -> ColumnCoercer:
    """The column coercion of `leaf` (made once per type)."""
    found = _COERCERS.get(id(leaf))
    if found is None or found[0] is not leaf:
        found = _COERCERS[id(leaf)] = (leaf, _make(leaf))
    return found[1]


def _nones(values: list[Any]) -> int:
    return sum(map(is_, values, repeat(None)))


def _each(
    coerce: Callable[[Any], Any], values: list[Any], with_none: bool | None = None
) -> list[Any]:
    if with_none is None:
        with_none = _NONE in set(map(type, values))
    if with_none:
        return [None if v is None else coerce(v) for v in values]
    return list(map(coerce, values))


def _make(leaf: GraphQLScalarType | GraphQLEnumType) -> ColumnCoercer:
    coerce = leaf.coerce_output_value
    if isinstance(leaf, GraphQLEnumType):
        return _enum(coerce)
    passing = _PASSING.get(leaf.name)
    if passing is not None and _is_builtin(leaf):
        # graphql-core's built-in scalars raise rather than answer None: no check needed.
        allowed = {passing, _NONE}

        def builtin(values: list[Any]) -> list[Any] | None:
            kinds = set(map(type, values))
            if kinds <= allowed and (passing is not int or _int32(values, _NONE in kinds)):
                return values  # already what the answer holds
            return _each(coerce, values, _NONE in kinds)

        return builtin

    def custom(values: list[Any]) -> list[Any] | None:
        leaves = _each(coerce, values)
        kinds = set(map(type, leaves))
        if _UNDEFINED in kinds or (_NONE in kinds and _nones(leaves) != _nones(values)):
            return None  # a value the scalar would not represent
        return leaves

    return custom


def _is_builtin(leaf: GraphQLScalarType) -> bool:
    return specified_scalar_types.get(leaf.name) is leaf


def _int32(values: list[Any], with_none: bool) -> bool:
    numbers = [v for v in values if v is not None] if with_none else values
    return not numbers or (min(numbers) >= _INT_MIN and max(numbers) <= _INT_MAX)


def _enum(coerce: Callable[[Any], Any]) -> ColumnCoercer:
    # Strawberry's enum coercion scans the values on every call: remember the answers.
    names: dict[Any, Any] = {None: None}

    def enum(values: list[Any]) -> list[Any] | None:
        try:
            return list(map(names.__getitem__, values))
        except (KeyError, TypeError):  # a value met for the first time, or unhashable
            pass
        out = []
        for value in values:
            try:
                name = names[value]
            except KeyError:
                name = names[value] = coerce(value)
            except TypeError:
                name = coerce(value)
            out.append(name)
        return out

    return enum
