"""Segments through the GraphQL API: every mutation's payload, error codes and database."""

from __future__ import annotations

from decimal import Decimal

import httpx

from server.models import Role, Segment, SegmentLine
from tests.api.conftest import GraphQLClient, bearer
from tests.builders import (
    make_campaign,
    make_contact,
    make_salesperson,
    make_segment,
    make_template,
)

CREATE = """
mutation($input: SegmentCreateInput!) {
  segmentCreate(input: $input) {
    segment { no description unitCost campaignTarget campaign { no } interactionTemplate { code } }
    errors { code field }
  }
}
"""
UPDATE = """
mutation($input: SegmentUpdateInput!) {
  segmentUpdate(input: $input) { segment { no date } errors { code field message } }
}
"""
DELETE = """
mutation($no: String!) { segmentDelete(input: {no: $no}) { deletedId errors { code } } }
"""
ADD = """
mutation($input: SegmentContactsAddInput!) {
  segmentContactsAdd(input: $input) { count segment { no } errors { code field } }
}
"""
REMOVE = """
mutation($input: SegmentContactsRemoveInput!) {
  segmentContactsRemove(input: $input) { count errors { code field } }
}
"""
REFINE = """
mutation($input: SegmentContactsRefineInput!) {
  segmentContactsRefine(input: $input) { count errors { code field } }
}
"""
LINE = """
mutation($input: SegmentLineUpdateInput!) {
  segmentLineUpdate(input: $input) {
    segmentLine { lineNo cost evaluation contact { no } } errors { code field }
  }
}
"""
TARGET = """
mutation($input: SegmentCampaignTargetSetInput!) {
  segmentCampaignTargetSet(input: $input) { count segment { campaignTarget } errors { code } }
}
"""
LINES_TARGET = """
mutation($input: SegmentLinesCampaignTargetSetInput!) {
  segmentLinesCampaignTargetSet(input: $input) { count errors { code field } }
}
"""
READ = """
query($no: String!) {
  segment(no: $no) {
    no status loggedSegment { entryNo }
    lines(first: 2) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { lineNo campaignTarget contact { no segments { nodes { no } } } }
    }
  }
}
"""


async def _with_contacts(gql: GraphQLClient, *nos: str) -> Segment:
    segment = await make_segment(no="S1")
    for no in nos:
        await make_contact(no=no, city="Oslo" if no.startswith("O") else "Bergen")
    body = await gql(ADD, {"input": {"segmentNo": "S1", "contactNos": list(nos)}})
    assert body["data"]["segmentContactsAdd"]["count"] == len(nos)
    return segment


async def test_create_with_a_template_and_campaign(gql: GraphQLClient):
    await make_campaign(no="CP1")
    await make_template(code="MAIL", unit_cost=Decimal("0.85"))

    body = await gql(
        CREATE,
        {
            "input": {
                "description": "Mailing",
                "campaignNo": "cp1",
                "interactionTemplateCode": "mail",
            }
        },
    )

    assert body["data"]["segmentCreate"] == {
        "segment": {
            "no": "SEG00001",
            "description": "Mailing",
            "unitCost": "0.85",
            "campaignTarget": False,
            "campaign": {"no": "CP1"},
            "interactionTemplate": {"code": "MAIL"},
        },
        "errors": [],
    }


async def test_create_refusals_name_the_fields(gql: GraphQLClient):
    body = await gql(
        CREATE, {"input": {"description": "", "campaignNo": "NOPE", "unitCost": "1.234"}}
    )

    assert body["data"]["segmentCreate"] == {
        "segment": None,
        "errors": [
            {"code": "REQUIRED", "field": ["input", "description"]},
            {"code": "INVALID", "field": ["input", "unitCost"]},
            {"code": "NOT_FOUND", "field": ["input", "campaignNo"]},
        ],
    }
    assert await Segment.all().count() == 0


async def test_lines_are_added_removed_refined_and_read_back(gql: GraphQLClient):
    await _with_contacts(gql, "O1", "O2", "B1")

    read = await gql(READ, {"no": "S1"})
    page = read["data"]["segment"]["lines"]
    assert page["totalCount"] == 3
    assert page["pageInfo"]["hasNextPage"] is True
    assert [n["contact"]["no"] for n in page["nodes"]] == ["O1", "O2"]
    assert page["nodes"][0]["contact"]["segments"]["nodes"] == [{"no": "S1"}]
    assert read["data"]["segment"]["loggedSegment"] is None

    removed = await gql(REMOVE, {"input": {"segmentNo": "S1", "contactNos": ["O2"]}})
    refined = await gql(REFINE, {"input": {"segmentNo": "S1", "filter": {"city": "Bergen"}}})

    assert removed["data"]["segmentContactsRemove"] == {"count": 1, "errors": []}
    assert refined["data"]["segmentContactsRefine"] == {"count": 1, "errors": []}
    nos = await SegmentLine.all().values_list("contact__no", flat=True)
    assert list(nos) == ["B1"]


