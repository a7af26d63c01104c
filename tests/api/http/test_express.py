"""The express lane (server/schema/express.py) answers what the full path answers: the same
status, headers and bytes, for the requests it takes and for those it hands on; a request is
charged to its caller's budget once, whichever path answers it, and runs within the timeout.
(tests/api/engine/test_differential.py compares the two on generated operations.)"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
import pytest_asyncio
from tortoise.context import TortoiseContext

from server.http.endpoint import GraphQLEndpoint
from server.models import Role
from server.schema.express import ExpressLane
from server.settings import Settings
from tests.api.conftest import asgi_client, bearer
from tests.builders import make_campaign

SMALL = "query Small($no: String!) { campaign(no: $no) { no description } }"
TWO = "query A { campaigns(first: 1) { totalCount } } query B { viewer { username } }"
#: Its fields depend on a variable: graphql-core's executor collects them per request.
DIRECTED = 'query D($d: Boolean!) { campaign(no: "CP1") { no description @include(if: $d) } }'
FRAGMENTS = (
    '{ a: campaign(no: "CP1") { ...C } b: campaign(no: "CP2") { ...C no } '
    "campaigns(first: 2) { nodes { ...C } } } fragment C on Campaign { id no description }"
)
#: An answer over the compression threshold (1 KiB).
LARGE = (
    "{ " + " ".join(f'c{i}: campaign(no: "CP1") {{ id no description }}' for i in range(30)) + " }"
)
JSON = {"Content-Type": "application/json"}
IDENTITY = {"Accept-Encoding": "identity"}
GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}

#: Requests and whether the lane answers them (else it hands them to the full path).
REQUESTS: list[tuple[dict[str, Any], dict[str, str], bool]] = [
    ({"query": SMALL, "variables": {"no": "CP1"}}, {}, True),
    ({"query": SMALL, "variables": {"no": "CP1"}}, GRAPHQL_RESPONSE, True),
    ({"query": SMALL, "variables": {"no": "NONE"}, "operationName": "Small"}, {}, True),
    ({"query": TWO, "operationName": "B"}, {}, True),
    ({"query": "{ campaigns(first: 2) { nodes { id no } pageInfo { hasNextPage } } }"}, {}, True),
    ({"query": DIRECTED, "variables": {"d": True}}, {}, True),
    ({"query": DIRECTED, "variables": {"d": False}}, {}, True),
    ({"query": FRAGMENTS}, {}, True),
    ({"query": TWO}, {}, False),  # no operationName for two operations
    ({"query": TWO, "operationName": "C"}, GRAPHQL_RESPONSE, False),
    ({"query": SMALL, "variables": {"no": 7}}, {}, False),  # variables that do not coerce
    ({"query": SMALL}, GRAPHQL_RESPONSE, False),  # a required variable missing
    ({"query": "{ campaign(no: 1) { nope } }"}, {}, False),  # invalid
    ({"query": "{ campaigns(first: 5000) { totalCount } }"}, {}, False),  # a limit exceeded
    ({"query": '{ node(id: "bad") { id } }'}, {}, False),  # an error in the result
    ({"query": "{ campaign(no: "}, {}, False),  # does not parse
    ({"query": 'mutation { campaignDelete(input: {no: "X"}) { errors { code } } }'}, {}, False),
    ({"query": SMALL, "variables": {"no": "CP1"}, "extensions": {"x": 1}}, {}, False),
    ({"query": SMALL, "variables": {"no": "CP1"}}, {"Content-Encoding": "gzip"}, False),
    ({"query": SMALL, "variables": {"no": "CP1"}}, {"Content-Type": "text/plain"}, False),
    (
        {"query": SMALL, "variables": {"no": "CP1"}},
        {"Content-Type": "application/json; charset=utf-8"},
        True,
    ),
    # Media types are case-insensitive: the full path reads this one, the lane leaves it.
    ({"query": SMALL, "variables": {"no": "CP1"}}, {"Content-Type": "Application/JSON"}, False),
    (
        {"query": SMALL, "variables": {"no": "CP1"}},
        {"Accept": "application/graphql-response+json, application/json;q=0.9"},
        True,
    ),
    ({"query": SMALL, "variables": {"no": "CP1"}}, {"Authorization": "Bearer cg_nope"}, False),
    ({"query": ["not", "a", "string"]}, {}, False),
    ({"query": LARGE}, {}, True),  # compressed (the client accepts gzip)
    ({"query": LARGE}, IDENTITY, True),  # not compressed, but `Vary` said
    ({"query": SMALL, "variables": {"no": "CP1"}}, IDENTITY, True),
]


@pytest_asyncio.fixture
async def client(db: TortoiseContext) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    await make_campaign(no="CP1", description="Spring fair")
    await make_campaign(no="CP2", description="Autumn fair")
    headers = await bearer(Role.MANAGER)
    async with asgi_client(Settings(environment="production", graphiql=False)) as http:
        http.headers.update(headers)
        yield http, _endpoint(http)


def _endpoint(http: httpx.AsyncClient) -> GraphQLEndpoint:
    app: Any = http._transport.app  # type: ignore[attr-defined]
    for route in app.routes:
        if isinstance(getattr(route, "app", None), GraphQLEndpoint):
            return route.app  # type: ignore[no-any-return]
    raise AssertionError("no GraphQL endpoint")


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each request the lane was asked to run: whether it answered it."""
    seen: list[bool] = []
    run = ExpressLane.run

    async def counted(self: ExpressLane, *args: Any) -> Any:
        data = await run(self, *args)
        seen.append(data is not None)
        return data

    monkeypatch.setattr(ExpressLane, "run", counted)
    return seen


