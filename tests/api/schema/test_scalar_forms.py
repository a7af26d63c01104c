"""Scalars accept only the forms they document (issue 17, class 8): Python's own parsers would
also read `20260101`, `2026-W01-1`, `1_000`, non-ASCII digits, exponents and padded or
spaced IDs, each silently meaning something. Refused values are request errors and write
nothing; the documented forms keep working."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from server.models import Campaign
from tests.api.conftest import GraphQLClient
from tests.builders import make_campaign

CREATE = """
mutation($i: CampaignCreateInput!) {
  campaignCreate(input: $i) { campaign { startingDate budgetedCost } errors { code } }
}
"""
NODE = "query($id: ID!) { node(id: $id) { id } }"


def _raw_id(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "value",
    [
        "20260101",
        "2026-W01-1",
        "2026-001",
        "2026-1-5",
        "\u0662\u0660\u0662\u0666-01-01",
        "2026-02-30",
    ],
)
async def test_a_date_in_another_form_is_refused(http: httpx.AsyncClient, value: str):
    await _refused(http, "startingDate", value, "Date")


@pytest.mark.parametrize(
    "value", ["1_000", "\u0661\u0662", "1E+1", " 5", "5 ", "+5", "1.", ".5", "NaN", True, 5, 12.5]
)
async def test_a_decimal_in_another_form_is_refused(http: httpx.AsyncClient, value: Any):
    await _refused(http, "budgetedCost", value, "Decimal")


async def _refused(http: httpx.AsyncClient, field: str, value: Any, scalar: str) -> None:
    """Creating a campaign with `value` in `field` is BAD_USER_INPUT naming `scalar`, and
    creates nothing."""
    response = await http.post(
        "/graphql",
        json={"query": CREATE, "variables": {"i": {"description": "x", field: value}}},
    )

    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert scalar in error["message"]
    assert await Campaign.all().count() == 0


async def test_a_literal_in_another_form_is_refused_too(http: httpx.AsyncClient):
    document = (
        'mutation { campaignCreate(input: {description: "x", startingDate: "20260101"}) '
        "{ campaign { no } } }"
    )

    response = await http.post("/graphql", json={"query": document})

    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    ("date", "cost", "served"),
    [("2026-03-31", "12.50", "12.50"), ("2026-03-31", "0.5", "0.50"), ("2026-03-31", "5", "5.00")],
)
async def test_the_documented_forms_are_taken(
    gql: GraphQLClient, date: str, cost: Any, served: str
):
    body = await gql(
        CREATE, {"i": {"description": "x", "startingDate": date, "budgetedCost": cost}}
    )

    assert body["data"]["campaignCreate"] == {
        "campaign": {"startingDate": date, "budgetedCost": served},
        "errors": [],
    }


@pytest.mark.parametrize(
    "make",
    [
        lambda pk: _raw_id(f"Campaign:{pk}") + "==",
        lambda pk: _raw_id(f"Campaign:{pk}")[:4] + "#" + _raw_id(f"Campaign:{pk}")[4:],
        lambda pk: _raw_id(f"Campaign: {pk}"),
        lambda pk: _raw_id(f"Campaign:0{pk}"),
        lambda pk: _raw_id(f"Campaign:{pk}_0"),
        lambda pk: _raw_id("Campaign:\u0661"),
        lambda pk: _raw_id("Campaign:\u00b2"),
    ],
    ids=[
        "padded",
        "stray-character",
        "space",
        "leading-zero",
        "underscore",
        "arabic",
        "superscript",
    ],
)
async def test_an_id_in_another_form_than_the_one_served_is_refused(gql: GraphQLClient, make: Any):
    campaign = await make_campaign(no="CP1")

    body = await gql(NODE, {"id": make(campaign.id)})

    assert body["data"] == {"node": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_served_id_finds_its_object(gql: GraphQLClient):
    campaign = await make_campaign(no="CP1")
    served = _raw_id(f"Campaign:{campaign.id}")

    body = await gql(NODE, {"id": served})

    assert body == {"data": {"node": {"id": served}}}
