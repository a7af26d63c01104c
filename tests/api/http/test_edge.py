"""The edge of every request (server/http/middleware.py, EdgeMiddleware): GET and POST of
/graphql go to the endpoint straight, past Starlette's router, and are answered exactly as the
router's way answers them (status, headers, bytes), compressed or not; CORS still applies to
requests that carry an Origin; every request is counted, oversized bodies refused."""

from __future__ import annotations

import gzip
import os
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from tortoise.context import TortoiseContext

from server import metrics
from server.http import middleware
from server.models import Role
from server.settings import Settings
from tests.api.conftest import asgi_client, bearer
from tests.builders import make_campaign

SMALL = '{ campaign(no: "CP1") { no description } }'
LARGE = "{ campaigns(first: 40) { nodes { id no description startingDate } } }"
SETTINGS = Settings(environment="production", graphiql=False, max_body_bytes=4096)

#: (method, query string, body, extra headers): requests whose answers must not depend on
#: the way they take.
REQUESTS: list[tuple[str, str, bytes | None, dict[str, str]]] = [
    ("POST", "", b'{"query": "%s"}' % SMALL.replace('"', '\\"').encode(), {}),
    ("POST", "", b'{"query": "%s"}' % LARGE.encode(), {}),
    ("POST", "", b'{"query": "%s"}' % LARGE.encode(), {"Accept-Encoding": "gzip"}),
    ("POST", "", b'{"query": "%s"}' % LARGE.encode(), {"Accept-Encoding": "br"}),
    ("POST", "", b'{"query": "{ nope }"}', {}),
    ("POST", "", b"not json", {}),
    ("POST", "", b"{}", {"Content-Type": "text/plain"}),
    ("POST", "", b'{"query": "%s"}' % (b" " * 5000), {}),  # over the body cap
    ("GET", "?query=" + LARGE, None, {"Accept-Encoding": "gzip, deflate"}),
    ("GET", "", None, {"Accept": "text/html"}),
    ("PUT", "", b"{}", {}),
    ("DELETE", "", None, {}),
]


@pytest_asyncio.fixture
async def client(db: TortoiseContext) -> AsyncIterator[httpx.AsyncClient]:
    await make_campaign(no="CP1", description="Spring fair")
    for number in range(2, 41):
        await make_campaign(no=f"CP{number}", description=f"Campaign number {number}")
    headers = await bearer(Role.MANAGER)
    async with asgi_client(SETTINGS) as http:
        http.headers.update(headers)
        yield http


async def _send(
    http: httpx.AsyncClient, method: str, query: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": "application/json", "X-Request-ID": "edge-1", **headers}
    async with http.stream(method, "/graphql" + query, content=body, headers=headers) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])  # as sent, compressed
        return response.status_code, dict(response.headers), raw


@pytest.mark.parametrize(("method", "query", "body", "headers"), REQUESTS)
async def test_the_short_way_answers_as_the_router_does(
    client: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    query: str,
    body: bytes | None,
    headers: dict[str, str],
):
    short = await _send(client, method, query, body, headers)
    monkeypatch.setattr(middleware, "GRAPHQL_PATH", "/not-graphql")  # the router's way
    routed = await _send(client, method, query, body, headers)
    assert short == routed
    assert short[1]["x-request-id"] == "edge-1"


async def test_a_large_answer_is_compressed_for_clients_that_accept_gzip(
    client: httpx.AsyncClient,
):
    response = await client.post(
        "/graphql", json={"query": LARGE}, headers={"Accept-Encoding": "gzip"}
    )
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    assert len(response.json()["data"]["campaigns"]["nodes"]) == 40
    plain = await client.post("/graphql", json={"query": LARGE}, headers={"Accept-Encoding": ""})
    assert "content-encoding" not in plain.headers
    assert gzip.compress(plain.content) != plain.content  # and it was worth compressing


def _count(method: str, status: int) -> float:
    value: float = metrics.HTTP_REQUESTS.labels("/graphql", method, status)._value.get()
    return value


async def test_every_request_is_counted_whichever_way_it_takes(client: httpx.AsyncClient):
    before = {(m, s): _count(m, s) for m, s in (("POST", 200), ("POST", 413), ("PUT", 405))}
    await client.post("/graphql", json={"query": SMALL})
    await client.post("/graphql", content=b" " * 5000, headers={"Content-Type": "application/json"})
    await client.put("/graphql", json={})
    for (method, status), count in before.items():
        assert _count(method, status) == count + 1
    assert metrics.HTTP_IN_PROGRESS._value.get() == 0


async def test_a_chunked_body_over_the_cap_is_refused_on_the_short_way(
    client: httpx.AsyncClient,
):
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b" " * 1000

    response = await client.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


@pytest_asyncio.fixture
async def cors(db: TortoiseContext) -> AsyncIterator[httpx.AsyncClient]:
    await make_campaign(no="CP1", description="Spring fair")
    headers = await bearer(Role.MANAGER)
    async with asgi_client(Settings(cors_origins=("https://app.example",))) as http:
        http.headers.update(headers)
        yield http


async def test_cors_applies_to_graphql_requests_that_carry_an_origin(cors: httpx.AsyncClient):
    allowed: Any = await cors.post(
        "/graphql", json={"query": SMALL}, headers={"Origin": "https://app.example"}
    )
    assert allowed.json()["data"]["campaign"]["no"] == "CP1"
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "x-request-id" in allowed.headers["access-control-expose-headers"].lower()
    other = await cors.post(
        "/graphql", json={"query": SMALL}, headers={"Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers
    preflight = await cors.options(
        "/graphql",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    without_origin = await cors.post("/graphql", json={"query": SMALL})
    assert "access-control-allow-origin" not in without_origin.headers
    assert without_origin.json() == allowed.json()


def test_new_request_ids_are_unique_also_across_forked_workers():
    ids = {middleware._new_id() for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child only reports
        os.write(write, middleware._new_id().encode())
        os._exit(0)
    os.waitpid(child, 0)
    from_child = os.read(read, 64).decode()
    os.close(read)
    os.close(write)
    assert len(from_child) == 32
    assert from_child[:16] != middleware._new_id()[:16]  # another prefix in the child
