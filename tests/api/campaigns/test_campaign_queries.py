"""campaign(no:), campaigns(...) paging, filtering, ordering, and node(id:)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from server.models import Campaign
from tests.api.conftest import GraphQLClient
from tests.builders import make_campaign, make_salesperson, make_status
from tests.conftest import TODAY, StatementCounter

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String,
           $orderBy: [CampaignOrder!], $filter: CampaignFilter) {
  campaigns(first: $first, after: $after, last: $last, before: $before,
            orderBy: $orderBy, filter: $filter) {
    totalCount
    edges { cursor node { no } }
    nodes { no startingDate }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

ONE = """
query One($no: String!) {
  campaign(no: $no) { id no description status { code } salesperson { code } }
}
"""

NODE = """
query Node($id: ID!) { node(id: $id) { id __typename ... on Campaign { no } } }
"""


async def _bulk_campaigns(count: int) -> list[str]:
    day = TODAY.date()
    rows = [
        Campaign(
            no=f"CP{i:05d}",
            description=f"Campaign {i}",
            starting_date=None if i % 7 == 0 else day + timedelta(days=(i * 37) % 50),
            last_date_modified=day,
        )
        for i in range(1, count + 1)
    ]
    await Campaign.bulk_create(rows)
    return [r.no for r in rows]


async def _walk(gql: GraphQLClient, *, backward: bool, order: Any = None) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        variables: dict[str, Any] = {"orderBy": order}
        if backward:
            variables.update(last=100, before=cursor)
        else:
            variables.update(first=100, after=cursor)
        body = await gql(PAGE, variables)
        assert "errors" not in body, body
        conn = body["data"]["campaigns"]
        assert conn["totalCount"] == 250
        page = conn["nodes"]
        seen = page + seen if backward else seen + page
        info = conn["pageInfo"]
        more = info["hasPreviousPage"] if backward else info["hasNextPage"]
        if not more:
            return seen
        cursor = info["startCursor"] if backward else info["endCursor"]


async def test_paging_250_campaigns_forwards_and_backwards_returns_each_once_in_order(
    gql: GraphQLClient,
):
    nos = await _bulk_campaigns(250)

    forward = [n["no"] for n in await _walk(gql, backward=False)]
    backward = [n["no"] for n in await _walk(gql, backward=True)]

    assert forward == sorted(nos)
    assert backward == sorted(nos)


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_paging_by_nullable_starting_date_is_complete_and_ordered(
    gql: GraphQLClient, direction: str
):
    await _bulk_campaigns(250)
    order = [{"field": "STARTING_DATE", "direction": direction}]

    forward = await _walk(gql, backward=False, order=order)
    backward = await _walk(gql, backward=True, order=order)

    keys = [(n["startingDate"] or "", n["no"]) for n in forward]
    assert len({n["no"] for n in forward}) == 250
    assert keys == sorted(keys, reverse=direction == "DESC")
    assert backward == forward


async def test_cursor_is_stable_when_rows_are_inserted_before_it(gql: GraphQLClient):
    await _bulk_campaigns(30)
    first = await gql(PAGE, {"first": 10})
    end = first["data"]["campaigns"]["pageInfo"]["endCursor"]
    await make_campaign(no="CP00000")

    second = await gql(PAGE, {"first": 10, "after": end})

    assert second["data"]["campaigns"]["nodes"][0]["no"] == "CP00011"


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"first": 101}, "first"),
        ({"last": 101}, "last"),
        ({"first": -1}, "first"),
        ({"first": 5, "last": 5}, "first"),
        ({"after": "garbage!"}, "after"),
        ({"before": "eyJvIjoiTk86QSIsInYiOlsxXX0"}, "before"),
    ],
)
async def test_bad_paging_arguments_are_errors_not_crashes(
    gql: GraphQLClient, variables: dict[str, Any], argument: str
):
    await _bulk_campaigns(3)

    body = await gql(PAGE, variables)

    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument


async def test_cursor_from_another_ordering_is_refused(gql: GraphQLClient):
    await _bulk_campaigns(5)
    body = await gql(PAGE, {"first": 2})
    cursor = body["data"]["campaigns"]["pageInfo"]["endCursor"]

    other = await gql(PAGE, {"first": 2, "after": cursor, "orderBy": [{"field": "DESCRIPTION"}]})

    assert other["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_default_page_is_20_and_an_empty_list_has_no_cursors(gql: GraphQLClient):
    empty = await gql(PAGE, {})
    assert empty["data"]["campaigns"]["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }
    await _bulk_campaigns(25)

    body = await gql(PAGE, {})

    assert len(body["data"]["campaigns"]["nodes"]) == 20
    assert body["data"]["campaigns"]["pageInfo"]["hasNextPage"] is True


async def test_filter_applies_to_page_and_total_count(gql: GraphQLClient):
    running = await make_status(code="RUNNING")
    await make_campaign(no="A", status=running, starting_date=date(2026, 3, 1))
    await make_campaign(no="B", starting_date=date(2026, 3, 1))
    await make_campaign(no="C", status=running, starting_date=date(2026, 9, 1))

    body = await gql(PAGE, {"filter": {"statusCodes": ["RUNNING"], "activeOn": "2026-03-15"}})

    conn = body["data"]["campaigns"]
    assert [n["no"] for n in conn["nodes"]] == ["A"]
    assert conn["totalCount"] == 1


async def test_campaign_by_number_and_node_round_trip(gql: GraphQLClient):
    status = await make_status(code="PLANNED")
    person = await make_salesperson(code="ANN")
    await make_campaign(no="CP1", status=status, salesperson=person)

    body = await gql(ONE, {"no": "cp1"})
    campaign = body["data"]["campaign"]
    node = await gql(NODE, {"id": campaign["id"]})

    assert campaign["status"] == {"code": "PLANNED"}
    assert campaign["salesperson"] == {"code": "ANN"}
    assert node["data"]["node"] == {"id": campaign["id"], "__typename": "Campaign", "no": "CP1"}
    assert (await gql(ONE, {"no": "NOPE"}))["data"]["campaign"] is None


async def test_node_with_unknown_or_malformed_id(gql: GraphQLClient):
    unknown = await gql(NODE, {"id": "Q2FtcGFpZ246OTk5OTk"})  # Campaign:99999
    malformed = await gql(NODE, {"id": "%%%"})

    assert unknown["data"]["node"] is None
    assert malformed["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("rows", [3, 60])
async def test_nested_references_cost_one_statement_per_level(
    gql: GraphQLClient, sql: StatementCounter, rows: int
):
    for i in range(rows):
        status = await make_status(code=f"S{i}")
        person = await make_salesperson(code=f"P{i}")
        await make_campaign(no=f"N{i:02d}", status=status, salesperson=person)
    query = """{ campaigns(first: 100) { totalCount
                 nodes { no status { code } salesperson { code } } } }"""
    sql.statements.clear()

    body = await gql(query)

    assert len(body["data"]["campaigns"]["nodes"]) == rows
    # page + count + statuses + salespeople, however many campaigns are listed
    assert sql.count == 4, sql.statements


NODES = """
query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Campaign { no }
    ... on Salesperson { code }
    ... on Team { code members { code } }
    ... on CampaignStatus { code }
  }
}
"""


async def test_nodes_resolves_every_node_type_in_order_with_nulls_for_unknown_ids(
    gql: GraphQLClient, sql: StatementCounter
):
    status = await make_status(code="RUNNING")
    person = await make_salesperson(code="ANN")
    await make_campaign(no="CP1", status=status, salesperson=person)
    ids_body = await gql(
        """{ campaign(no: "CP1") { id status { id } salesperson { id } }
             teams { id } }"""
    )
    c = ids_body["data"]["campaign"]
    ids = [c["salesperson"]["id"], "Q2FtcGFpZ246OTk5OTk", c["id"], c["status"]["id"]]
    sql.statements.clear()

    body = await gql(NODES, {"ids": ids})

    assert body["data"]["nodes"] == [
        {"__typename": "Salesperson", "code": "ANN"},
        None,
        {"__typename": "Campaign", "no": "CP1"},
        {"__typename": "CampaignStatus", "code": "RUNNING"},
    ]
    assert sql.count == 3  # one batched statement per type


async def test_nodes_refuses_more_than_100_ids(gql: GraphQLClient):
    body = await gql(NODES, {"ids": ["x"] * 101})

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