async def _post(http: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str]) -> Any:
    content = httpx.Request("POST", "/", json=body).content
    headers = {**JSON, "X-Request-ID": "same-id", **headers}
    response = await http.post("/graphql", content=content, headers=headers)
    return response.status_code, dict(response.headers), response.content


@pytest.mark.parametrize(("body", "headers", "express"), REQUESTS)
async def test_the_lane_answers_as_the_full_path(
    client: tuple[httpx.AsyncClient, GraphQLEndpoint],
    answered: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    body: dict[str, Any],
    headers: dict[str, str],
    express: bool,
):
    http, endpoint = client
    through_lane = await _post(http, body, headers)
    assert any(answered) is express
    monkeypatch.setattr(endpoint.express, "plan", lambda query, name: None)
    through_full_path = await _post(http, body, headers)
    assert through_lane == through_full_path


@pytest.mark.parametrize(
    ("query", "headers", "encoding", "vary"),
    [
        (SMALL, {}, None, None),
        (SMALL, IDENTITY, None, None),
        (LARGE, {}, "gzip", "Accept-Encoding"),
        (LARGE, IDENTITY, None, "Accept-Encoding"),
    ],
)
async def test_the_lane_compresses_as_the_rest_of_the_server(
    client: tuple[httpx.AsyncClient, GraphQLEndpoint],
    answered: list[bool],
    query: str,
    headers: dict[str, str],
    encoding: str | None,
    vary: str | None,
):
    """Answers of 1 KiB or more are gzipped for clients that accept it, and say `Vary`;
    smaller ones are sent as they are (GZipMiddleware's rules, on both paths)."""
    http, _ = client
    status, answer_headers, body = await _post(
        http, {"query": query, "variables": {"no": "CP1"}}, headers
    )
    assert answered == [True]
    assert status == 200
    assert answer_headers.get("content-encoding") == encoding
    assert answer_headers.get("vary") == vary
    assert b'"description":"Spring fair"' in body
    if encoding:
        assert int(answer_headers["content-length"]) < len(body)


async def test_a_known_document_is_planned_once(
    client: tuple[httpx.AsyncClient, GraphQLEndpoint], answered: list[bool]
):
    http, endpoint = client
    for no in ("CP1", "CP2", "CP1"):
        await _post(http, {"query": SMALL, "variables": {"no": no}}, {})
    assert answered == [True] * 3
    assert len(endpoint.express._plans) == 1


async def test_a_static_document_collects_its_fields_once_for_all_its_variables(
    client: tuple[httpx.AsyncClient, GraphQLEndpoint], answered: list[bool]
):
    http, endpoint = client
    answers = []
    for no in ("CP1", "CP2", "NONE", "CP1"):
        _, _, body = await _post(http, {"query": SMALL, "variables": {"no": no}}, {})
        answers.append(body)
        (plan,) = endpoint.express._plans.values()
        assert plan is not None
        assert plan.static is not None
        # Campaign's selection, collected once (the requests' executors share the memo)
        assert len(plan.static.executor._relevant_sub_fields) == 1
    assert answered == [True] * 4
    assert answers == [
        b'{"data":{"campaign":{"no":"CP1","description":"Spring fair"}}}',
        b'{"data":{"campaign":{"no":"CP2","description":"Autumn fair"}}}',
        b'{"data":{"campaign":null}}',
        answers[0],
    ]


