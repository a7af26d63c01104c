"""The transport, fuzzed (issue 17): whatever a client puts on the wire — any method, target,
headers, body, content and transfer encoding, chunked framing, a socket closed half-way — the
server never answers 5xx, always answers JSON (except GraphiQL's page, asked for by a browser),
logs no error, and keeps serving. Requests go over raw sockets to a real `campaign-graph serve`
in demo mode (so mutations run), seeded and reproducible."""

from __future__ import annotations

import json
import re
import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import given

from tests.conftest import BACKEND, reproducible
from tests.e2e.raw_http import BODY_CAP, RawRequest, raw_requests, send
from tests.e2e.servers import cli, environment, serve

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(BACKEND != "sqlite", reason="the e2e run uses its own SQLite file"),
]

#: Requests per run.
REQUESTS = 1_500

_JSON_TYPES = ("application/json", "application/graphql-response+json")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A demo server with a small body cap; yields its base URL and log file."""
    tmp_path = tmp_path_factory.mktemp("fuzz")
    env = environment(
        f"sqlite://{tmp_path / 'fuzz.sqlite3'}",
        CAMPAIGN_GRAPH_MAX_BODY_BYTES=str(BODY_CAP),
        CAMPAIGN_GRAPH_RATE_LIMIT="0",
    )
    cli(env, "migrate")
    cli(env, "demo")
    log = tmp_path / "server.log"
    for base in serve(env, log):
        yield base, log


def _check(request: RawRequest, status: int, headers: dict[str, str], body: bytes) -> None:
    assert status < 500, (status, body)
    if request.method == "HEAD":
        return
    if status in (307, 308):
        # A trailing slash is redirected to the route without it (a 307 keeps method and body).
        assert headers["location"].endswith(request.target.split("?")[0].rstrip("/")), headers
        return
    content_type = headers.get("content-type", "").split(";")[0].strip()
    if content_type == "text/html":
        # GraphiQL's page, for a browser's GET of /graphql without an operation.
        assert request.method == "GET", body
        assert request.target.split("?")[0] == "/graphql", body
        return
    assert content_type in _JSON_TYPES, (status, headers, body[:200])
    answer = json.loads(body)
    if status >= 400:
        assert answer["errors"][0]["message"], answer
        assert answer["errors"][0]["extensions"]["code"], answer


def test_no_request_gets_a_5xx_or_a_non_json_answer(server: tuple[str, Path]) -> None:
    base, log = server
    port = int(base.rsplit(":", 1)[1])
    statuses: Counter[int | str] = Counter()

    @reproducible(REQUESTS)
    @given(request=raw_requests())
    def run(request: RawRequest) -> None:
        response = send(port, request)
        if response is None:
            statuses["closed early"] += 1
            return
        statuses[response.status] += 1
        _check(request, response.status, response.headers, response.body)

    run()
    print(f"fuzzed requests: {sum(statuses.values())}, by status: {dict(statuses)}")

    assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200
    scraped = httpx.get(f"{base}/metrics", timeout=10).text
    assert not re.search(r'http_requests_total\{[^}]*status="5\d\d"', scraped)
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]
    assert " ERROR " not in text, text[-3000:]


@pytest.mark.parametrize(
    "wire",
    [
        b"FUZZ /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
        b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
    ids=["unknown-method", "broken-header", "broken-chunk"],
)
def test_a_request_that_does_not_parse_gets_a_json_400(
    server: tuple[str, Path], wire: bytes
) -> None:
    port = int(server[0].rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(wire)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: application/json" in head.lower()
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
