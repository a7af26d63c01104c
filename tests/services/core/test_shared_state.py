"""The shared stores of budgets and persisted queries (services/core/shared_state.py on
PostgreSQL, redis_state.py on Redis), and two processes' rate limiters spending one budget
through each (schema/ratelimit.py)."""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio
from redis.exceptions import RedisError

from server.models import PersistedQuery
from server.schema.ratelimit import SharedCostRateLimiter
from server.services.core import redis_state
from server.services.core.redis_state import RedisState
from server.services.core.shared_state import BudgetStore, DatabaseDocuments, PostgresBudgets
from tests.conftest import BACKEND

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

CAPACITY, RATE = 600.0, 10.0  # 600 points a minute


@pytest_asyncio.fixture
async def redis() -> AsyncIterator[RedisState]:
    """A Redis client under a prefix of this test's own (its keys deleted afterwards)."""
    state = RedisState(REDIS_URL, f"cg-test-{uuid.uuid4().hex[:8]}:")
    try:
        await state.ping()
    except RedisError as exc:
        await state.close()
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}); set TEST_REDIS_URL")
    try:
        yield state
    finally:
        keys = [key async for key in state.client.scan_iter(match=f"{state.prefix}*")]
        if keys:
            await state.client.delete(*keys)
        await state.close()


@pytest_asyncio.fixture
async def postgres_budgets(db: object) -> PostgresBudgets:
    if BACKEND != "postgres":
        pytest.skip("budgets are shared through PostgreSQL only (SQLite: one process)")
    return PostgresBudgets()


@pytest.fixture(params=["postgres", "redis"])
def budgets(request: pytest.FixtureRequest) -> BudgetStore:
    store: BudgetStore = request.getfixturevalue(f"{request.param}_budgets")
    return store


@pytest.fixture
def redis_budgets(redis: RedisState) -> RedisState:
    return redis


async def test_an_exchange_takes_the_spend_and_answers_what_others_changed(budgets: BudgetStore):
    first = await budgets.exchange({"token:1": 100.0}, 0.0, CAPACITY, RATE)
    rows = {who: tokens for who, tokens, _ in first.rows}
    assert rows == {"token:1": pytest.approx(500.0)}

    # Another process: sends its own spend and hears of token:1, which it never met.
    second = await budgets.exchange({"token:2": 50.0}, first.now - 1, CAPACITY, RATE)
    rows = {who: tokens for who, tokens, _ in second.rows}
    assert rows["token:2"] == pytest.approx(550.0)
    assert rows["token:1"] == pytest.approx(500.0, abs=1.0)  # refilled by the time between
    assert second.now >= first.now

    # A refund gives back, and nothing sent is nothing changed.
    third = await budgets.exchange({"token:1": -100.0}, second.now + 10, CAPACITY, RATE)
    assert {who: tokens for who, tokens, _ in third.rows} == {"token:1": pytest.approx(CAPACITY)}
    assert (await budgets.exchange({}, third.now + 10, CAPACITY, RATE)).rows == []


async def test_overspending_becomes_a_debt_never_below_minus_the_capacity(budgets: BudgetStore):
    await budgets.exchange({"a": 500.0}, 0.0, CAPACITY, RATE)
    debt = await budgets.exchange({"a": 500.0}, 0.0, CAPACITY, RATE)
    assert {w: t for w, t, _ in debt.rows}["a"] == pytest.approx(-400.0, abs=1.0)

    floor = await budgets.exchange({"a": 1e9}, 0.0, CAPACITY, RATE)
    assert {w: t for w, t, _ in floor.rows}["a"] == pytest.approx(-CAPACITY)


async def test_two_processes_spend_one_budget(budgets: BudgetStore):
    a = SharedCostRateLimiter(600, budgets)
    b = SharedCostRateLimiter(600, budgets)

    assert a.charge("token:1", 500) == 0
    assert await a.sync()
    assert await b.sync()  # B hears what A spent
    assert b.charge("token:1", 300) > 0  # about 100 left, wherever it is asked
    assert b.charge("token:1", 90) == 0
    assert await b.sync()
    assert await a.sync()
    assert a.charge("token:1", 90) > 0


