"""Schema guards: committed SDL is current, everything is described, Node types resolvable."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
)

from server.resolvers.node import NODE_MODELS
from server.schema.schema import NODE_TYPES, schema
from server.services.core.errors import ERROR_CODE_DESCRIPTIONS, ErrorCode

ROOT = Path(__file__).resolve().parents[3]


def test_committed_schema_graphql_matches_the_code():
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")

    assert committed == schema.as_str().rstrip() + "\n", "run `make schema` and commit it"


def test_every_type_field_argument_and_enum_value_is_described():
    missing: list[str] = []
    for name, gql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not gql_type.description:
            missing.append(name)
        if isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in gql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing.extend(
                    f"{name}.{field_name}({arg_name})"
                    for arg_name, arg in field.args.items()
                    if not arg.description
                )
        if isinstance(gql_type, GraphQLInputObjectType):
            missing.extend(
                f"{name}.{f}" for f, field in gql_type.fields.items() if not field.description
            )
        if isinstance(gql_type, GraphQLEnumType):
            missing.extend(
                f"{name}.{v}" for v, val in gql_type.values.items() if not val.description
            )

    assert missing == []


def test_every_node_type_can_be_fetched_by_id():
    implementing = {t.__strawberry_definition__.name for t in NODE_TYPES}  # type: ignore[attr-defined]

    assert implementing == set(NODE_MODELS)


def test_every_error_code_is_described():
    assert set(ERROR_CODE_DESCRIPTIONS) == set(ErrorCode)


def test_every_mutation_takes_one_input_argument_and_answers_a_payload_with_errors():
    """docs/api.md "Conventions": `input: <Mutation>Input!` in, `<Mutation>Payload` with
    `errors` out."""
    graphql_schema = schema._schema
    assert graphql_schema.mutation_type is not None
    for name, field in graphql_schema.mutation_type.fields.items():
        assert list(field.args) == ["input"], name
        argument = field.args["input"].type
        assert isinstance(argument, GraphQLNonNull), name
        expected = name[0].upper() + name[1:]
        assert argument.of_type.name == f"{expected}Input", name
        payload = get_named_type(field.type)
        assert payload.name == f"{expected}Payload", name
        assert "errors" in payload.fields, name  # type: ignore[union-attr]
