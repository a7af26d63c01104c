"""Setup through the GraphQL API: salespeople, teams, status codes."""

from __future__ import annotations

from server.models import CampaignStatus, Salesperson, Team
from tests.api.conftest import GraphQLClient
from tests.builders import make_campaign, make_salesperson, make_status

SALESPERSON_CREATE = """
mutation($input: SalespersonCreateInput!) {
  salespersonCreate(input: $input) { salesperson { id code name email } errors { code field } }
}
"""
SALESPERSON_UPDATE = """
mutation($input: SalespersonUpdateInput!) {
  salespersonUpdate(input: $input) { salesperson { code blocked } errors { code field } }
}
"""
SALESPERSON_DELETE = """
mutation($code: String!) {
  salespersonDelete(input: {code: $code}) { deletedId errors { code message } }
}
"""
TEAM_CREATE = """
mutation($input: TeamCreateInput!) {
  teamCreate(input: $input) { team { code members { code } } errors { code field } }
}
"""
TEAM_UPDATE = """
mutation($input: TeamUpdateInput!) {
  teamUpdate(input: $input) { team { code name members { code } } errors { code field } }
}
"""
TEAM_DELETE = """
mutation($code: String!) { teamDelete(input: {code: $code}) { deletedId errors { code } } }
"""
STATUS_CREATE = """
mutation($input: CampaignStatusCreateInput!) {
  campaignStatusCreate(input: $input) { campaignStatus { code sortOrder } errors { code field } }
}
"""
STATUS_UPDATE = """
mutation($input: CampaignStatusUpdateInput!) {
  campaignStatusUpdate(input: $input) { campaignStatus { description } errors { code } }
}
"""
STATUS_DELETE = """
mutation($code: String!) {
  campaignStatusDelete(input: {code: $code}) { deletedId errors { code } }
}
"""
LISTS = """
{ salespeople { code } teams { code members { code } } campaignStatuses { code }
  salesperson(code: "jo") { name } team(code: "north") { name } campaignStatus(code: "x") { code } }
"""


async def test_salesperson_lifecycle(gql: GraphQLClient):
    created = await gql(SALESPERSON_CREATE, {"input": {"code": "jo", "name": "Jim Olive"}})
    bad = await gql(SALESPERSON_CREATE, {"input": {"code": "JO", "name": "Dup", "email": "x"}})
    updated = await gql(SALESPERSON_UPDATE, {"input": {"code": "JO", "blocked": True}})
    deleted = await gql(SALESPERSON_DELETE, {"code": "JO"})

    assert created["data"]["salespersonCreate"]["salesperson"]["code"] == "JO"
    assert {(e["code"], tuple(e["field"])) for e in bad["data"]["salespersonCreate"]["errors"]} == {
        ("INVALID", ("input", "email"))
    }
    assert updated["data"]["salespersonUpdate"]["salesperson"] == {"code": "JO", "blocked": True}
    assert deleted["data"]["salespersonDelete"]["errors"] == []
    assert (
        deleted["data"]["salespersonDelete"]["deletedId"]
        == (created["data"]["salespersonCreate"]["salesperson"]["id"])
    )
    assert await Salesperson.all().count() == 0


async def test_salesperson_in_use_delete_is_refused_with_reason(gql: GraphQLClient):
    person = await make_salesperson(code="JO")
    await make_campaign(salesperson=person)

    body = await gql(SALESPERSON_DELETE, {"code": "JO"})

    payload = body["data"]["salespersonDelete"]
    assert payload["deletedId"] is None
    assert payload["errors"][0]["code"] == "IN_USE"
    assert "campaigns" in payload["errors"][0]["message"]
    assert await Salesperson.exists(code="JO")


async def test_team_lifecycle_and_member_errors_point_at_the_index(gql: GraphQLClient):
    await make_salesperson(code="A")
    await make_salesperson(code="B")

    created = await gql(
        TEAM_CREATE, {"input": {"code": "north", "name": "North", "memberCodes": ["b", "a"]}}
    )
    refused = await gql(TEAM_UPDATE, {"input": {"code": "NORTH", "memberCodes": ["A", "NOPE"]}})
    renamed = await gql(TEAM_UPDATE, {"input": {"code": "NORTH", "name": "Nord"}})
    lists = await gql(LISTS)
    deleted = await gql(TEAM_DELETE, {"code": "NORTH"})

    assert created["data"]["teamCreate"]["team"] == {
        "code": "NORTH",
        "members": [{"code": "A"}, {"code": "B"}],
    }
    assert refused["data"]["teamUpdate"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "memberCodes", "1"]}
    ]
    assert renamed["data"]["teamUpdate"]["team"]["members"] == [{"code": "A"}, {"code": "B"}]
    assert lists["data"]["teams"] == [{"code": "NORTH", "members": [{"code": "A"}, {"code": "B"}]}]
    assert lists["data"]["team"] == {"name": "Nord"}
    assert deleted["data"]["teamDelete"]["errors"] == []
    assert await Team.all().count() == 0


async def test_status_lifecycle_and_in_use_refusal(gql: GraphQLClient):
    created = await gql(
        STATUS_CREATE, {"input": {"code": "planned", "description": "Planned", "sortOrder": 3}}
    )
    updated = await gql(STATUS_UPDATE, {"input": {"code": "PLANNED", "description": "Plan"}})
    used = await make_status(code="RUNNING")
    await make_campaign(status=used)
    refused = await gql(STATUS_DELETE, {"code": "RUNNING"})
    deleted = await gql(STATUS_DELETE, {"code": "PLANNED"})

    assert created["data"]["campaignStatusCreate"]["campaignStatus"] == {
        "code": "PLANNED",
        "sortOrder": 3,
    }
    assert updated["data"]["campaignStatusUpdate"]["campaignStatus"] == {"description": "Plan"}
    assert refused["data"]["campaignStatusDelete"]["errors"] == [{"code": "IN_USE"}]
    assert deleted["data"]["campaignStatusDelete"]["errors"] == []
    assert [s.code for s in await CampaignStatus.all()] == ["RUNNING"]