async def test_a_limiter_charges_alone_while_its_store_fails_and_sends_later(
    budgets: BudgetStore, caplog: pytest.LogCaptureFixture
):
    class Flaky:
        down = True

        async def exchange(self, *args: object) -> object:
            if self.down:
                raise ConnectionError("store away")
            return await budgets.exchange(*args)  # type: ignore[arg-type]

    caplog.set_level(logging.INFO, "campaign_graph.rate_limit")
    flaky = Flaky()
    a = SharedCostRateLimiter(600, flaky)  # type: ignore[arg-type]
    b = SharedCostRateLimiter(600, budgets)
    assert a.charge("token:9", 400) == 0
    assert not await a.sync()
    assert not await a.sync()
    assert a.charge("token:9", 150) == 0  # its own bucket still works

    flaky.down = False
    assert await a.sync()  # the 550 spent meanwhile reach the store
    assert await b.sync()
    assert b.charge("token:9", 100) > 0
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1  # logged once per outage
    assert any("available again" in r.getMessage() for r in caplog.records)


async def test_stopping_sends_what_is_left(budgets: BudgetStore):
    a = SharedCostRateLimiter(600, budgets, interval=3600)
    a.start()
    a.charge("token:5", 600)
    await a.stop()

    b = SharedCostRateLimiter(600, budgets)
    assert await b.sync()
    assert b.charge("token:5", 100) > 0


async def test_idle_budgets_are_pruned_from_postgres(postgres_budgets: PostgresBudgets):
    from tortoise import connections

    await postgres_budgets.exchange({"old": 10.0}, 0.0, CAPACITY, RATE)
    client = connections.get("default")
    await client.execute_query("UPDATE shared_budget SET at = at - 1000")
    postgres_budgets._pruned = float("-inf")
    await postgres_budgets.exchange({"new": 10.0}, 0.0, CAPACITY, RATE)

    _, rows = await client.execute_query("SELECT principal FROM shared_budget")
    assert [row["principal"] for row in rows] == ["new"]


async def test_redis_keys_expire_after_a_full_refill(redis: RedisState):
    await redis.exchange({"token:1": 1.0}, 0.0, CAPACITY, RATE)
    ttl = await redis.client.ttl(f"{redis.prefix}budget:token:1")
    assert 60 < ttl <= CAPACITY / RATE + 60


async def test_documents_in_the_database(db: object):
    documents = DatabaseDocuments(limit=2)
    assert await documents.get("a" * 64) is None
    await documents.put("a" * 64, "{ a }")
    await documents.put("a" * 64, "{ a }")  # registered again: no error
    assert await documents.get("a" * 64) == "{ a }"

    # A fetch marks an old row used (at most once a day).
    await PersistedQuery.filter(hash="a" * 64).update(used_at=datetime.now(UTC) - timedelta(days=2))
    assert await documents.get("a" * 64) == "{ a }"
    row = await PersistedQuery.get(hash="a" * 64)
    assert datetime.now(UTC) - row.used_at < timedelta(minutes=1)


async def test_database_documents_are_pruned_by_age_and_number(db: object):
    documents = DatabaseDocuments(limit=2)
    now = datetime.now(UTC)
    for n, age in enumerate([0, 1, 2, 8]):
        await PersistedQuery.create(
            hash=f"{n}" * 64, body=f"{{ q{n} }}", used_at=now - timedelta(days=age, minutes=n)
        )
    await documents.prune(now)

    assert sorted(await PersistedQuery.all().values_list("hash", flat=True)) == [
        "0" * 64,
        "1" * 64,
    ]


async def test_documents_in_redis_expire_unless_used(redis: RedisState):
    assert await redis.get("b" * 64) is None
    await redis.put("b" * 64, "{ b }")
    await redis.client.expire(f"{redis.prefix}apq:{'b' * 64}", 10)
    assert await redis.get("b" * 64) == "{ b }"
    assert await redis.client.ttl(f"{redis.prefix}apq:{'b' * 64}") > 3600  # renewed


async def test_a_redis_that_does_not_answer_fails_fast_then_is_left_alone():
    state = RedisState("redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        with pytest.raises(RedisError):
            await state.get("c" * 64)
        assert redis_state.PAUSE >= 1
        with pytest.raises(RedisError, match="a moment ago"):
            await state.put("c" * 64, "{ c }")
    finally:
        await state.close()


async def test_closing_waits_for_redis_half_a_second_at_most(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    """redis-py's close may wait for ever on a socket's closing: a stopping server must not."""
    state = RedisState("redis://127.0.0.1:1/0")

    async def never() -> None:
        await asyncio.Event().wait()

    monkeypatch.setattr(state.client, "aclose", never)
    started = time.monotonic()
    await state.close()

    assert time.monotonic() - started < redis_state.TIMEOUT + 0.5
    assert "not closed cleanly" in caplog.text
