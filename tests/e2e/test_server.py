"""A real `campaign-graph serve` process on a free port, queried over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKEND

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(BACKEND != "sqlite", reason="the e2e run uses its own SQLite file"),
]

CLI = [sys.executable, "-m", "server.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{tmp_path / 'e2e.sqlite3'}"}
    env.pop("CAMPAIGN_GRAPH_ENV", None)
    env.pop("CAMPAIGN_GRAPH_DEMO", None)
    return env | extra


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=env, check=True, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Migrate a fresh SQLite file, load the demo, serve it in demo mode; yields the base URL."""
    env = _environment(tmp_path, CAMPAIGN_GRAPH_DEMO="1")
    _cli(env, "migrate")
    _cli(env, "demo")
    yield from _serve(env, tmp_path)


@pytest.fixture
def production(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A production server (no demo, no GraphiQL); yields its URL and environment."""
    env = _environment(tmp_path, CAMPAIGN_GRAPH_ENV="production")
    _cli(env, "migrate")
    for base in _serve(env, tmp_path):
        yield base, env


def _serve(env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_served_api_creates_and_lists_campaigns(server: str):
    create = httpx.post(
        f"{server}/graphql",
        json={
            "query": "mutation($i: CampaignCreateInput!) { campaignCreate(input: $i) "
            "{ campaign { no } errors { code } } }",
            "variables": {"i": {"description": "E2E campaign", "statusCode": "PLANNED"}},
        },
        headers={"X-Request-ID": "e2e-1"},
        timeout=10,
    )
    listed = httpx.get(
        f"{server}/graphql",
        params={
            "query": '{ campaigns(first: 100, filter: {search: "E2E"}) '
            "{ totalCount nodes { no } } }"
        },
        timeout=10,
    )
    demo = httpx.post(
        f"{server}/graphql",
        json={"query": "{ campaigns { totalCount } salespeople { code } contacts { totalCount } }"},
        timeout=10,
    )

    assert create.status_code == 200
    assert create.headers["x-request-id"] == "e2e-1"
    assert create.json()["data"]["campaignCreate"] == {
        "campaign": {"no": "CP00009"},
        "errors": [],
    }
    assert listed.json()["data"]["campaigns"] == {"totalCount": 1, "nodes": [{"no": "CP00009"}]}
    assert demo.json()["data"]["campaigns"]["totalCount"] == 9
    assert len(demo.json()["data"]["salespeople"]) == 10
    assert demo.json()["data"]["contacts"]["totalCount"] == 273


def test_graphiql_health_and_readiness(server: str):
    page = httpx.get(f"{server}/graphql", headers={"Accept": "text/html"}, timeout=10)
    ready = httpx.get(f"{server}/readyz", timeout=10)

    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert ready.json() == {"status": "ok"}


def test_production_serves_only_token_holders_until_the_token_is_revoked(
    production: tuple[str, dict[str, str]],
):
    base, env = production
    query = {"query": "{ viewer { username role } campaigns { totalCount } }"}
    anonymous = httpx.post(f"{base}/graphql", json=query, timeout=10)
    _cli(env, "user", "create", "--username", "ops", "--role", "manager")
    secret = _cli(env, "token", "create", "--user", "ops", "--name", "e2e").stdout.strip()
    bearer = {"Authorization": f"Bearer {secret}"}
    allowed = httpx.post(f"{base}/graphql", json=query, headers=bearer, timeout=10)
    listing = _cli(env, "token", "list").stdout
    _cli(env, "token", "revoke", "1")
    revoked = httpx.post(f"{base}/graphql", json=query, headers=bearer, timeout=10)

    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert allowed.json() == {
        "data": {"viewer": {"username": "ops", "role": "MANAGER"}, "campaigns": {"totalCount": 0}}
    }
    assert secret[:9] in listing
    assert secret not in listing
    assert revoked.status_code == 401
    assert revoked.json()["errors"][0]["message"] == anonymous.json()["errors"][0]["message"]
