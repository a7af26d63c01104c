"""Static query limits on size: the estimated cost of connections, lists and siblings, page
sizes and their variables, nodes(ids:), and cost bombs of nested connections."""

from __future__ import annotations

import pytest

from server.schema.limits import LIST_ESTIMATE, LimitViolation, QueryAnalysis, QueryLimits
from tests.unit.schema.limits_analysis import THINGS, cost, kinds, run

# --- ordinary queries -------------------------------------------------------------------------


def test_a_normal_connection_query_passes_and_costs_its_page_size():
    analysis, violations = run("{ campaigns(first: 10) { nodes { no } } }")

    assert violations == []
    assert analysis == QueryAnalysis(depth=3, aliases=0, directives_per_field=0, cost=10, fields=3)


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
    assert analysis == QueryAnalysis(depth=3, aliases=0, directives_per_field=0, cost=1, fields=4)


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