async def test_adding_by_filter_and_unknown_numbers(gql: GraphQLClient):
    await make_segment(no="S1")
    await make_contact(no="O1", city="Oslo")

    by_filter = await gql(ADD, {"input": {"segmentNo": "S1", "filter": {"city": "oslo"}}})
    unknown = await gql(ADD, {"input": {"segmentNo": "S1", "contactNos": ["O1", "ZZ"]}})

    assert by_filter["data"]["segmentContactsAdd"]["count"] == 1
    assert unknown["data"]["segmentContactsAdd"] == {
        "count": None,
        "segment": None,
        "errors": [{"code": "NOT_FOUND", "field": ["input", "contactNos", "1"]}],
    }


async def test_a_line_changes_and_targets_are_set(gql: GraphQLClient):
    await _with_contacts(gql, "O1", "O2")

    line = await gql(
        LINE,
        {"input": {"segmentNo": "S1", "lineNo": 10000, "cost": "2.50", "evaluation": "POSITIVE"}},
    )
    whole = await gql(TARGET, {"input": {"segmentNo": "S1", "value": True}})
    chosen = await gql(
        LINES_TARGET, {"input": {"segmentNo": "S1", "value": False, "contactNos": ["O2"]}}
    )
    missing = await gql(
        LINES_TARGET, {"input": {"segmentNo": "S1", "value": False, "lineNos": [5]}}
    )

    assert line["data"]["segmentLineUpdate"] == {
        "segmentLine": {
            "lineNo": 10000,
            "cost": "2.50",
            "evaluation": "POSITIVE",
            "contact": {"no": "O1"},
        },
        "errors": [],
    }
    assert whole["data"]["segmentCampaignTargetSet"] == {
        "count": 2,
        "segment": {"campaignTarget": True},
        "errors": [],
    }
    assert chosen["data"]["segmentLinesCampaignTargetSet"] == {"count": 1, "errors": []}
    assert missing["data"]["segmentLinesCampaignTargetSet"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "lineNos", "0"]}
    ]
    flags = await SegmentLine.all().order_by("line_no").values_list("campaign_target", flat=True)
    assert list(flags) == [True, False]


async def test_update_propagates_unless_told_not_to(gql: GraphQLClient):
    await _with_contacts(gql, "O1")

    kept = await gql(UPDATE, {"input": {"no": "S1", "date": "2026-06-01", "applyToLines": False}})
    spread = await gql(UPDATE, {"input": {"no": "S1", "date": "2026-07-01"}})

    assert kept["data"]["segmentUpdate"]["segment"] == {"no": "S1", "date": "2026-06-01"}
    assert spread["data"]["segmentUpdate"]["errors"] == []
    assert str((await SegmentLine.get(line_no=10000)).date) == "2026-07-01"


async def test_delete_and_missing_segments(gql: GraphQLClient):
    segment = await _with_contacts(gql, "O1")

    gone = await gql(DELETE, {"no": "S1"})
    again = await gql(DELETE, {"no": "S1"})

    assert gone["data"]["segmentDelete"]["errors"] == []
    assert gone["data"]["segmentDelete"]["deletedId"]
    assert again["data"]["segmentDelete"]["errors"] == [{"code": "NOT_FOUND"}]
    assert await Segment.filter(id=segment.id).count() == 0
    assert await SegmentLine.all().count() == 0


async def test_sales_work_on_their_own_segments_only(http: httpx.AsyncClient):
    ann = await make_salesperson(code="ANN")
    bob = await make_salesperson(code="BOB")
    await make_segment(no="MINE", salesperson=ann)
    await make_segment(no="HIS", salesperson=bob)
    headers = await bearer(Role.SALES, salesperson=ann)
    rename = (
        'mutation($no: String!) { segmentUpdate(input: {no: $no, description: "X"}) '
        "{ segment { description } errors { code } } }"
    )

    mine = await http.post(
        "/graphql", json={"query": rename, "variables": {"no": "MINE"}}, headers=headers
    )
    his = await http.post(
        "/graphql", json={"query": rename, "variables": {"no": "HIS"}}, headers=headers
    )

    assert mine.json()["data"]["segmentUpdate"] == {"segment": {"description": "X"}, "errors": []}
    assert his.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await Segment.get(no="HIS")).description != "X"
