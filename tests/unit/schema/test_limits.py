"""Static query limits: depth, aliases, directives, page sizes, node IDs and estimated cost."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
from graphql import GraphQLError, GraphQLSchema, build_schema, get_introspection_query, parse

from server.schema.limits import (
    LIST_ESTIMATE,
    LimitViolation,
    QueryAnalysis,
    QueryLimits,
    analyze,
)
from server.schema.schema import schema

SCHEMA = schema._schema
LIMITS = QueryLimits()
ZERO = QueryAnalysis(depth=0, aliases=0, directives_per_field=0, cost=0)

#: Nested connections, which the real schema does not have (yet).
THINGS = build_schema(
    """
    type Query { things(first: Int, last: Int): ThingConnection! me: Person }
    type ThingConnection { nodes: [Thing!]! edges: [ThingEdge!]! totalCount: Int! }
    type ThingEdge { node: Thing! cursor: String! }
    type Thing { children(first: Int): ThingConnection! tags: [String!]! name: String }
    type Person { friend: Person name: String }
    """
)

CIRCULAR_INTROSPECTION = """{ __schema { types { fields { type { fields { type { fields {
    type { fields { name } } } } } } } } } }"""


def run(
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    operation_name: str | None = None,
    limits: QueryLimits = LIMITS,
    on: GraphQLSchema = SCHEMA,
) -> tuple[QueryAnalysis, list[LimitViolation]]:
    return analyze(
        on, parse(query), operation_name=operation_name, variables=variables, limits=limits
    )


def kinds(violations: list[LimitViolation]) -> list[str]:
    return [violation.limit for violation in violations]


def cost(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> int:
    analysis, violations = run(query, variables, **kwargs)
    assert violations == []
    return analysis.cost


# --- ordinary queries -------------------------------------------------------------------------


def test_a_normal_connection_query_passes_and_costs_its_page_size():
    analysis, violations = run("{ campaigns(first: 10) { nodes { no } } }")

    assert violations == []
    assert analysis == QueryAnalysis(depth=3, aliases=0, directives_per_field=0, cost=10)


def test_edges_and_nodes_of_a_connection_do_not_multiply_again():
    query = """{ campaigns(first: 10) {
        edges { cursor node { no status { code } salesperson { name } } }
        nodes { no }
        pageInfo { hasNextPage }
        totalCount
    } }"""

    analysis, violations = run(query)

    assert violations == []
    assert (analysis.depth, analysis.cost) == (5, 10)


def test_a_connection_without_page_arguments_costs_the_default_page_size():
    assert cost("{ campaigns { totalCount } }") == 20
    assert cost("{ campaigns { totalCount } }", limits=QueryLimits(default_page_size=7)) == 7


def test_last_is_used_when_first_is_absent_and_first_wins_over_last():
    assert cost("{ campaigns(last: 7) { nodes { no } } }") == 7
    assert cost("{ campaigns(first: 3, last: 50) { nodes { no } } }") == 3
    assert cost("{ campaigns(first: null, last: 4) { nodes { no } } }") == 4


def test_page_sizes_zero_and_maximum_are_allowed():
    assert cost("{ campaigns(first: 0) { totalCount } }") == 1  # never below 1
    assert cost("{ campaigns(first: 100) { totalCount } }") == 100


def test_plain_object_fields_cost_nothing_but_the_minimum_is_one():
    analysis, violations = run('{ campaign(no: "CP1") { no salesperson { name } } }')

    assert violations == []
    assert analysis == QueryAnalysis(depth=3, aliases=0, directives_per_field=0, cost=1)


def test_unpaged_lists_are_estimated_and_multiply():
    assert cost("{ salespeople { code } }") == LIST_ESTIMATE
    assert cost("{ teams { code members { name } } }") == 10 + 10 * 10
    assert cost('mutation { campaignDelete(input: {no: "X"}) { errors { message } } }') == 10


def test_costs_of_siblings_add_up():
    query = "{ campaigns(first: 5) { totalCount } salespeople { code } teams { code } }"

    assert cost(query) == 5 + 10 + 10


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"n": 5}, 5),
        ({"n": 5.0}, 5),  # graphql-core coerces integral floats to Int
        ({}, 20),
        (None, 20),
        ({"n": None}, 20),
        ({"n": "50"}, 20),
        ({"n": True}, 20),
        ({"n": 2.5}, 20),
        ({"n": [3]}, 20),
        ({"n": {"a": 1}}, 20),
        ({"n": object()}, 20),
    ],
)
def test_page_size_from_a_variable_or_the_default_for_non_ints(variables, expected):
    query = "query Q($n: Int) { campaigns(first: $n) { nodes { no } } }"

    assert cost(query, variables) == expected


def test_a_variable_default_value_applies_only_when_the_variable_is_absent():
    query = "query Q($n: Int = 7) { campaigns(first: $n) { nodes { no } } }"

    assert cost(query) == 7
    assert cost(query, {"n": 3}) == 3
    assert cost(query, {"n": None}) == 20
    assert cost("query Q($n: Int = 700) { campaigns(first: $n) { totalCount } }", {"n": 9}) == 9


def test_a_variable_default_out_of_range_is_a_violation():
    _, violations = run("query Q($n: Int = 700) { campaigns(last: $n) { totalCount } }")

    assert violations[0].message == "`campaigns(last:)` must be between 0 and 100, got 700."


def test_wrongly_typed_literals_count_as_the_default_page_size():
    assert cost('{ campaigns(first: "x") { totalCount } }') == 20
    assert cost("{ campaigns(first: true) { totalCount } }") == 20
    assert cost("{ campaigns(first: 1.5) { totalCount } }") == 20
    assert cost("{ campaigns(first: [1]) { totalCount } }") == 20


# --- page sizes -------------------------------------------------------------------------------


def test_a_huge_first_is_rejected_with_a_message_naming_the_field_and_argument():
    analysis, violations = run("{ campaigns(first: 1000000) { nodes { no } } }")

    assert violations[0] == LimitViolation(
        limit="page_size",
        message="`campaigns(first:)` must be between 0 and 100, got 1000000.",
        maximum=100,
        actual=1000000,
        argument="first",
    )
    assert kinds(violations) == ["page_size", "cost"]
    assert analysis.cost == 1000000


def test_a_negative_page_size_is_rejected_and_costs_nothing():
    analysis, violations = run("{ campaigns(first: -1) { nodes { no } } }")

    assert kinds(violations) == ["page_size"]
    assert violations[0].message == "`campaigns(first:)` must be between 0 and 100, got -1."
    assert analysis.cost == 1


@pytest.mark.parametrize("value", [101, 1e6, 2**40])
def test_an_oversized_variable_page_size_is_rejected(value):
    _, violations = run("query Q($n: Int) { campaigns(last: $n) { totalCount } }", {"n": value})

    assert violations[0].limit == "page_size"
    assert violations[0].message.startswith("`campaigns(last:)` must be between 0 and 100")


def test_only_the_worst_page_size_is_reported():
    query = """{ a: campaigns(first: 200) { totalCount }
                 b: campaigns(first: 5000) { totalCount }
                 c: campaigns(first: -3) { totalCount } }"""

    _, violations = run(query)

    assert kinds(violations) == ["page_size"]
    assert violations[0].actual == 5000


def test_absurd_integer_literals_are_clamped_not_crashing():
    analysis, violations = run("{ campaigns(first: %s) { totalCount } }" % ("9" * 5000))

    assert kinds(violations) == ["page_size", "cost"]
    assert violations[0].actual == analysis.cost == 10**12


def test_page_size_limits_are_configurable():
    limits = QueryLimits(max_page_size=10, default_page_size=5)

    assert cost("{ campaigns { totalCount } }", limits=limits) == 5
    _, violations = run("{ campaigns(first: 11) { totalCount } }", limits=limits)
    assert violations[0].message == "`campaigns(first:)` must be between 0 and 10, got 11."


# --- nodes(ids:) ------------------------------------------------------------------------------


def test_nodes_by_ids_multiplies_by_the_number_of_ids():
    ids = ", ".join(f'"{i}"' for i in range(3))

    assert cost(f"{{ nodes(ids: [{ids}]) {{ id }} }}") == 3
    assert cost(f"{{ nodes(ids: [{ids}]) {{ ... on Team {{ members {{ name }} }} }} }}") == 33


def test_at_most_100_node_ids():
    ids = ", ".join(f'"{i}"' for i in range(101))
    assert cost(f"{{ nodes(ids: [{ids[: ids.rindex(',')]}]) {{ id }} }}") == 100

    _, violations = run(f"{{ nodes(ids: [{ids}]) {{ id }} }}")

    assert violations == [
        LimitViolation(
            "node_ids", "`nodes(ids:)` accepts at most 100 IDs, got 101.", 100, 101, "ids"
        )
    ]


def test_node_ids_from_variables():
    query = "query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }"

    _, violations = run(query, {"ids": [str(i) for i in range(150)]})
    assert kinds(violations) == ["node_ids"]
    assert violations[0].actual == 150
    assert cost(query, {"ids": "one"}) == 1  # a single value is coerced to a list of one
    assert cost(query, {"ids": ("a", "b")}) == 2
    assert cost(query, {}) == 1


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
        LimitViolation("aliases", "The query uses 1000 aliases; at most 30 are allowed.", 30, 1000)
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


# --- cost bombs -------------------------------------------------------------------------------


def test_nested_connections_multiply():
    query = "{ things(first: 10) { nodes { children(first: 5) { edges { node { name } } } } } }"

    assert cost(query, on=THINGS) == 10 + 10 * 5


def test_a_plain_list_inside_a_connection_node_multiplies():
    assert cost("{ things(first: 10) { nodes { tags } } }", on=THINGS) == 10 + 10 * LIST_ESTIMATE


def test_a_cost_bomb_of_nested_connections_is_rejected():
    query = """{ things(first: 100) { nodes { children(first: 100) { nodes {
                   children(first: 100) { nodes { name } } } } } } }"""

    analysis, violations = run(query, on=THINGS)

    assert analysis.cost == 100 + 100 * 100 + 100 * 100 * 100
    assert violations == [
        LimitViolation(
            "cost",
            "The query could return an estimated 1010100 items, more than the maximum of "
            "50000; request smaller pages (`first`/`last`) or fewer nested lists.",
            50000,
            1010100,
        )
    ]


def test_absurd_costs_saturate():
    query = (
        "{ things(first: 100) { nodes { "
        + "children(first: 100) { nodes { " * 9
        + "name"
        + " } }" * 10
        + " }"
    )

    assert run(query, on=THINGS)[0].cost == 10**12


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
    assert analysis == QueryAnalysis(depth=2, aliases=2**30, directives_per_field=0, cost=1)
    assert kinds(violations) == ["aliases"]


def test_a_fragment_bomb_of_lists_is_analysed_in_linear_time():
    started = time.perf_counter()
    analysis, violations = run(bomb(30, "campaigns(first: 1) { totalCount }"))

    assert time.perf_counter() - started < 2.0  # exponential would take hours
    assert (analysis.aliases, analysis.cost) == (0, 2**30)
    assert kinds(violations) == ["cost"]


def test_a_long_fragment_chain_does_not_exhaust_the_stack():
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(5000))
    query = "{ ...F0 } " + chain + " fragment F5000 on Query { teams { code } }"

    analysis, violations = run(query)

    assert violations == []
    assert (analysis.depth, analysis.cost) == (2, 10)


def test_unused_fragments_are_ignored():
    query = "{ teams { code } } fragment Big on Query { campaigns(first: 1000) { totalCount } }"

    assert cost(query) == 10


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

    assert run(query) == (QueryAnalysis(depth=2, aliases=0, directives_per_field=0, cost=1), [])


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
