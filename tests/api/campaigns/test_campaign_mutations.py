"""campaignCreate / campaignUpdate / campaignDelete through the GraphQL API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from server.models import Campaign
from tests.api.conftest import GraphQLClient
from tests.builders import make_campaign, make_salesperson, make_status

CREATE = """
mutation Create($input: CampaignCreateInput!) {
  campaignCreate(input: $input) {
    campaign { id no description startingDate endingDate budgetedCost
               status { code } salesperson { code name } lastDateModified }
    errors { code message field }
  }
}
"""

UPDATE = """
mutation Update($input: CampaignUpdateInput!) {
  campaignUpdate(input: $input) {
    campaign { no description endingDate status { code } }
    errors { code message field }
  }
}
"""

DELETE = """
mutation Delete($no: String!) {
  campaignDelete(input: {no: $no}) { deletedId campaign { no } errors { code message field } }
}
"""


async def test_create_returns_the_campaign_with_its_references(gql: GraphQLClient):
    await make_status(code="RUNNING")
    await make_salesperson(code="ANN", name="Ann Lee")

    body = await gql(
        CREATE,
        {
            "input": {
                "description": "Spring fair",
                "startingDate": "2026-04-01",
                "endingDate": "2026-04-30",
                "statusCode": "running",
                "salespersonCode": "ann",
                "budgetedCost": "1500.5",
            }
        },
    )

    payload = body["data"]["campaignCreate"]
    assert payload["errors"] == []
    campaign = payload["campaign"]
    assert campaign["no"] == "CP00001"
    assert campaign["budgetedCost"] == "1500.50"
    assert campaign["status"] == {"code": "RUNNING"}
    assert campaign["salesperson"] == {"code": "ANN", "name": "Ann Lee"}
    stored = await Campaign.get(no="CP00001")
    assert stored.ending_date == date(2026, 4, 30)
    assert stored.budgeted_cost == Decimal("1500.50")


async def test_create_with_ending_before_starting_is_refused_and_stores_nothing(
    gql: GraphQLClient,
):
    body = await gql(
        CREATE,
        {"input": {"description": "X", "startingDate": "2026-05-01", "endingDate": "2026-04-01"}},
    )

    payload = body["data"]["campaignCreate"]
    assert payload["campaign"] is None
    assert payload["errors"][0]["code"] == "CAMPAIGN_DATES_INVALID"
    assert payload["errors"][0]["field"] == ["input", "endingDate"]
    assert await Campaign.all().count() == 0


async def test_create_reports_unknown_references_with_camel_case_fields(gql: GraphQLClient):
    body = await gql(
        CREATE, {"input": {"description": "X", "statusCode": "NOPE", "salespersonCode": "NOBODY"}}
    )

    errors = body["data"]["campaignCreate"]["errors"]
    assert {(e["code"], tuple(e["field"])) for e in errors} == {
        ("NOT_FOUND", ("input", "statusCode")),
        ("NOT_FOUND", ("input", "salespersonCode")),
    }
    assert await Campaign.all().count() == 0


async def test_invalid_decimal_is_a_graphql_validation_error(gql: GraphQLClient):
    body = await gql(CREATE, {"input": {"description": "X", "budgetedCost": "lots"}})

    assert body.get("data") is None
    assert "Decimal" in body["errors"][0]["message"]
    assert await Campaign.all().count() == 0


async def test_update_changes_only_given_fields_and_null_clears(gql: GraphQLClient):
    status = await make_status(code="PLANNED")
    await make_campaign(no="CP1", description="Old", status=status, ending_date=date(2026, 6, 1))

    body = await gql(UPDATE, {"input": {"no": "cp1", "statusCode": None, "description": "New"}})

    payload = body["data"]["campaignUpdate"]
    assert payload["errors"] == []
    assert payload["campaign"] == {
        "no": "CP1",
        "description": "New",
        "endingDate": "2026-06-01",
        "status": None,
    }


async def test_update_of_unknown_campaign_is_not_found(gql: GraphQLClient):
    body = await gql(UPDATE, {"input": {"no": "NOPE", "description": "X"}})

    assert body["data"]["campaignUpdate"]["errors"][0]["code"] == "NOT_FOUND"


async def test_delete_returns_the_deleted_id(gql: GraphQLClient):
    await make_campaign(no="CP1")

    body = await gql(DELETE, {"no": "CP1"})

    payload = body["data"]["campaignDelete"]
    assert payload["errors"] == []
    assert payload["deletedId"]
    assert payload["campaign"] == {"no": "CP1"}
    assert not await Campaign.exists(no="CP1")
