"""Request errors are request errors (issue 17, class 3): variables that do not fit their
definitions, and a document of several operations without an operationName, are refused before
anything executes -- a 4xx without `data` under application/graphql-response+json, as GraphQL
over HTTP requires -- and nothing is written."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from server.models import Campaign

GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}

CREATE = """
mutation($description: String!, $starting: Date) {
  campaignCreate(input: {description: $description, startingDate: $starting}) {
    campaign { no }
  }
}
"""

TWO_OPERATIONS = """
query Look { viewer { username } }
mutation Make { campaignCreate(input: {description: "Made"}) { campaign { no } } }
"""


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({"description": 5}, "String cannot represent a non string value"),
        ({}, "'String!' to be provided"),
        ({"description": "Fair", "starting": "2026-13-01"}, "$starting"),
        ({"description": "Fair", "starting": 20260101}, "$starting"),
    ],
    ids=["number-for-string", "missing-required", "impossible-date", "number-for-date"],
)
async def test_variables_that_do_not_fit_are_a_4xx_without_data(
    db: object, http: httpx.AsyncClient, variables: dict[str, Any], words: str
):
    response = await http.post(
        "/graphql", json={"query": CREATE, "variables": variables}, headers=GRAPHQL_RESPONSE
    )

    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    (error,) = body["errors"]
    assert words in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert await Campaign.all().count() == 0


async def test_with_plain_json_the_same_refusal_is_an_error_list_and_nothing_runs(
    db: object, http: httpx.AsyncClient
):
    response = await http.post("/graphql", json={"query": CREATE, "variables": {}})

    assert response.status_code == 200
    assert response.json()["data"] is None
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_USER_INPUT"]
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize("headers", [GRAPHQL_RESPONSE, {}], ids=["graphql-response", "json"])
async def test_several_operations_without_an_operation_name_run_none_of_them(
    db: object, http: httpx.AsyncClient, headers: dict[str, str]
):
    response = await http.post("/graphql", json={"query": TWO_OPERATIONS}, headers=headers)

    assert response.status_code == (400 if headers else 200)
    (error,) = response.json()["errors"]
    assert error["message"] == "Must provide operation name if query contains multiple operations."
    assert await Campaign.all().count() == 0


async def test_an_operation_name_picks_its_operation(db: object, http: httpx.AsyncClient):
    response = await http.post("/graphql", json={"query": TWO_OPERATIONS, "operationName": "Make"})

    assert response.status_code == 200
    assert "errors" not in response.json()
    assert await Campaign.all().count() == 1


async def test_an_unknown_operation_name_is_refused(db: object, http: httpx.AsyncClient):
    response = await http.post(
        "/graphql",
        json={"query": TWO_OPERATIONS, "operationName": "Other"},
        headers=GRAPHQL_RESPONSE,
    )

    assert response.status_code == 400
    assert "data" not in response.json()
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    ("literal", "words"),
    [
        (
            "{description: 5}",
            "Argument 'input' of field 'campaignCreate' has invalid value at .description: "
            "String cannot represent a non string value: 5",
        ),
        (
            '{description: "Fair", startingDate: "2026-02-30"}',
            "Argument 'input' of field 'campaignCreate' has invalid value at .startingDate: ",
        ),
        (
            '{descripton: "Fair"}',
            "Argument 'input' of field 'campaignCreate' has invalid value: ",
        ),
    ],
    ids=["number-for-string", "impossible-date", "misspelt-field"],
)
async def test_a_value_written_in_the_document_names_its_argument_and_path(
    db: object, http: httpx.AsyncClient, literal: str, words: str
):
    query = f"mutation {{ campaignCreate(input: {literal}) {{ campaign {{ no }} }} }}"
    response = await http.post("/graphql", json={"query": query}, headers=GRAPHQL_RESPONSE)

    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    for error in body["errors"]:  # a misspelt field: one required missing, one unknown
        assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert error["message"].startswith(words)
        assert error["locations"]
    assert await Campaign.all().count() == 0
