"""Each role reading through the API (docs/domain.md "Who may do what"): every role reads business
data; user records and API tokens are an admin's alone, by every path; the viewer tells who is
asking (a salesperson, or the demo manager)."""

from __future__ import annotations

import httpx
import pytest

from server.models import Role, User
from server.resolvers.ids import encode_id
from tests.api.conftest import bearer
from tests.builders import make_campaign, make_salesperson, make_user


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
async def test_every_role_reads_business_data(http: httpx.AsyncClient, role: Role) -> None:
    await make_campaign(no="CP1", salesperson=await make_salesperson(code="ANN"))

    response = await http.post(
        "/graphql",
        json={"query": "{ campaigns { nodes { no salesperson { code } } } salespeople { code } }"},
        headers=await bearer(role),
    )

    assert response.json() == {
        "data": {
            "campaigns": {"nodes": [{"no": "CP1", "salesperson": {"code": "ANN"}}]},
            "salespeople": [{"code": "ANN"}],
        }
    }


USERS = "{ users { username } }"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.VIEWER], ids=lambda r: r.value)
async def test_user_records_are_forbidden_below_admin_by_every_path(
    http: httpx.AsyncClient, role: Role
) -> None:
    other = await make_user(Role.VIEWER, username="other")
    user_id = encode_id("User", other.id)
    headers = await bearer(role)
    queries = {
        "root": USERS,
        "lookup": '{ user(username: "other") { username } }',
        "node": f'{{ node(id: "{user_id}") {{ ... on User {{ username }} }} }}',
        "nodes": f'{{ nodes(ids: ["{user_id}"]) {{ ... on User {{ username }} }} }}',
    }

    for path, query in queries.items():
        body = (await http.post("/graphql", json={"query": query}, headers=headers)).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", path
        assert "other" not in str(body.get("data")), path


async def test_nested_token_lists_are_forbidden_to_non_admins_while_the_rest_resolves(
    http: httpx.AsyncClient,
) -> None:
    headers = await bearer(Role.MANAGER, username="mia")

    body = (
        await http.post(
            "/graphql",
            json={"query": "{ viewer { username user { username apiTokens { prefix } } } }"},
            headers=headers,
        )
    ).json()

    assert body["data"] == {"viewer": {"username": "mia", "user": None}}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["viewer", "user", "apiTokens"], "FORBIDDEN")
    ]


async def test_admin_reaches_users_and_tokens_by_every_path(http: httpx.AsyncClient) -> None:
    headers = await bearer(Role.ADMIN, username="root")
    root = await User.get(username="root")
    user_id = encode_id("User", root.id)

    body = (
        await http.post(
            "/graphql",
            json={
                "query": "{ users { username apiTokens { name active user { username } } } "
                f'node(id: "{user_id}") {{ ... on User {{ role }} }} }}'
            },
            headers=headers,
        )
    ).json()

    assert body == {
        "data": {
            "users": [
                {
                    "username": "root",
                    "apiTokens": [{"name": "tests", "active": True, "user": {"username": "root"}}],
                }
            ],
            "node": {"role": "ADMIN"},
        }
    }


async def test_viewer_tells_a_salesperson_who_they_are(http: httpx.AsyncClient) -> None:
    person = await make_salesperson(code="SAM", name="Sam Seller")
    headers = await bearer(Role.SALES, username="sam", salesperson=person)

    body = (
        await http.post(
            "/graphql",
            json={"query": "{ viewer { username role salesperson { code name } } }"},
            headers=headers,
        )
    ).json()

    assert body == {
        "data": {
            "viewer": {
                "username": "sam",
                "role": "SALES",
                "salesperson": {"code": "SAM", "name": "Sam Seller"},
            }
        }
    }


async def test_demo_viewer_is_the_demo_manager(http: httpx.AsyncClient) -> None:
    body = (
        await http.post("/graphql", json={"query": "{ viewer { username role user { id } } }"})
    ).json()

    assert body == {"data": {"viewer": {"username": "demo", "role": "MANAGER", "user": None}}}
