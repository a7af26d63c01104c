"""Static query limits over whole documents: which operation is analysed, invalid and random
documents never raise, and how violations are reported (with the documented defaults)."""

from __future__ import annotations

import random

import pytest
from graphql import GraphQLError, parse

from server.schema.limits import QueryAnalysis, QueryLimits, analyze
from tests.unit.schema.limits_analysis import LIMITS, SCHEMA, cost, kinds, run

ZERO = QueryAnalysis(depth=0, aliases=0, directives_per_field=0, cost=0)


# --- which operation --------------------------------------------------------------------------


TWO_OPERATIONS = """
query Small { campaigns(first: 1) { totalCount } }
query Big { campaigns(first: 1000) { totalCount } }
"""


def test_only_the_named_operation_is_analysed():
    assert cost(TWO_OPERATIONS, operation_name="Small") == 1
    assert kinds(run(TWO_OPERATIONS, operation_name="Big")[1]) == ["page_size"]


@pytest.mark.parametrize(
    ("query", "operation_name"),
    [
        (TWO_OPERATIONS, None),
        (TWO_OPERATIONS, "Unknown"),
        ("{ campaigns(first: 1000) { totalCount } } { teams { code } }", None),
        ("fragment F on Query { campaigns(first: 1000) { totalCount } }", None),
        ("mutation { campaigns(first: 1000) { totalCount } }", "Unknown"),
    ],
)
def test_no_analysis_when_the_operation_cannot_be_determined(query, operation_name):
    assert run(query, operation_name=operation_name) == (ZERO, [])


# --- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "{ nope { a b } }",
        '{ campaign(no: "X") { nope ...Missing ... on Nope { x } ... { no } } }',
        "{ campaigns(first: 10) { totalCount { x } } }",
        "{ ...F } fragment F on String { x }",
        "{ ...F } fragment F on Nope { x }",
        '{ campaign(no: "X") { __schema { types { name } } } }',
        '{ campaign(no: "X") { __typename } __typename }',
        "query Q($n: Int = 5, $n: Int = 500) { campaigns(first: $n) { totalCount } }",
        "{ nodes { id } campaigns(first: $undefined) { totalCount } }",
        "{ campaigns(unknown: 1000) { totalCount } }",
    ],
)
def test_invalid_documents_never_raise(query):
    analysis, _ = run(query)

    assert analysis.cost >= 1


def test_unknown_parts_are_skipped():
    query = '{ nope { a } campaign(no: "X") { no ...Missing ... on Nope { x } } }'

    assert run(query) == (
        QueryAnalysis(depth=2, aliases=0, directives_per_field=0, cost=1, fields=3),
        [],
    )


def test_variables_that_are_not_a_mapping_are_ignored():
    document = parse("query Q($n: Int) { campaigns(first: $n) { totalCount } }")

    analysis, violations = analyze(
        SCHEMA,
        document,
        operation_name=None,
        variables=[1, 2],
        limits=LIMITS,  # type: ignore[arg-type]
    )

    assert (analysis.cost, violations) == (20, [])


TOKENS = [
    "{", "}", "(", ")", ":", "...", "on", "query", "fragment", "F", "G", "Query", "Campaign",
    "__Type", "campaigns", "campaign", "first", "last", "1000", "-5", "$n", "nodes", "ids", "[",
    "]", '"x"', "@skip", "a", "__schema", "__type", "types", "fields", "type", "ofType",
    "edges", "node", "no", "teams", "members", "null", "true", "=",
]  # fmt: skip


def test_random_documents_never_raise():
    rng = random.Random(20260315)
    analysed = 0
    for _ in range(3000):
        source = " ".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 40)))
        try:
            document = parse(source)
        except GraphQLError:
            continue
        variables = rng.choice([None, {}, {"n": 10**9}, {"n": "x"}, {"n": [1]}])
        analyze(SCHEMA, document, operation_name=None, variables=variables, limits=LIMITS)
        analysed += 1

    assert analysed > 0


# --- reporting --------------------------------------------------------------------------------


def test_every_kind_is_reported_once_in_a_fixed_order():
    ids = ", ".join(f'"{i}"' for i in range(101))
    query = (
        '{ __type(name: "Query") { fields { type { fields { type { fields { type { fields {'
        " type { fields { type { fields { type { fields { name } } } } } } } } } } } } } }"
        + " ".join(f'a{i}: campaign(no: "X") {{ no }}' for i in range(31))
        + ' campaign(no: "X") @a @b @c @d @e @f { no }'
        + " x: campaigns(first: 1000) { totalCount } y: campaigns(first: 101) { totalCount }"
        + f" nodes(ids: [{ids}]) {{ id }} }}"
    )

    _, violations = run(query)

    assert kinds(violations) == ["depth", "aliases", "directives", "page_size", "node_ids", "cost"]
    assert [v.actual for v in violations[1:5]] == [33, 6, 1000, 101]


def test_limits_have_the_documented_defaults():
    assert (
        QueryLimits(
            max_depth=12,
            max_aliases=30,
            max_directives_per_field=5,
            max_page_size=100,
            default_page_size=20,
            max_cost=50_000,
            max_node_ids=100,
        )
        == LIMITS
    )
    with pytest.raises(TypeError):
        QueryLimits(12)  # type: ignore[misc]
