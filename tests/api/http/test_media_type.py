"""GraphQL-over-HTTP response media types: application/json by default,
application/graphql-response+json (with 4xx request errors) when the client asks for it."""

from __future__ import annotations

import json

import httpx
import pytest

from server.http.negotiation import wants_graphql_response
from server.models import Campaign
from tests.builders import make_campaign

GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}
CREATE = 'mutation { campaignCreate(input: {description: "X"}) { campaign { no } } }'


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        ("application/json", False),
        ("application/graphql-response+json", True),
        ("application/graphql-response+json, application/json;q=0.9", True),
        ("application/json, application/graphql-response+json;q=0.5", False),
        ("application/graphql-response+json;q=0", False),
        ("Application/GraphQL-Response+JSON;q=bad", False),
        ("text/html, application/graphql-response+json", True),
    ],
)
def test_accept_negotiation(accept: str | None, expected: bool):
    assert wants_graphql_response(accept) is expected


async def test_default_is_application_json_with_200_for_validation_errors(
    http: httpx.AsyncClient,
):
    ok = await http.post("/graphql", json={"query": "{ __typename }"})
    invalid = await http.post("/graphql", json={"query": "{ noSuchField }"})

    for response in (ok, invalid):
        assert response.headers["content-type"].startswith("application/json")
        assert response.status_code == 200
    assert invalid.json()["data"] is None
    assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_graphql_response_json_answers_successes_with_200(http: httpx.AsyncClient):
    await make_campaign(no="CP1")

    response = await http.post(
        "/graphql", json={"query": '{ campaign(no: "CP1") { no } }'}, headers=GRAPHQL_RESPONSE
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert response.json() == {"data": {"campaign": {"no": "CP1"}}}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ noSuchField }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ campaign(no: ", "GRAPHQL_PARSE_FAILED"),
        ("{ campaigns(first: 1000) { nodes { no } } }", "BAD_USER_INPUT"),
    ],
)
async def test_graphql_response_json_answers_request_errors_with_400_and_no_data(
    http: httpx.AsyncClient, query: str, code: str
):
    response = await http.post("/graphql", json={"query": query}, headers=GRAPHQL_RESPONSE)

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == code


async def test_graphql_response_json_keeps_200_for_field_errors(http: httpx.AsyncClient):
    response = await http.post(
        "/graphql",
        json={"query": '{ node(id: "not-an-id") { id } }'},
        headers=GRAPHQL_RESPONSE,
    )

    assert response.status_code == 200
    body = response.json()
    assert "data" in body
    assert body["errors"]


async def test_graphql_response_json_refusals_keep_their_status_and_media_type(
    http: httpx.AsyncClient,
):
    over_get = await http.get("/graphql", params={"query": CREATE}, headers=GRAPHQL_RESPONSE)
    malformed = await http.post(
        "/graphql",
        content="{not json",
        headers={"content-type": "application/json", **GRAPHQL_RESPONSE},
    )

    assert over_get.status_code == 405
    assert malformed.status_code == 400
    for response in (over_get, malformed):
        assert response.headers["content-type"].startswith("application/graphql-response+json")
        assert "data" not in response.json()
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    "content_type", ["APPLICATION/JSON", "Application/Json; charset=UTF-8", "application/JSON"]
)
async def test_the_request_media_type_matches_in_any_case(
    http: httpx.AsyncClient, content_type: str
):
    body = json.dumps({"query": CREATE}).encode()

    response = await http.post("/graphql", content=body, headers={"Content-Type": content_type})

    assert response.status_code == 200
    assert response.json()["data"]["campaignCreate"]["campaign"]["no"]
    assert await Campaign.all().count() == 1


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({"Content-Type": "application/json; charset=latin-1"}, "charset 'latin-1'"),
        ({"Content-Type": 'application/json; charset="UTF-16"'}, "charset 'utf-16'"),
        ({"Content-Type": "application/json", "Content-Encoding": "gzip"}, "'gzip'"),
        ({"Content-Type": "application/json", "Content-Encoding": "br"}, "'br'"),
    ],
    ids=["latin-1", "utf-16", "gzip", "br"],
)
async def test_a_body_we_would_misread_is_415_and_runs_nothing(
    http: httpx.AsyncClient, headers: dict[str, str], words: str
):
    body = json.dumps({"query": CREATE}).encode()

    response = await http.post("/graphql", content=body, headers=headers)

    assert response.status_code == 415
    error = response.json()["errors"][0]
    assert words in error["message"]
    assert error["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert await Campaign.all().count() == 0


async def test_utf_8_and_identity_are_read(http: httpx.AsyncClient):
    headers = {"Content-Type": "application/json; charset=utf8", "Content-Encoding": "identity"}

    response = await http.post("/graphql", content=json.dumps({"query": CREATE}), headers=headers)

    assert response.status_code == 200
    assert await Campaign.all().count() == 1
