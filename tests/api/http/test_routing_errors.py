"""Every answer is JSON (issue 17): routing refusals (no such path, a method the path does not
take, HEAD on /graphql) are GraphQL-shaped errors with a code and the request id, and a
subscription sent over HTTP is a request error, not an internal one."""

from __future__ import annotations

import logging

import httpx
import pytest

GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}
SUBSCRIPTION = 'subscription { campaignActivity(campaignNo: "CP1") { kind } }'


def _error(response: httpx.Response) -> dict[str, object]:
    assert response.headers["content-type"] == "application/json"
    error: dict[str, object] = response.json()["errors"][0]
    return error


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE"])
async def test_a_method_graphql_does_not_take_is_a_json_405(http: httpx.AsyncClient, method: str):
    response = await http.request(method, "/graphql", headers={"X-Request-ID": "r-405"})

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    if method != "HEAD":
        error = _error(response)
        assert error["message"] == f"{method} is not allowed on /graphql: use GET, POST."
        assert error["extensions"] == {"code": "METHOD_NOT_ALLOWED", "requestId": "r-405"}


@pytest.mark.parametrize("path", ["/nothing", "/graphql/extra", "/%2e%2e/etc/passwd"])
async def test_an_unknown_path_is_a_json_404(http: httpx.AsyncClient, path: str):
    response = await http.post(path, json={"query": "{ __typename }"})

    assert response.status_code == 404
    error = _error(response)
    assert str(error["message"]).endswith("the API is at /graphql.")
    assert error["extensions"]["code"] == "NOT_FOUND"  # type: ignore[index]


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_subscription_over_http_is_a_request_error(http: httpx.AsyncClient, method: str):
    if method == "GET":
        response = await http.get("/graphql", params={"query": SUBSCRIPTION})
        strict = await http.get(
            "/graphql", params={"query": SUBSCRIPTION}, headers=GRAPHQL_RESPONSE
        )
    else:
        response = await http.post("/graphql", json={"query": SUBSCRIPTION})
        strict = await http.post("/graphql", json={"query": SUBSCRIPTION}, headers=GRAPHQL_RESPONSE)

    assert response.status_code == 200
    assert response.json()["data"] is None
    (error,) = response.json()["errors"]
    assert "WebSocket" in error["message"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert strict.status_code == 400
    assert "data" not in strict.json()


async def test_a_failure_outside_the_endpoint_is_json_and_masked(
    db: object, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    from server import metrics
    from server.app import create_app
    from server.settings import Settings

    def explode(accept: str | None) -> tuple[bytes, str]:
        raise RuntimeError("secret registry state")

    monkeypatch.setattr(metrics, "exposition", explode)
    app = create_app(Settings(demo_mode=True), manage_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        with caplog.at_level(logging.ERROR, logger="campaign_graph.http"):
            response = await client.get("/metrics", headers={"X-Request-ID": "req-500"})

    assert response.status_code == 500
    error = _error(response)
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-500"}
    assert "secret" not in response.text
    assert "req-500" in caplog.text
    assert "secret registry state" in caplog.text
