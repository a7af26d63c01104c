"""Shared state through the app (server/http/shared.py): which store the settings choose, a
persisted query registered through one app found by another, and a Redis that does not answer
costing no request its answer (tests/e2e/test_shared_state.py runs real processes)."""

from __future__ import annotations

import logging

import httpx
import pytest
from tortoise.context import TortoiseContext

from server.http.persisted import sha256_hex
from server.http.shared import SharedState
from server.schema.ratelimit import CostRateLimiter, SharedCostRateLimiter
from server.services.core.redis_state import RedisState
from server.services.core.shared_state import DatabaseDocuments, PostgresBudgets
from server.settings import Settings
from tests.api.conftest import asgi_client
from tests.builders import make_campaign

QUERY = 'query One { campaign(no: "CP1") { no description } }'
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _apq(document: str, *, full: bool) -> dict[str, object]:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(document)}}
    return {"query": document, "extensions": extensions} if full else {"extensions": extensions}


def test_the_settings_choose_the_store():
    alone = SharedState(Settings())
    assert alone.engine == "process"
    assert type(alone.rate_limiter) is CostRateLimiter
    assert alone.persisted.store is None

    postgres = SharedState(Settings(database_url="postgres://cg@db/cg"))
    assert postgres.engine == "postgres"
    assert isinstance(postgres.rate_limiter, SharedCostRateLimiter)
    assert isinstance(postgres.rate_limiter.store, PostgresBudgets)
    assert isinstance(postgres.persisted.store, DatabaseDocuments)

    redis = SharedState(Settings(database_url="postgres://cg@db/cg", redis_url=NOWHERE))
    assert redis.engine == "redis"
    assert isinstance(redis.persisted.store, RedisState)

    off = SharedState(Settings(database_url="postgres://cg@db/cg", shared_state="process"))
    assert off.engine == "process"
    assert SharedState(Settings(rate_limit=0, shared_state="postgres")).rate_limiter is None


async def test_a_query_registered_through_one_process_runs_by_hash_on_another(
    db: TortoiseContext,
):
    # The database's table on either backend (the setting is checked only against the
    # environment, so SQLite may stand in here).
    await make_campaign(no="CP1", description="Spring")
    settings = Settings(demo_mode=True, shared_state="postgres", rate_limit=0)
    async with asgi_client(settings) as first, asgi_client(settings) as second:
        registered = await first.post("/graphql", json=_apq(QUERY, full=True))
        found = await second.post("/graphql", json=_apq(QUERY, full=False))

    expected = {"data": {"campaign": {"no": "CP1", "description": "Spring"}}}
    assert registered.json() == expected
    assert found.status_code == 200
    assert found.json() == expected


async def test_a_redis_that_does_not_answer_costs_no_request_its_answer(
    db: TortoiseContext, caplog: pytest.LogCaptureFixture
):
    await make_campaign(no="CP1", description="Spring")
    settings = Settings(demo_mode=True, shared_state="redis", redis_url=NOWHERE)
    shared = SharedState(settings)
    await shared.start()  # warns, and the process works alone
    try:
        async with asgi_client(settings) as http:
            plain = await http.post("/graphql", json={"query": QUERY})
            miss = await http.post("/graphql", json=_apq(QUERY, full=False))
            registered = await http.post("/graphql", json=_apq(QUERY, full=True))
            hit = await http.post("/graphql", json=_apq(QUERY, full=False))
        assert isinstance(shared.rate_limiter, SharedCostRateLimiter)
        shared.rate_limiter.charge("token:1", 10)
        assert not await shared.rate_limiter.sync()
    finally:
        await shared.stop()

    expected = {"data": {"campaign": {"no": "CP1", "description": "Spring"}}}
    assert plain.json() == expected
    assert miss.status_code == 200
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert registered.json() == expected
    assert hit.json() == expected  # this process kept it
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Redis does not answer" in w for w in warnings)
    assert any("not looked up in the shared store" in w for w in warnings)
    assert any("not registered in the shared store" in w for w in warnings)
    assert any("budgets unavailable" in w for w in warnings)


async def test_a_failing_store_is_a_miss_not_an_error(
    db: TortoiseContext, monkeypatch: pytest.MonkeyPatch
):
    async def broken(self: DatabaseDocuments, digest: str) -> str | None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(DatabaseDocuments, "get", broken)
    settings = Settings(demo_mode=True, shared_state="postgres", rate_limit=0)
    async with asgi_client(settings) as http:
        miss = await http.post("/graphql", json=_apq(QUERY, full=False))

    assert miss.status_code == 200
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert "secret" not in miss.text


async def test_persisted_queries_without_a_shared_store_stay_in_their_process(
    http: httpx.AsyncClient, db: TortoiseContext
):
    settings = Settings(demo_mode=True)
    await make_campaign(no="CP1")
    async with asgi_client(settings) as other:
        await other.post("/graphql", json=_apq(QUERY, full=True))
    miss = await http.post("/graphql", json=_apq(QUERY, full=False))

    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
