"""GraphQL over HTTP: methods, content types, body cap, request ids, error masking."""

from __future__ import annotations

import logging

import httpx
import pytest
from tortoise.context import TortoiseContext

from server.models import Campaign, Role
from server.services.campaigns import campaign as campaign_service
from server.settings import Settings
from tests.api.conftest import asgi_client, bearer
from tests.builders import make_campaign

CREATE = 'mutation { campaignCreate(input: {description: "X"}) { campaign { no } } }'


async def test_queries_run_over_get(http: httpx.AsyncClient):
    await make_campaign(no="CP1")

    response = await http.get("/graphql", params={"query": '{ campaign(no: "CP1") { no } }'})

    assert response.status_code == 200
    assert response.json() == {"data": {"campaign": {"no": "CP1"}}}


async def test_mutations_over_get_are_405_and_change_nothing(http: httpx.AsyncClient):
    response = await http.get("/graphql", params={"query": CREATE})

    assert response.status_code == 405
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "query=" + CREATE),
        ("text/plain", '{"query": "' + CREATE.replace('"', '\\"') + '"}'),
        ("multipart/form-data; boundary=x", "--x\r\n\r\n" + CREATE + "\r\n--x--"),
    ],
)
async def test_non_json_posts_are_415_and_change_nothing(
    http: httpx.AsyncClient, content_type: str, body: str
):
    response = await http.post("/graphql", content=body, headers={"content-type": content_type})

    assert response.status_code == 415
    assert await Campaign.all().count() == 0


async def test_malformed_json_is_400(http: httpx.AsyncClient):
    response = await http.post(
        "/graphql", content="{not json", headers={"content-type": "application/json"}
    )

    assert response.status_code == 400


async def test_oversized_body_is_413(http: httpx.AsyncClient):
    body = '{"query": "{ __typename }", "pad": "' + "x" * (1024 * 1024) + '"}'

    response = await http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_request_id_is_echoed_or_generated(http: httpx.AsyncClient):
    given = await http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Request-ID": "abc-123"}
    )
    generated = await http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Request-ID": "bad id\n"}
    )

    assert given.headers["x-request-id"] == "abc-123"
    assert len(generated.headers["x-request-id"]) == 32


async def test_unexpected_errors_are_masked_and_logged_with_the_request_id(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    async def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret table campaign_internal is on fire")

    monkeypatch.setattr(campaign_service, "campaign_by_no", explode)

    with caplog.at_level(logging.ERROR, logger="campaign_graph.errors"):
        response = await http.post(
            "/graphql",
            json={"query": '{ campaign(no: "CP1") { no } }'},
            headers={"X-Request-ID": "req-42"},
        )

    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-42"}
    assert "secret" not in response.text
    assert "req-42" in caplog.text
    assert "secret table" in caplog.text


async def test_a_failure_outside_graphql_is_masked_too_and_logged_with_the_request_id(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    from server.http.endpoint import GraphQLEndpoint

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret parser state")

    # Both paths (the express lane's and Strawberry's) make a context.
    monkeypatch.setattr(GraphQLEndpoint, "_context", explode)

    with caplog.at_level(logging.ERROR, logger="campaign_graph.endpoint"):
        response = await http.post(
            "/graphql",
            json={"query": '{ campaign(no: "CP1") { no } }'},
            headers={"X-Request-ID": "req-43"},
        )

    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-43"}
    assert "secret" not in response.text
    assert "req-43" in caplog.text
    assert "secret parser state" in caplog.text


async def test_health_and_readiness(http: httpx.AsyncClient):
    assert (await http.get("/healthz")).json() == {"status": "ok"}
    assert (await http.get("/readyz")).json() == {"status": "ok"}


async def test_production_refuses_anonymous_requests(db: TortoiseContext):
    production = Settings(environment="production", graphiql=False)
    async with asgi_client(production) as client:
        response = await client.post("/graphql", json={"query": CREATE})

    assert response.status_code == 401
    assert await Campaign.all().count() == 0


async def test_a_role_without_the_right_gets_forbidden_and_nothing_changes(
    http: httpx.AsyncClient,
):
    viewer = await bearer(Role.VIEWER)

    response = await http.post("/graphql", json={"query": CREATE}, headers=viewer)
    read = await http.post(
        "/graphql", json={"query": "{ campaigns { totalCount } }"}, headers=viewer
    )

    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert error["path"] == ["campaignCreate"]
    assert read.json() == {"data": {"campaigns": {"totalCount": 0}}}
    assert await Campaign.all().count() == 0
