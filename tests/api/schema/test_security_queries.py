"""Hostile queries (docs/api.md "Protection"): documents too deep, too wide, too long or too costly
are refused before execution; introspection and suggestions can be turned off; the rate limit
and the time limit hold."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from tortoise.context import TortoiseContext

from server.models import Role, Salesperson
from server.settings import Settings
from tests.api.conftest import asgi_client, bearer
from tests.api.schema.security_helpers import _error, _post
from tests.conftest import StatementCounter


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


async def test_a_document_of_too_many_fields_is_refused_before_validation(
    http: httpx.AsyncClient,
):
    """Validation compares same-named fields pairwise: 600 of them cost about a second each
    document, so the field count is bounded before validation runs (issue 17, class 8)."""
    document = "{ " + " ".join(['campaign(no: "X") { no }'] * 300) + " }"

    error = _error(await _post(http, document))

    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert (error["extensions"]["limit"], error["extensions"]["actual"]) == ("fields", 600)


async def test_refused_documents_are_billed_to_their_caller(db: TortoiseContext):
    """Refusing is work too: a caller sending refusals runs out of budget as one asking for
    answers does, and then gets 429 like them (issue 17, class 8)."""
    headers = await bearer(Role.VIEWER)
    settings = Settings(rate_limit=6_000)  # 100 a second
    invalid = "{ " + " ".join(f"f{i}: nope" for i in range(20)) + " }"  # 20 unknown fields
    costly = "{ campaigns(first: 100) { nodes { segments(first: 10) { totalCount } } } }"
    async with asgi_client(settings) as client:
        refusals = [
            (await client.post("/graphql", json={"query": invalid}, headers=headers)).status_code
            for _ in range(3)  # 3 x 20 fields x 100: the whole budget
        ]
        after = await client.post("/graphql", json={"query": costly}, headers=headers)
        other = await client.post(
            "/graphql", json={"query": costly}, headers=await bearer(Role.VIEWER)
        )

    assert refusals == [200] * 3
    assert _error(after, 429)["extensions"]["code"] == "RATE_LIMITED"
    assert other.status_code == 200  # another caller's budget is untouched
