"""Two real `campaign-graph serve` processes on different ports, stand-ins for two machines, on
one database (docs/operations.md "Several machines"): a caller's budget is spent once across
both, a persisted query registered on one runs by its hash on the other the first time, and a
subscription on one hears a write on the other.

On PostgreSQL they share budgets and persisted queries through the database; in the SQLite run
through Redis (the events through the database file), when a Redis answers at TEST_REDIS_URL
(else those two tests skip and say why).
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest
import redis

from server.http.persisted import sha256_hex
from tests.conftest import BACKEND, POSTGRES_URL
from tests.e2e.servers import cli, environment, serve
from tests.e2e.test_live import (
    a_campaign_and_contact,
    log_interaction,
    next_event,
    subscribe_to,
)

pytestmark = pytest.mark.e2e

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

#: 1,000 cost points a minute per caller; BUDGET_QUERY costs 500 (100 campaigns, 4 segments
#: each), so a caller is refused at its third, and the refill (17 a second) is slow.
LIMITS = {"CAMPAIGN_GRAPH_MAX_COST": "1000", "CAMPAIGN_GRAPH_RATE_LIMIT": "1000"}
BUDGET_QUERY = "{ campaigns(first: 100) { nodes { no segments(first: 4) { nodes { no } } } } }"
APQ_QUERY = "query Shared { campaigns(first: 2) { nodes { no description } } }"


@dataclass
class Pair:
    first: str
    second: str
    #: Where budgets and persisted queries are shared ("" when they are not).
    engine: str
    #: A manager's bearer token (its own budget, apart from the demo caller's).
    token: str


def _admin(statement: str) -> None:
    async def run() -> None:
        admin = await asyncpg.connect(POSTGRES_URL)
        try:
            await admin.execute(statement)
        finally:
            await admin.close()

    asyncio.run(run())


def _redis_answers() -> str | None:
    """Why Redis cannot be used, or None when it answers."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        return f"no Redis at {REDIS_URL} ({exc}); set TEST_REDIS_URL"
    return None


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    tmp = tmp_path_factory.mktemp("shared")
    name = f"cg_shared_{uuid.uuid4().hex[:12]}"
    prefix = f"cg-e2e-{uuid.uuid4().hex[:8]}:"
    engine = ""
    if BACKEND == "postgres":
        _admin(f'CREATE DATABASE "{name}"')
        env = environment(POSTGRES_URL.rsplit("/", 1)[0] + "/" + name, **LIMITS)
        env.pop("REDIS_URL", None)
        env["CAMPAIGN_GRAPH_SHARED_STATE"] = engine = "postgres"
    else:
        env = environment(f"sqlite://{tmp / 'shared.sqlite3'}", **LIMITS)
        if _redis_answers() is None:
            env |= {"REDIS_URL": REDIS_URL, "CAMPAIGN_GRAPH_REDIS_PREFIX": prefix}
            env["CAMPAIGN_GRAPH_SHARED_STATE"] = engine = "redis"
    try:
        cli(env, "migrate")
        cli(env, "demo")
        cli(env, "user", "create", "--username", "spender", "--name", "S", "--role", "manager")
        token = cli(env, "token", "create", "--user", "spender", "--name", "e2e").stdout.strip()
        first_servers = serve(env, tmp / "first.log")
        second_servers = serve(env, tmp / "second.log")
        try:
            yield Pair(next(first_servers), next(second_servers), engine, token)
        finally:
            try:
                first_servers.close()
            finally:
                second_servers.close()  # even when the first did not stop
    finally:
        if BACKEND == "postgres":
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        elif engine:
            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(match=f"{prefix}*"))
            if keys:
                client.delete(*keys)
            client.close()


def _shared(pair: Pair) -> None:
    if not pair.engine:
        pytest.skip(_redis_answers() or "nothing shared")


def test_a_budget_spent_on_one_process_is_refused_on_the_other(pair: Pair):
    _shared(pair)
    headers = {"Authorization": f"Bearer {pair.token}"}
    answers = []
    with httpx.Client(headers=headers, timeout=10) as client:
        for _ in range(5):
            answer = client.post(f"{pair.first}/graphql", json={"query": BUDGET_QUERY})
            answers.append(answer.status_code)
            if answer.status_code == 429:
                break
        time.sleep(1.5)  # several sync intervals (0.2 s): A's spend reaches B
        other = client.post(f"{pair.second}/graphql", json={"query": BUDGET_QUERY})

    assert answers == [200, 200, 429]
    assert other.status_code == 429, other.text
    error = other.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert int(other.headers["Retry-After"]) >= 1
    # Another caller's budget is its own.
    anonymous = httpx.post(f"{pair.second}/graphql", json={"query": APQ_QUERY}, timeout=10)
    assert anonymous.status_code == 200


def test_a_query_registered_on_one_process_runs_by_hash_on_the_other(pair: Pair):
    _shared(pair)
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(APQ_QUERY)}}

    registered = httpx.post(
        f"{pair.first}/graphql", json={"query": APQ_QUERY, "extensions": extensions}, timeout=10
    )
    found = httpx.post(f"{pair.second}/graphql", json={"extensions": extensions}, timeout=10)

    assert registered.status_code == 200
    assert "errors" not in registered.json()
    assert found.status_code == 200
    assert found.json() == registered.json()  # the first time, no PERSISTED_QUERY_NOT_FOUND


async def test_events_cross_two_server_processes(pair: Pair):
    # PostgreSQL carries them with LISTEN/NOTIFY, SQLite through a table of the database file.
    campaign_no, contact_no = await a_campaign_and_contact(pair.first)
    ws = await subscribe_to(pair.first, campaign_no)
    try:
        entry_no = await log_interaction(pair.second, campaign_no, contact_no)  # the other process
        event = await next_event(ws)
    finally:
        await ws.close()

    assert event["kind"] == "LOGGED"
    assert event["interactions"] == [{"entryNo": entry_no}]
    assert event["statistics"]["targetContactsContacted"] >= 1


def test_the_servers_logged_nothing_unexpected(
    pair: Pair, tmp_path_factory: pytest.TempPathFactory
):
    for log in Path(tmp_path_factory.getbasetemp()).glob("shared*/*.log"):
        text = log.read_text()
        assert "Traceback" not in text, text
        assert "unavailable" not in text, text
