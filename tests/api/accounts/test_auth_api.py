"""Authentication through the API: tokens, the uniform 401, demo mode, user management."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from tortoise.context import TortoiseContext

from server.app import create_app
from server.models import ApiToken, Role, User
from server.services.accounts import users as auth
from server.settings import Settings
from tests.api.conftest import asgi_client, bearer
from tests.builders import make_salesperson, make_user
from tests.conftest import TODAY, make_ctx

VIEWER = "{ viewer { username role } }"
USER_CREATE = """
mutation($input: UserCreateInput!) {
  userCreate(input: $input) { user { username role salesperson { code } } errors { code field } }
}
"""
USER_UPDATE = """
mutation($input: UserUpdateInput!) {
  userUpdate(input: $input) { user { username role active } errors { code field message } }
}
"""
TOKEN_CREATE = """
mutation($input: ApiTokenCreateInput!) {
  apiTokenCreate(input: $input) {
    secret apiToken { id name prefix active expiresAt user { username } } errors { code field }
  }
}
"""
TOKEN_REVOKE = """
mutation($id: ID!) {
  apiTokenRevoke(input: {id: $id}) { apiToken { active revokedAt } errors { code } }
}
"""


@pytest.fixture
async def production(db: TortoiseContext) -> httpx.AsyncClient:
    async with asgi_client(Settings(environment="production", graphiql=False)) as client:
        yield client


async def _unauthenticated(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, str]:
    response = await client.post("/graphql", json={"query": VIEWER}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    return {"message": error["message"]}


async def test_every_authentication_failure_looks_the_same(production: httpx.AsyncClient):
    user = await make_user(username="eve")
    admin = make_ctx(Role.ADMIN)
    expired = await auth.create_token(
        admin, user.username, "short", expires_at=TODAY + timedelta(seconds=1)
    )
    revoked = await auth.create_token(admin, user.username, "old")
    await auth.revoke_token(admin, revoked.token.id)
    await ApiToken.filter(id=expired.token.id).update(expires_at=TODAY - timedelta(days=1))
    inactive = await bearer(Role.VIEWER, username="gone")
    await User.filter(username="gone").update(active=False)

    failures = [
        {},
        {"Authorization": "Basic ZXZlOnNlY3JldA=="},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer cg_unknown"},
        {"Authorization": "Bearer " + "x" * 5000},
        {"Authorization": f"Bearer {expired.secret}"},
        {"Authorization": f"Bearer {revoked.secret}"},
        inactive,
    ]
    answers = [await _unauthenticated(production, headers) for headers in failures]

    assert all(answer == answers[0] for answer in answers)


async def test_a_valid_token_is_served_in_production(production: httpx.AsyncClient):
    headers = await bearer(Role.VIEWER, username="val")

    response = await production.post("/graphql", json={"query": VIEWER}, headers=headers)

    assert response.json() == {"data": {"viewer": {"username": "val", "role": "VIEWER"}}}


async def test_without_demo_mode_anonymous_requests_are_refused_even_locally(
    db: TortoiseContext,
):
    async with asgi_client(Settings()) as client:
        await _unauthenticated(client, {})


async def test_demo_mode_serves_only_direct_loopback_callers(db: TortoiseContext):
    app = create_app(Settings(demo_mode=True), manage_database=False)
    remote = httpx.ASGITransport(app=app, client=("10.1.2.3", 5000))
    async with httpx.AsyncClient(transport=remote, base_url="http://testserver") as client:
        await _unauthenticated(client, {})
    async with asgi_client(Settings(demo_mode=True)) as client:
        await _unauthenticated(client, {"X-Forwarded-For": "203.0.113.9"})
        local = await client.post("/graphql", json={"query": VIEWER})
    assert local.json() == {"data": {"viewer": {"username": "demo", "role": "MANAGER"}}}


async def test_graphiql_page_needs_no_token(db: TortoiseContext):
    async with asgi_client(Settings()) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_admin_creates_a_user_and_a_token_that_works_until_revoked(
    http: httpx.AsyncClient,
):
    await make_salesperson(code="LEA")
    admin = await bearer(Role.ADMIN)

    created = await http.post(
        "/graphql",
        json={
            "query": USER_CREATE,
            "variables": {
                "input": {
                    "username": "Lea",
                    "name": "Lea",
                    "role": "SALES",
                    "salespersonCode": "lea",
                }
            },
        },
        headers=admin,
    )
    issued = await http.post(
        "/graphql",
        json={"query": TOKEN_CREATE, "variables": {"input": {"username": "lea", "name": "phone"}}},
        headers=admin,
    )
    payload = issued.json()["data"]["apiTokenCreate"]
    lea = {"Authorization": f"Bearer {payload['secret']}"}
    as_lea = await http.post("/graphql", json={"query": VIEWER}, headers=lea)
    revoked = await http.post(
        "/graphql",
        json={"query": TOKEN_REVOKE, "variables": {"id": payload["apiToken"]["id"]}},
        headers=admin,
    )
    after = await http.post("/graphql", json={"query": VIEWER}, headers=lea)

    assert created.json()["data"]["userCreate"] == {
        "user": {"username": "lea", "role": "SALES", "salesperson": {"code": "LEA"}},
        "errors": [],
    }
    assert payload["errors"] == []
    assert payload["apiToken"]["name"] == "phone"
    assert payload["apiToken"]["active"] is True
    assert payload["apiToken"]["expiresAt"] is None
    assert payload["secret"].startswith(payload["apiToken"]["prefix"])
    assert as_lea.json() == {"data": {"viewer": {"username": "lea", "role": "SALES"}}}
    assert revoked.json()["data"]["apiTokenRevoke"]["apiToken"]["active"] is False
    assert after.status_code == 401
    stored = await ApiToken.get(name="phone")
    assert stored.secret_hash != payload["secret"]


async def test_user_and_token_refusals_are_payload_errors_and_change_nothing(
    http: httpx.AsyncClient,
):
    admin = await bearer(Role.ADMIN, username="root")
    before = await User.all().count()

    bad_user = await http.post(
        "/graphql",
        json={
            "query": USER_CREATE,
            "variables": {"input": {"username": "a b", "name": "", "role": "VIEWER"}},
        },
        headers=admin,
    )
    last_admin = await http.post(
        "/graphql",
        json={"query": USER_UPDATE, "variables": {"input": {"username": "root", "role": "VIEWER"}}},
        headers=admin,
    )
    bad_token = await http.post(
        "/graphql",
        json={
            "query": TOKEN_CREATE,
            "variables": {
                "input": {"username": "ghost", "name": "x", "expiresAt": "2001-01-01T00:00:00Z"}
            },
        },
        headers=admin,
    )
    wrong_kind = await http.post(
        "/graphql",
        json={"query": TOKEN_REVOKE, "variables": {"id": "VXNlcjox"}},
        headers=admin,
    )

    assert bad_user.json()["data"]["userCreate"]["errors"] == [
        {"code": "INVALID", "field": ["input", "username"]},
        {"code": "REQUIRED", "field": ["input", "name"]},
    ]
    errors = last_admin.json()["data"]["userUpdate"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("LAST_ADMIN", ["input", "role"])]
    assert bad_token.json()["data"]["apiTokenCreate"]["errors"] == [
        {"code": "OUT_OF_RANGE", "field": ["input", "expiresAt"]}
    ]
    assert wrong_kind.json()["data"]["apiTokenRevoke"]["errors"] == [{"code": "NOT_FOUND"}]
    assert await User.all().count() == before
    assert (await User.get(username="root")).role is Role.ADMIN
    assert await ApiToken.all().count() == 1


async def test_what_a_user_creates_records_who_they_are(http: httpx.AsyncClient):
    headers = await bearer(Role.MANAGER, username="maker")

    response = await http.post(
        "/graphql",
        json={
            "query": 'mutation { campaignCreate(input: {description: "Mine"}) '
            "{ campaign { createdBy } } }"
        },
        headers=headers,
    )

    assert response.json() == {"data": {"campaignCreate": {"campaign": {"createdBy": "maker"}}}}
