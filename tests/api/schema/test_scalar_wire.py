"""The scalars' wire forms through the endpoint (issue 19): Decimal a string both ways (a
number is refused, in variables and written in the document), DateTime with a required
offset and served in UTC with microseconds, Time `HH:MM:SS`. A refusal names the field (its
path for a variable, its location for a literal), the value and the expected form, and
changes nothing in the database."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import httpx
import pytest

from server.models import ApiToken, Campaign, Role, Task
from tests.api.conftest import GraphQLClient, bearer
from tests.builders import make_campaign, make_user

CAMPAIGN_CREATE = """
mutation($i: CampaignCreateInput!) {
  campaignCreate(input: $i) { campaign { no budgetedCost } errors { code } }
}
"""
TOKEN_CREATE = """
mutation($i: ApiTokenCreateInput!) {
  apiTokenCreate(input: $i) { apiToken { createdAt expiresAt } errors { code field } }
}
"""
TASK_CREATE = """
mutation($i: TaskCreateInput!) {
  taskCreate(input: $i) { task { no startTime } errors { code field } }
}
"""
SERVED_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00")


def _refusal(body: dict[str, Any], code: str) -> str:
    assert body.get("data") is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code
    message: str = error["message"]
    return message


# --- Decimal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [12.5, 12, 0.1])
async def test_a_number_in_a_variable_for_a_decimal_is_refused(gql: GraphQLClient, number: Any):
    body = await gql(CAMPAIGN_CREATE, {"i": {"description": "x", "budgetedCost": number}})

    message = _refusal(body, "BAD_USER_INPUT")
    assert message.startswith("Variable '$i' has invalid value at .budgetedCost: ")
    assert f"Value cannot represent a Decimal: {number}. " in message
    assert f'Send a Decimal as a string, e.g. "{number}"' in message
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize("literal", ["12.5", "12", "1e3"])
async def test_a_number_written_in_the_document_for_a_decimal_is_refused(
    gql: GraphQLClient, literal: str
):
    document = (
        f'mutation {{ campaignCreate(input: {{description: "x", budgetedCost: {literal}}}) '
        "{ campaign { no } } }"
    )

    body = await gql(document)

    message = _refusal(body, "GRAPHQL_VALIDATION_FAILED")
    assert "Value cannot represent a Decimal: " in message
    assert "Send a Decimal as a string" in message
    column = document.index(f"budgetedCost: {literal}") + len("budgetedCost: ") + 1
    assert body["errors"][0]["locations"] == [{"line": 1, "column": column}]
    assert await Campaign.all().count() == 0


async def test_a_refused_decimal_changes_nothing_on_update(gql: GraphQLClient):
    await make_campaign(no="CP1", budgeted_cost=Decimal("10.00"))
    update = """
    mutation($c: Decimal) {
      campaignUpdate(input: {no: "CP1", description: "changed", budgetedCost: $c}) {
        campaign { no } errors { code }
      }
    }
    """

    body = await gql(update, {"c": 99.5})

    message = _refusal(body, "BAD_USER_INPUT")
    assert message.startswith("Variable '$c' has invalid value: Value cannot represent a Decimal")
    campaign = await Campaign.get(no="CP1")
    assert (campaign.description, campaign.budgeted_cost) != ("changed", Decimal("99.50"))
    assert campaign.budgeted_cost == Decimal("10.00")


@pytest.mark.parametrize(("sent", "served"), [("12.5", "12.50"), ("-0", "0.00"), ("0", "0.00")])
async def test_a_decimal_string_is_taken_and_served_as_a_string(
    gql: GraphQLClient, sent: str, served: str
):
    body = await gql(CAMPAIGN_CREATE, {"i": {"description": "x", "budgetedCost": sent}})

    assert body["data"]["campaignCreate"]["campaign"]["budgetedCost"] == served


# --- DateTime --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["2027-01-31T17:30:00", "2027-01-31 17:30:00Z", "2027-01-31", 1801675800]
)
async def test_a_date_time_without_offset_or_in_another_form_is_refused(
    http: httpx.AsyncClient, value: Any
):
    admin = await bearer(Role.ADMIN)
    await make_user(username="ann")
    tokens = await ApiToken.all().count()

    response = await http.post(
        "/graphql",
        json={
            "query": TOKEN_CREATE,
            "variables": {"i": {"username": "ann", "name": "ci", "expiresAt": value}},
        },
        headers=admin,
    )

    message = _refusal(response.json(), "BAD_USER_INPUT")
    assert message.startswith("Variable '$i' has invalid value at .expiresAt: ")
    assert "Value cannot represent a DateTime: " in message
    assert '"YYYY-MM-DDTHH:MM:SS"' in message
    assert '"Z" or an offset' in message
    assert await ApiToken.all().count() == tokens


async def test_a_date_time_with_offset_is_stored_as_that_instant_and_served_in_utc(
    http: httpx.AsyncClient,
):
    admin = await bearer(Role.ADMIN)
    await make_user(username="ann")
    variables = {"i": {"username": "ann", "name": "ci", "expiresAt": "2027-01-31T18:30:00+01:00"}}

    response = await http.post(
        "/graphql", json={"query": TOKEN_CREATE, "variables": variables}, headers=admin
    )

    token = response.json()["data"]["apiTokenCreate"]["apiToken"]
    assert token["expiresAt"] == "2027-01-31T17:30:00.000000+00:00"
    assert SERVED_UTC.fullmatch(token["createdAt"])


# --- Time ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["09:30", "09:30:00.5", "09:30:00+01:00", "9:30:00"])
async def test_a_time_in_another_form_is_refused(gql: GraphQLClient, value: str):
    body = await gql(TASK_CREATE, {"i": {"description": "Call", "date": "2026-04-01",
                                         "startTime": value}})  # fmt: skip

    message = _refusal(body, "BAD_USER_INPUT")
    assert message.startswith("Variable '$i' has invalid value at .startTime: ")
    assert f'Value cannot represent a Time: "{value}". Expected a string "HH:MM:SS"' in message
    assert await Task.all().count() == 0


async def test_a_time_written_in_the_document_in_another_form_is_refused(gql: GraphQLClient):
    document = (
        'mutation { taskCreate(input: {description: "Call", date: "2026-04-01", '
        'startTime: "9:30"}) { task { no } } }'
    )

    body = await gql(document)

    message = _refusal(body, "GRAPHQL_VALIDATION_FAILED")
    assert message.startswith(
        "Argument 'input' of field 'taskCreate' has invalid value at .startTime: "
        'Value cannot represent a Time: "9:30". Expected'
    )
    assert body["errors"][0]["locations"] == [{"line": 1, "column": document.index('"9:30"') + 1}]
    assert await Task.all().count() == 0
