"""A real `campaign-graph serve` process on a free port, queried over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKEND
from tests.e2e.servers import cli, environment, serve

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(BACKEND != "sqlite", reason="the e2e run uses its own SQLite file"),
]


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return environment(f"sqlite://{tmp_path / 'e2e.sqlite3'}", demo=False, **extra)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Migrate a fresh SQLite file, load the demo, serve it in demo mode; yields the base URL."""
    env = _environment(tmp_path, CAMPAIGN_GRAPH_DEMO="1")
    cli(env, "migrate")
    cli(env, "demo")
    yield from serve(env, tmp_path / "server.log")


@pytest.fixture
def production(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A production server (no demo, no GraphiQL); yields its URL and environment."""
    env = _environment(tmp_path, CAMPAIGN_GRAPH_ENV="production")
    cli(env, "migrate")
    for base in serve(env, tmp_path / "server.log"):
        yield base, env


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
    cli(env, "user", "create", "--username", "ops", "--role", "manager")
    secret = cli(env, "token", "create", "--user", "ops", "--name", "e2e").stdout.strip()
    bearer = {"Authorization": f"Bearer {secret}"}
    allowed = httpx.post(f"{base}/graphql", json=query, headers=bearer, timeout=10)
    listing = cli(env, "token", "list").stdout
    cli(env, "token", "revoke", "1")
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


def test_every_worker_counts_into_the_metrics_any_worker_serves(tmp_path: Path):
    env = _environment(tmp_path, CAMPAIGN_GRAPH_DEMO="1")
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    cli(env, "migrate")
    for base in serve(env, tmp_path / "server.log", "--workers", "2"):
        for _ in range(20):
            # A new connection each time, so the two workers share the requests.
            assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        scrapes = [httpx.get(f"{base}/metrics", timeout=10).text for _ in range(6)]

    wanted = 'campaign_graph_http_requests_total{method="GET",route="/healthz",status="200"} 20.0'
    for text in scrapes:
        assert wanted in text.splitlines()
        # Only the shared (multiprocess) collector answers: no single process's figures.
        assert "process_resident_memory_bytes" not in text
