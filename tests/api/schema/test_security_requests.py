"""Hostile requests (docs/api.md "Protection"): batches, bodies that are not JSON objects or not
strict UTF-8, cross-site posts, mutations over GET, huge bodies and dead tokens are refused
with their documented status and code, before anything executes, and nothing is written."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from tortoise.context import TortoiseContext

from server.models import ApiToken, Campaign, Role
from server.services.accounts import users as auth
from server.settings import Settings
from tests.api.conftest import asgi_client
from tests.api.schema.security_helpers import _error
from tests.builders import make_user
from tests.conftest import TODAY, make_ctx

CREATE = 'mutation { campaignCreate(input: {description: "X"}) { campaign { no } } }'


# --- the shape of the request --------------------------------------------------------------


async def test_batches_are_refused_unless_enabled_and_then_capped(db: TortoiseContext):
    operation = {"query": "{ viewer { username } }"}
    async with asgi_client(Settings(demo_mode=True)) as client:
        off = await client.post("/graphql", json=[operation] * 1000)
    async with asgi_client(Settings(demo_mode=True, max_batch=10)) as client:
        too_many = await client.post("/graphql", json=[operation] * 11)
        allowed = await client.post("/graphql", json=[operation] * 2)

    assert _error(off, 400)["extensions"]["code"] == "BATCH_REFUSED"
    assert "at most 10" in _error(too_many, 400)["message"]
    assert allowed.json() == [{"data": {"viewer": {"username": "demo"}}}] * 2


@pytest.mark.parametrize("body", ['"' + CREATE.replace('"', '\\"') + '"', "5", "true", "null", ""])
async def test_a_json_body_that_is_not_an_object_is_400_and_writes_nothing(
    http: httpx.AsyncClient, body: str
):
    response = await http.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )

    error = _error(response, 400)
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "must be a JSON object" in error["message"]
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    "body", [b'{"query": "\xff"}', b'{"query": "{ viewer { username } }", "variables": {"n": NaN}}']
)
async def test_a_body_that_is_not_strict_utf8_json_is_400(http: httpx.AsyncClient, body: bytes):
    response = await http.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )

    assert _error(response, 400)["message"] == "Unable to parse request body as JSON"


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ("query", "it must be a JSON object."),
        ({"query": 5}, "`query` must be a string or null."),
        ({"query": "{ viewer { username } }", "variables": [1]}, "`variables` must be an object"),
        ({"query": "{ viewer { username } }", "extensions": "x"}, "`extensions` must be an object"),
        ({"query": "{ viewer { username } }", "operationName": 1}, "`operationName` must be a"),
    ],
)
async def test_a_malformed_operation_in_a_batch_is_400_naming_it(
    db: TortoiseContext, item: object, problem: str
):
    create = {"query": CREATE}
    async with asgi_client(Settings(demo_mode=True, max_batch=10)) as client:
        response = await client.post("/graphql", json=[create, item])

    error = _error(response, 400)
    assert error["message"].startswith(f"Operation 1 of the batch: {problem}")
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "query=" + CREATE),
        ("text/plain", json.dumps({"query": CREATE})),
        (
            "multipart/form-data; boundary=x",
            '--x\r\nContent-Disposition: form-data; name="q"\r\n\r\n1\r\n--x--',
        ),
    ],
)
async def test_csrf_style_posts_are_415_and_write_nothing(
    http: httpx.AsyncClient, content_type: str, body: str
):
    response = await http.post("/graphql", content=body, headers={"Content-Type": content_type})

    assert _error(response, 415)["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert await Campaign.all().count() == 0


async def test_a_mutation_over_get_is_405_and_writes_nothing(http: httpx.AsyncClient):
    response = await http.get("/graphql", params={"query": CREATE})

    assert _error(response, 405)["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert await Campaign.all().count() == 0


async def test_a_ten_megabyte_body_is_413(http: httpx.AsyncClient):
    body = json.dumps({"query": CREATE, "variables": {"x": "a" * 10_000_000}})

    response = await http.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )

    assert _error(response, 413)["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert await Campaign.all().count() == 0


async def test_a_chunked_body_over_the_limit_is_413_and_logs_no_error(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
):
    """No Content-Length to refuse it by: the cap is found while the body is read."""
    body = json.dumps({"query": CREATE, "variables": {"x": "a" * 10_000_000}}).encode()

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 65_536):
            yield body[start : start + 65_536]

    response = await http.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
    )

    assert "content-length" not in response.request.headers
    assert _error(response, 413)["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert await Campaign.all().count() == 0


async def test_malformed_json_is_400(http: httpx.AsyncClient):
    response = await http.post(
        "/graphql", content=b'{"query": "{ viewer', headers={"Content-Type": "application/json"}
    )

    assert _error(response, 400)["extensions"]["code"] == "BAD_REQUEST"


async def test_expired_and_revoked_tokens_are_401_and_write_nothing(db: TortoiseContext):
    user = await make_user(Role.ADMIN)
    admin = make_ctx(Role.ADMIN)
    expired = await auth.create_token(
        admin, user.username, "e", expires_at=TODAY + timedelta(days=1)
    )
    await ApiToken.filter(id=expired.token.id).update(expires_at=TODAY - timedelta(days=1))
    revoked = await auth.create_token(admin, user.username, "r")
    await auth.revoke_token(admin, revoked.token.id)

    async with asgi_client(Settings(environment="production", graphiql=False)) as client:
        for secret in (expired.secret, revoked.secret):
            response = await client.post(
                "/graphql", json={"query": CREATE}, headers={"Authorization": f"Bearer {secret}"}
            )
            assert _error(response, 401)["extensions"]["code"] == "UNAUTHENTICATED"
    assert await Campaign.all().count() == 0
