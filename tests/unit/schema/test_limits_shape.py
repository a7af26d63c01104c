"""Static query limits on the document's shape: depth, aliases, directives per node, fragments
(cycles, bombs, long chains) and introspection queries."""

from __future__ import annotations

import time

import pytest
from graphql import get_introspection_query

from server.schema.limits import LimitViolation, QueryAnalysis
from tests.unit.schema.limits_analysis import LIMITS, THINGS, cost, kinds, run

CIRCULAR_INTROSPECTION = """{ __schema { types { fields { type { fields { type { fields {
    type { fields { name } } } } } } } } } }"""


# --- depth ------------------------------------------------------------------------------------


def nested(levels: int) -> str:
    return "{ me { " + "friend { " * (levels - 2) + "name" + " }" * (levels - 1) + " }"


def test_depth_counts_field_nesting_from_one():
    analysis, violations = run(nested(12), on=THINGS)

    assert violations == []
    assert analysis.depth == 12


def test_a_depth_bomb_is_rejected():
    analysis, violations = run(nested(50), on=THINGS)

    assert analysis.depth == 50
    assert violations == [
        LimitViolation(
            "depth", "The query is nested 50 levels deep; at most 12 are allowed.", 12, 50
        )
    ]


def test_the_deepest_document_the_parser_accepts_is_analysed_without_recursion_errors():
    levels = 190  # graphql-core's parser refuses documents nested much deeper

    analysis, violations = run(nested(levels), on=THINGS)

    assert analysis.depth == levels
    assert kinds(violations) == ["depth"]


def test_fragments_and_inline_fragments_do_not_add_depth():
    query = """{ ... on Query { ...Me } }
               fragment Me on Query { me { ... { friend { ...Name } } } }
               fragment Name on Person { name }"""

    assert run(query, on=THINGS)[0].depth == 3


def test_introspection_fields_add_depth_but_of_type_does_not():
    deep = """{ __type(name: "Query") { fields { type { fields { type { fields { type {
        fields { name } } } } } } } } }"""
    of_type = '{ __type(name: "Query") { ' + "ofType { " * 30 + "name" + " }" * 30 + " } }"

    assert run(deep)[0].depth == 9
    analysis, violations = run(of_type)
    assert violations == []
    assert analysis.depth == 2


# --- aliases and directives -------------------------------------------------------------------


def aliased(count: int) -> str:
    return "{ " + " ".join(f'a{i}: campaign(no: "X") {{ no }}' for i in range(count)) + " }"


def test_up_to_30_aliases_pass():
    analysis, violations = run(aliased(30))

    assert violations == []
    assert analysis.aliases == 30


def test_a_thousand_aliases_are_rejected():
    _, violations = run(aliased(1000))

    assert violations == [
        LimitViolation("aliases", "The query uses 1000 aliases; at most 30 are allowed.", 30, 1000),
        LimitViolation(
            "fields",
            "The query selects 2000 fields (fragments counted where they are spread); at most "
            "500 are allowed.",
            500,
            2000,
        ),
    ]


def test_aliases_count_in_the_expanded_operation():
    query = """{ ...Two ...Two ... on Query { ...Two } x: teams { code } }
               fragment Two on Query { a: campaign(no: "A") { no } b: teams { c: code } }"""

    assert run(query)[0].aliases == 3 * 3 + 1


@pytest.mark.parametrize(
    "query",
    [
        '{ campaign(no: "X") @a @b @c @d @e @f { no } }',
        '{ campaign(no: "X") { ...F @a @b @c @d @e @f } } fragment F on Campaign { no }',
        '{ campaign(no: "X") { ... @a @b @c @d @e @f { no } } }',
        '{ ...F } fragment F on Query { campaign(no: "X") { no @a @b @c @d @e @f } }',
    ],
)
def test_too_many_directives_on_one_node_are_rejected(query):
    analysis, violations = run(query)

    assert analysis.directives_per_field == 6
    assert kinds(violations) == ["directives"]
    assert violations[0].message == (
        "A single field or fragment carries 6 directives; at most 5 are allowed."
    )


def test_directives_are_counted_per_node_not_per_query():
    query = (
        '{ a: campaign(no: "X") @a @b @c { no @d @e } b: campaign(no: "Y") @a @b @c @d @e { no } }'
    )

    analysis, violations = run(query)

    assert violations == []
    assert analysis.directives_per_field == 5


# --- fragments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "{ ...A } fragment A on Query { teams { code } ...B } fragment B on Query { ...A }",
        "{ ...A } fragment A on Query { ...A salespeople { code } }",
        '{ campaign(no: "X") { ...C } } fragment C on Campaign { salesperson { name } ...C }',
    ],
)
def test_fragment_cycles_terminate(query):
    analysis, _ = run(query)

    assert analysis.depth >= 1


def bomb(levels: int, leaf: str) -> str:
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    return "{ ...F0 } " + " ".join(fragments) + f" fragment F{levels} on Query {{ {leaf} }}"


def test_a_fragment_bomb_of_aliases_is_analysed_in_linear_time():
    started = time.perf_counter()
    analysis, violations = run(bomb(30, 'a: campaign(no: "X") { no }'))

    assert time.perf_counter() - started < 2.0  # exponential would take hours
    assert analysis == QueryAnalysis(
        depth=2, aliases=2**30, directives_per_field=0, cost=1, fields=2**31
    )
    assert kinds(violations) == ["aliases", "fields"]


def test_a_fragment_bomb_of_lists_is_analysed_in_linear_time():
    started = time.perf_counter()
    analysis, violations = run(bomb(30, "campaigns(first: 1) { totalCount }"))

    assert time.perf_counter() - started < 2.0  # exponential would take hours
    assert (analysis.aliases, analysis.cost, analysis.fields) == (0, 2**30, 2**31)
    assert kinds(violations) == ["fields", "cost"]


def test_a_long_fragment_chain_does_not_exhaust_the_stack():
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(5000))
    query = "{ ...F0 } " + chain + " fragment F5000 on Query { teams { code } }"

    analysis, violations = run(query)

    assert violations == []
    assert (analysis.depth, analysis.cost) == (2, 10)


def test_unused_fragments_are_ignored():
    query = "{ teams { code } } fragment Big on Query { campaigns(first: 1000) { totalCount } }"

    assert cost(query) == 10


# --- introspection ----------------------------------------------------------------------------


@pytest.mark.parametrize("descriptions", [True, False])
def test_the_standard_introspection_query_passes(descriptions):
    query = get_introspection_query(
        descriptions=descriptions,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )

    analysis, violations = run(query, operation_name="IntrospectionQuery")

    assert violations == []
    assert analysis.depth == 6
    # Grows with the schema (the estimate counts its types): GraphiQL must keep working, so
    # this warns while there is still room (half the budget).
    assert analysis.cost < LIMITS.max_cost / 2


def test_a_circular_introspection_query_is_rejected_by_cost():
    analysis, violations = run(CIRCULAR_INTROSPECTION)

    assert analysis.depth == 10
    assert kinds(violations) == ["cost"]
    assert violations[0].actual > LIMITS.max_cost
