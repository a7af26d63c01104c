"""Hostile requests (API.md "Protection"): each is refused with its documented status and code,
before anything executes, and nothing is written."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from tortoise.context import TortoiseContext

from server.models import ApiToken, Campaign, CampaignStatus, Role, Salesperson, User
from server.services.accounts import users as auth
from server.settings import Settings
from tests.api.conftest import asgi_client, bearer
from tests.builders import make_user
from tests.conftest import TODAY, StatementCounter, make_ctx

CREATE = 'mutation { campaignCreate(input: {description: "X"}) { campaign { no } } }'


def _error(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body.get("data") is None
    error: dict[str, Any] = body["errors"][0]
    return error


async def _post(client: httpx.AsyncClient, query: str, **extra: Any) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, **extra})


@pytest.fixture
async def strict(db: TortoiseContext) -> AsyncIterator[httpx.AsyncClient]:
    """A production-like server (no introspection, no suggestions) with a demo caller."""
    settings = Settings(demo_mode=True, introspection=False, suggestions=False)
    async with asgi_client(settings) as client:
        yield client


# --- the shape of the query ----------------------------------------------------------------


async def test_a_depth_bomb_is_refused_before_execution(
    http: httpx.AsyncClient, sql: StatementCounter
):
    nested = "user { apiTokens { " * 8 + "id" + " } }" * 8
    error = _error(await _post(http, "{ viewer { " + nested + " } }"))

    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "depth"
    assert error["extensions"]["maximum"] == 12
    assert sql.count == 0


async def test_a_thousand_aliases_are_refused(http: httpx.AsyncClient):
    many = " ".join(f"a{i}: viewer {{ username }}" for i in range(1000))
    few = " ".join(f"a{i}: viewer {{ username }}" for i in range(31))

    error = _error(await _post(http, "{ " + many + " }"))
    aliases = _error(await _post(http, "{ " + few + " }"))

    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert aliases["extensions"]["limit"] == "aliases"
    assert aliases["extensions"]["actual"] == 31


async def test_a_hundred_thousand_token_document_is_refused_while_parsing(
    http: httpx.AsyncClient,
):
    error = _error(await _post(http, "{ " + "viewer { username } " * 25_000 + "}"))

    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "5000 tokens" in error["message"]


async def test_ten_thousand_directives_are_refused(http: httpx.AsyncClient):
    bomb = "{ viewer " + "@include(if: true) " * 10_000 + "{ username } }"
    six = "{ viewer " + "@include(if: true) " * 6 + "{ username } }"

    assert _error(await _post(http, bomb))["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert _error(await _post(http, six))["extensions"]["limit"] == "directives"


async def test_circular_introspection_is_refused_by_cost(http: httpx.AsyncClient):
    loop = "fields { type { " * 4 + "name" + " } }" * 4
    error = _error(await _post(http, "{ __schema { types { " + loop + " } } }"))

    assert error["extensions"]["limit"] == "cost"


async def test_a_million_row_page_is_refused_naming_the_argument(http: httpx.AsyncClient):
    error = _error(
        await _post(
            http,
            "query($n: Int) { campaigns(first: $n) { totalCount } }",
            variables={"n": 1_000_000},
        )
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "first"
    assert "campaigns(first:)" in error["message"]


async def test_a_cost_bomb_of_nested_lists_is_refused(http: httpx.AsyncClient):
    nested = "apiTokens { user { " * 5 + "username" + " } }" * 5
    error = _error(await _post(http, "{ users { " + nested + " } }"))

    assert error["extensions"]["limit"] == "cost"
    assert error["extensions"]["actual"] > error["extensions"]["maximum"] == 50_000


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


async def test_malformed_json_is_400(http: httpx.AsyncClient):
    response = await http.post(
        "/graphql", content=b'{"query": "{ viewer', headers={"Content-Type": "application/json"}
    )

    assert _error(response, 400)["extensions"]["code"] == "BAD_REQUEST"


async def test_wrong_typed_variables_are_bad_input_and_write_nothing(http: httpx.AsyncClient):
    query = "mutation($i: CampaignCreateInput!) { campaignCreate(input: $i) { campaign { no } } }"
    error = _error(
        await _post(http, query, variables={"i": {"description": 42, "budgetedCost": []}})
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    ("value", "code"),
    [("Nul\x00byte", "INVALID"), ("x" * 1_000_000, "TOO_LONG")],
    ids=["nul", "megabyte"],
)
async def test_nul_bytes_and_huge_strings_in_inputs_are_refused(
    http: httpx.AsyncClient, value: str, code: str
):
    query = (
        "mutation($i: SalespersonCreateInput!) { salespersonCreate(input: $i) "
        "{ salesperson { code } errors { code field } } }"
    )
    response = await _post(http, query, variables={"i": {"code": "NUL", "name": value}})

    assert response.json()["data"]["salespersonCreate"] == {
        "salesperson": None,
        "errors": [{"code": code, "field": ["input", "name"]}],
    }
    assert await Salesperson.all().count() == 0


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


# --- what the server reveals, and how much it serves ----------------------------------------


async def test_introspection_can_be_turned_off_and_suggestions_are_dropped(
    strict: httpx.AsyncClient,
):
    introspection = _error(await _post(strict, "{ __schema { types { name } } }"))
    typo = _error(await _post(strict, "{ campaignz { totalCount } }"))
    typename = await _post(strict, "{ __typename }")

    assert introspection["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in introspection["message"].lower()
    assert typo["message"] == "Cannot query field 'campaignz' on type 'Query'."
    assert typename.json() == {"data": {"__typename": "Query"}}


async def test_development_keeps_suggestions(http: httpx.AsyncClient):
    typo = _error(await _post(http, "{ campaignz { totalCount } }"))

    assert "Did you mean 'campaign'" in typo["message"]


async def test_cost_over_the_rate_limit_is_429_with_retry_after(db: TortoiseContext):
    headers = await bearer(Role.VIEWER)
    settings = Settings(rate_limit=1000, max_cost=1000)  # ten pages of 100 a minute
    page = "{ campaigns(first: 100) { totalCount } }"
    async with asgi_client(settings) as client:
        statuses = [
            (await client.post("/graphql", json={"query": page}, headers=headers)).status_code
            for _ in range(10)
        ]
        refused = await client.post("/graphql", json={"query": page}, headers=headers)
        other = await client.post(
            "/graphql", json={"query": page}, headers=await bearer(Role.VIEWER)
        )

    assert statuses == [200] * 10
    assert int(refused.headers["Retry-After"]) >= 1
    assert _error(refused, 429)["extensions"]["code"] == "RATE_LIMITED"
    assert other.status_code == 200


async def test_a_request_over_the_time_limit_is_stopped_and_rolled_back(
    db: TortoiseContext, hanging_create: str
):
    async with asgi_client(Settings(demo_mode=True, request_timeout=0.2)) as client:
        response = await _post(client, hanging_create)

    error = _error(response, 503)
    assert error["extensions"]["code"] == "TIMEOUT"
    assert response.headers["Retry-After"] == "1"
    assert await Salesperson.all().count() == 0


async def test_lookups_for_keys_no_record_can_have_find_nothing(http: httpx.AsyncClient):
    query = """
    query($long: String!, $nul: String!) {
      campaign(no: $long) { no }
      salesperson(code: $nul) { code }
      user(username: $nul) { username }
      campaigns(filter: {search: $nul, statusCodes: [$long], salespersonCodes: [$nul]}) {
        totalCount
      }
    }
    """
    update = """
    mutation($no: String!) {
      campaignUpdate(input: {no: $no, description: "Y"}) { errors { code } }
    }
    """
    variables = {"long": "X" * 300, "nul": "A\x00B"}
    admin = await bearer(Role.ADMIN)

    found = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=admin
    )
    refused = await _post(http, update, variables={"no": "X" * 300})

    assert found.json() == {
        "data": {
            "campaign": None,
            "salesperson": None,
            "user": None,
            "campaigns": {"totalCount": 0},
        }
    }
    assert refused.json() == {"data": {"campaignUpdate": {"errors": [{"code": "NOT_FOUND"}]}}}


@pytest.mark.parametrize(
    ("mutation", "field"),
    [
        ('salespersonCreate(input: {code: "N", name: "N", blocked: null})', "blocked"),
        (
            'campaignStatusCreate(input: {code: "N", description: "N", sortOrder: null})',
            "sortOrder",
        ),
        ('userCreate(input: {username: "n", name: "N", role: VIEWER, active: null})', "active"),
    ],
)
async def test_explicit_nulls_for_values_that_cannot_be_blank_are_refused(
    http: httpx.AsyncClient, mutation: str, field: str
):
    name = mutation.split("(")[0]
    admin = await bearer(Role.ADMIN)
    users = await User.all().count()

    response = await http.post(
        "/graphql",
        json={"query": f"mutation {{ {name}: {mutation} {{ errors {{ code field }} }} }}"},
        headers=admin,
    )

    assert response.json()["data"][name]["errors"] == [
        {"code": "REQUIRED", "field": ["input", field]}
    ]
    assert await Salesperson.all().count() == 0
    assert await CampaignStatus.all().count() == 0
    assert await User.all().count() == users


async def test_a_null_member_list_means_no_members(http: httpx.AsyncClient):
    query = (
        'mutation { teamCreate(input: {code: "T", name: "T", memberCodes: null}) '
        "{ team { code members { code } } errors { code } } }"
    )

    response = await _post(http, query)

    assert response.json()["data"]["teamCreate"] == {
        "team": {"code": "T", "members": []},
        "errors": [],
    }