async def test_variables_coerced_once_are_told_apart_by_their_json_type(
    client: tuple[httpx.AsyncClient, GraphQLEndpoint], answered: list[bool]
):
    """`true` equals 1 in Python, but an Int variable refuses it: a coercion remembered for 1
    must not answer for `true` (nor 1.0, which GraphQL accepts as an Int)."""
    http, _ = client
    query = "query Q($n: Int!) { campaigns(first: $n) { totalCount } }"
    outcomes = []
    for n in (1, True, 1.0, 1):
        status, _, body = await _post(http, {"query": query, "variables": {"n": n}}, {})
        outcomes.append((status, orjson.loads(body)))
    assert answered == [True, False, True, True]  # `true` went to the full path
    counted = {"data": {"campaigns": {"totalCount": 2}}}
    assert outcomes[0] == outcomes[2] == outcomes[3] == (200, counted)
    status, refused = outcomes[1]
    assert "data" not in refused or refused["data"] is None
    assert "Int cannot represent non-integer value: True" in refused["errors"][0]["message"]


async def test_a_document_whose_fields_depend_on_its_variables_is_not_static(
    client: tuple[httpx.AsyncClient, GraphQLEndpoint], answered: list[bool]
):
    http, endpoint = client
    bodies = []
    for directed in (True, False, True):
        _, _, body = await _post(http, {"query": DIRECTED, "variables": {"d": directed}}, {})
        bodies.append(body)
    (plan,) = endpoint.express._plans.values()
    assert plan is not None
    assert plan.static is None
    assert answered == [True] * 3
    assert bodies[0] == bodies[2] != bodies[1]
    assert b"Spring fair" in bodies[0]
    assert b"description" not in bodies[1]


async def test_a_request_is_charged_once_whichever_path_answers(db: TortoiseContext):
    headers = await bearer(Role.MANAGER)
    await make_campaign(no="CP1")
    settings = Settings(environment="production", graphiql=False, rate_limit=60_000)
    async with asgi_client(settings) as http:
        http.headers.update(headers)
        limiter = _endpoint(http).guard.rate_limiter
        assert limiter is not None
        now = [1000.0]
        limiter._clock = lambda: now[0]  # time stands still: no refill

        def left() -> float:
            (tokens, _at), *_ = limiter._buckets.values()
            return tokens

        await _post(http, {"query": SMALL, "variables": {"no": "CP1"}}, {})
        after_one = left()
        await _post(http, {"query": SMALL, "variables": {"no": "CP1"}}, {})
        assert left() == after_one - (limiter.capacity - after_one)  # the lane charged once
        before = left()
        await _post(http, {"query": '{ node(id: "bad") { id } }'}, {})  # the lane hands it on
        cost_of_error = before - left()
        await _post(http, {"query": '{ node(id: "bad") { id } }'}, {"Accept": "*/*"})
        assert before - left() == 2 * cost_of_error  # charged once each, not twice


async def test_the_lane_runs_within_the_request_timeout(
    db: TortoiseContext, monkeypatch: pytest.MonkeyPatch
):
    headers = await bearer(Role.MANAGER)
    settings = Settings(environment="production", graphiql=False, request_timeout=0.2)
    run = ExpressLane.run

    async def slow(self: ExpressLane, *args: Any) -> Any:
        await asyncio.sleep(5)
        return await run(self, *args)

    monkeypatch.setattr(ExpressLane, "run", slow)
    async with asgi_client(settings) as http:
        response = await http.post(
            "/graphql", json={"query": SMALL, "variables": {"no": "CP1"}}, headers=headers
        )
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"


async def test_the_body_the_lane_read_is_read_again_by_the_full_path() -> None:
    """The lane reads a body of several chunks whole; Starlette's Request then reads the same
    bytes once, and what comes after it comes from the connection."""
    from starlette.requests import ClientDisconnect, Request

    from server.http.lane import BodyReader

    messages = [
        {"type": "http.request", "body": b'{"query":', "more_body": True},
        {"type": "http.request", "body": b"", "more_body": True},
        {"type": "http.request", "body": b' "{ a }"}', "more_body": False},
        {"type": "http.disconnect"},
    ]

    async def receive() -> Any:
        return messages.pop(0)

    reader = BodyReader(receive)
    request = Request({"type": "http", "method": "POST", "headers": []}, reader)
    assert await reader.body() == b'{"query": "{ a }"}'
    assert await request.body() == b'{"query": "{ a }"}'
    assert await request.json() == {"query": "{ a }"}
    assert await reader() == {"type": "http.disconnect"}  # the connection's own, after it

    gone = BodyReader(receive)
    messages[:] = [{"type": "http.request", "body": b"{", "more_body": True}]
    messages.append({"type": "http.disconnect"})
    with pytest.raises(ClientDisconnect):
        await gone.body()
