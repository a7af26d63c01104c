"""Resolvers called straight (server/engine/direct.py) get exactly what Strawberry's wrapper
gives them: on every field of the schema that has a direct form, with its required arguments
only, with every argument given, and with its nullable arguments null, the resolver function
is called with the same positional and keyword arguments (the same `Info` of the same raw info
and field). Whole operations through both are compared in test_differential.py. Many-to-one
fields declared with `to_one` skip the per-parent call altogether: each has a batched form."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from inspect import isawaitable
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLScalarType,
)
from graphql.pyutils import Path
from strawberry.types import Info

from server.engine.direct import Direct, direct
from server.engine.library import core_schema
from server.schema.schema import schema

CORE = core_schema(schema)
CONVERTER = schema.schema_converter

#: A value as graphql-core coerces it, for each scalar the schema uses.
SCALARS: dict[str, Any] = {
    "String": "CP1",
    "ID": "Q2FtcGFpZ246Q1Ax",
    "Int": 3,
    "Float": 1.5,
    "Boolean": True,
    "Date": date(2026, 12, 6),
    "Time": time(9, 30),
    "Decimal": Decimal("12.50"),
}


def _fields() -> list[tuple[GraphQLObjectType, str, GraphQLField]]:
    found = []
    for kind in CORE.type_map.values():
        if isinstance(kind, GraphQLObjectType) and not kind.name.startswith("__"):
            for name, field_def in kind.fields.items():
                if direct(kind, name, field_def, CONVERTER) is not None:
                    found.append((kind, name, field_def))
    return found


FIELDS = _fields()


def _value(kind: GraphQLInputType, full: bool) -> Any:
    """A coerced value of `kind`: required members only, or (`full`) every member."""
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type, full)
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, full)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values.values())).value
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: _value(member.type, full)
            for name, member in kind.fields.items()
            if full or isinstance(member.type, GraphQLNonNull)
        }
    assert isinstance(kind, GraphQLScalarType)
    return SCALARS.get(kind.name, "x")


def _arguments(field_def: GraphQLField, form: str) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    for name, argument in field_def.args.items():
        required = isinstance(argument.type, GraphQLNonNull)
        if required or form == "full":
            arguments[name] = _value(argument.type, form == "full")
        elif form == "nulls":
            arguments[name] = None
    return arguments


def _info(object_type: GraphQLObjectType, name: str, field_def: GraphQLField) -> Any:
    return GraphQLResolveInfo(  # type: ignore[call-arg]
        name,
        [],
        field_def.type,
        object_type,
        Path(None, name, object_type.name),
        CORE,
        {},
        None,
        None,  # type: ignore[arg-type]
        {},
        object(),
        lambda value: False,
        None,
        None,
    )


def _plain(value: Any) -> Any:
    """What a recorded call holds, comparable: an Info by its raw info and field."""
    if isinstance(value, Info):
        return ("Info", id(value._raw_info), id(value._field))
    return value


@pytest.mark.parametrize("form", ["required", "full", "nulls"])
async def test_a_direct_call_passes_what_strawberrys_wrapper_passes(
    monkeypatch: pytest.MonkeyPatch, form: str
):
    assert len(FIELDS) > 300  # every resolver but the subscription's
    for object_type, name, field_def in FIELDS:
        definition = field_def.extensions["strawberry-definition"]
        calls: list[tuple[Any, ...]] = []

        def record(*args: Any, _calls: list[Any] = calls, **kwargs: Any) -> str:
            _calls.append(
                (
                    tuple(map(_plain, args)),
                    {key: _plain(value) for key, value in kwargs.items()},
                )
            )
            return "answer"

        monkeypatch.setattr(definition.base_resolver, "wrapped_func", record)
        straight = Direct(definition, CONVERTER)
        source = object()
        info = _info(object_type, name, field_def)
        arguments = _arguments(field_def, form)
        wrapped = field_def.resolve(source, info, **arguments)  # type: ignore[misc]
        assert (await wrapped if isawaitable(wrapped) else wrapped) == "answer"
        assert straight(source, info, arguments) == "answer"
        through_wrapper, through_direct = calls
        assert through_direct == through_wrapper, f"{object_type.name}.{name} ({form})"


def test_the_root_field_of_a_small_query_is_called_straight():
    query = CORE.query_type
    assert query is not None
    found = direct(query, "campaign", query.fields["campaign"], CONVERTER)
    assert isinstance(found, Direct)
    assert found.takes_self
    assert found.info_name == "info"
    assert [python for _, python, _ in found.arguments] == ["no"]


def test_a_field_strawberry_does_not_resolve_keeps_its_resolver():
    subscription = CORE.subscription_type
    assert subscription is not None
    for name, field_def in subscription.fields.items():
        assert direct(subscription, name, field_def, CONVERTER) is None


def test_every_to_one_field_has_a_batched_form():
    """Fields declared with schema/common.to_one are read for all their parents at once."""
    from server.engine.run import _BATCHED

    declared = [
        (kind.name, name)
        for kind, name, field_def in FIELDS
        if hasattr(
            field_def.extensions["strawberry-definition"].base_resolver.wrapped_func, "to_one"
        )
    ]
    assert len(declared) == 45
    assert ("PriceLine", "item") in declared
    assert all(key in _BATCHED for key in declared)


def test_only_values_convert_argument_returns_unchanged_skip_it() -> None:
    """Built-in scalars, optional or not, pass as they are; a GlobalID (decoded), a Maybe
    (wrapped in Some), an enum, a list or an input type still go through convert_argument."""
    from strawberry import ID
    from strawberry.relay import GlobalID
    from strawberry.types.base import StrawberryList, StrawberryMaybe, StrawberryOptional

    from server.engine.direct import _passes
    from server.services.core.context import Role

    for kind in (str, int, float, bool, ID):
        assert _passes(kind)
        assert _passes(StrawberryOptional(kind))
    for kind in (GlobalID, StrawberryMaybe(str), StrawberryList(str), date, Decimal, Role):
        assert not _passes(kind)
