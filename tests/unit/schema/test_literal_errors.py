"""Values written in a document say where they are (server/schema/literals.py): the named rule
finds exactly what graphql-core's ValuesOfCorrectTypeRule finds, at the same places, and
puts the argument (and the path inside it) before the same message."""

from __future__ import annotations

import random

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    get_named_type,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import ValuesOfCorrectTypeRule

from server.engine.library import core_schema
from server.schema.literals import NamedValuesOfCorrectTypeRule, with_named_values
from server.schema.schema import schema

SCHEMA = core_schema(schema)


def _named(query: str) -> list[str]:
    return [e.message for e in validate(SCHEMA, parse(query), with_named_values(specified_rules))]


def test_an_argument_of_a_field_is_named():
    assert _named("{ campaign(no: 5) { no } }") == [
        "Argument 'no' of field 'campaign' has invalid value: "
        "String cannot represent a non string value: 5"
    ]


def test_a_value_inside_an_input_is_named_with_its_path():
    (message,) = _named(
        'mutation { activityCreate(input: {code: "FAIR", description: "Fair", '
        'steps: [{description: "Call", dateFormula: "1D"}, {description: 7}]}) '
        "{ errors { code } } }"
    )
    assert message.startswith(
        "Argument 'input' of field 'activityCreate' has invalid value at .steps[1]"
    )


def test_a_directive_argument_and_a_variable_default_are_named():
    assert _named(
        'query($n: Int = "x") { campaigns(first: $n) @include(if: 3) { totalCount } }'
    ) == [
        "Default value of variable '$n' has invalid value: "
        'Int cannot represent non-integer value: "x"',
        "Argument 'if' of directive '@include' has invalid value: "
        "Boolean cannot represent a non boolean value: 3",
    ]


def test_only_graphql_cores_rule_is_replaced():
    rules = with_named_values(specified_rules)
    assert ValuesOfCorrectTypeRule not in rules
    assert len(rules) == len(specified_rules)
    assert [r for r in rules if r is not NamedValuesOfCorrectTypeRule] == [
        r for r in specified_rules if r is not ValuesOfCorrectTypeRule
    ]


# Generated documents: every argument of every root field, given values of every kind.

_SCALARS = ("5", "-2", "1.5", '"text"', '"2026-01-31"', "true", "null", "ACTIVE", "$v")


def _literal(chance: random.Random, kind: GraphQLInputType | None, depth: int) -> str:
    """A value for `kind`, right or wrong at random (deliberately often wrong)."""
    named = get_named_type(kind) if kind is not None else None
    roll = chance.random()
    if depth > 2 or roll < 0.35 or named is None:
        return chance.choice(_SCALARS)
    if isinstance(named, GraphQLEnumType) and roll < 0.7:
        return chance.choice([*named.values, "NOPE"])
    inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    if isinstance(inner, GraphQLList) and roll < 0.8:
        items = [_literal(chance, inner.of_type, depth + 1) for _ in range(chance.randint(0, 3))]
        return "[" + ", ".join(items) + "]"
    if isinstance(named, GraphQLInputObjectType):
        names = [*named.fields, "unknownField"]
        chosen = chance.sample(names, k=chance.randint(0, min(4, len(names))))
        fields = [
            f"{n}: {_literal(chance, named.fields.get(n) and named.fields[n].type, depth + 1)}"
            for n in chosen
        ]
        return "{" + ", ".join(fields) + "}"
    return chance.choice(_SCALARS)


def _documents(seed: int) -> list[str]:
    chance = random.Random(seed)
    documents = []
    for root, operation in ((SCHEMA.query_type, "query"), (SCHEMA.mutation_type, "mutation")):
        assert root is not None
        for name, field in root.fields.items():
            if not field.args:
                continue
            arguments = ", ".join(
                f"{arg}: {_literal(chance, definition.type, 0)}"
                for arg, definition in field.args.items()
                if chance.random() < 0.8
            )
            written = f"({arguments})" if arguments else ""
            documents.append(f"{operation}($v: String) {{ {name}{written} {{ __typename }} }}")
    return documents


@pytest.mark.parametrize("seed", range(12))
def test_the_named_rule_finds_what_graphql_cores_finds(seed: int):
    compared = 0
    for query in _documents(seed):
        document = parse(query)
        theirs = validate(SCHEMA, document, [ValuesOfCorrectTypeRule])
        ours = validate(SCHEMA, document, [NamedValuesOfCorrectTypeRule])
        assert [e.locations for e in ours] == [e.locations for e in theirs], query
        for named, plain in zip(ours, theirs, strict=True):
            assert named.message.endswith(": " + plain.message), query
            assert named.message.startswith("Argument '"), query
            assert " of field '" in named.message.split(" has invalid value")[0], query
            assert named.extensions == plain.extensions
        compared += len(theirs)
    assert compared > 20  # the generator does make mistakes
