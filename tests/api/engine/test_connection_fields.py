"""Connection fields are declared once (schema/connection): each pages a declared list
(engine/lists) whose sort keys, order enum and columns agree."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from graphql import GraphQLEnumType, GraphQLField, GraphQLInputObjectType, GraphQLObjectType
from graphql import get_named_type as named
from tortoise.models import Model

from server.engine.context import GraphQLContext
from server.engine.lists import Listing, Nested
from server.schema.schema import schema
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


def _connection_fields() -> Iterator[tuple[GraphQLObjectType, str, GraphQLField]]:
    for graphql_type in schema._schema.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType) and not graphql_type.name.startswith("__"):
            for name, field in graphql_type.fields.items():
                if named(field.type).name.endswith("Connection"):
                    yield graphql_type, name, field


def _source(field: GraphQLField) -> Any:
    return field.extensions["strawberry-definition"].metadata.get("source")


def _model_of(graphql_type: Any) -> type[Model]:
    check = graphql_type.is_type_of  # types/common.served_from
    kinds: tuple[type[Model], ...] = check.__func__.kinds
    return kinds[0]


def test_every_connection_field_is_made_by_the_factory_with_the_paging_arguments_last():
    found = list(_connection_fields())

    assert len(found) == 30
    for graphql_type, name, field in found:
        assert isinstance(_source(field), Listing | Nested), f"{graphql_type.name}.{name}"
        assert list(field.args)[-4:] == ["first", "after", "last", "before"]


def test_every_order_argument_offers_exactly_its_lists_sort_keys():
    ordered = 0
    for graphql_type, name, field in _connection_fields():
        if "orderBy" not in field.args:
            continue
        ordered += 1
        order_input = named(field.args["orderBy"].type)
        assert isinstance(order_input, GraphQLInputObjectType)
        keys = named(order_input.fields["field"].type)
        assert isinstance(keys, GraphQLEnumType)

        assert list(keys.values) == list(_source(field).sort.fields), f"{graphql_type.name}.{name}"
    assert ordered == 10


def test_every_sort_key_and_parent_link_names_a_column_with_its_nullability():
    info = SimpleNamespace(context=GraphQLContext(service=make_ctx(), request_id="test"))
    for graphql_type, name, field in _connection_fields():
        source = _source(field)
        model = source.rows(info, None).model  # the rows paged (not always the nodes shown)
        fields = model._meta.fields_map
        where = f"{graphql_type.name}.{name}"
        for key in source.sort:
            assert key.column in fields, where
            assert fields[key.column].null == key.nullable, (where, key.name)
        if isinstance(source, Nested):
            columns = (source.column,) if isinstance(source.column, str) else source.column
            assert set(columns) <= set(model._meta.fields_db_projection), where
            parent = (source.parent,) if isinstance(source.parent, str) else source.parent
            assert set(parent) <= set(_model_of(graphql_type)._meta.fields_map), where
