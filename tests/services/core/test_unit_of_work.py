"""The unit of work: facts recorded in a transaction, their rules run before its commit, and
work run after it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import pytest
from tortoise.transactions import in_transaction

from server.models import Campaign
from server.services.core.unit_of_work import (
    Callback,
    Fact,
    before_commit,
    current,
    on_commit,
    record,
    transaction,
)
from tests.builders import make_campaign

pytestmark = pytest.mark.usefixtures("db")


@dataclass(frozen=True)
class Noted(Fact):
    """Test fact: campaigns to create, by number, before commit."""

    nos: frozenset[str]

    def merge(self, other: Self) -> Self:
        return type(self)(self.nos | other.nos)


@before_commit(Noted)
async def _create_noted(fact: Noted) -> None:
    for no in sorted(fact.nos):
        await make_campaign(no=no)


@dataclass(frozen=True)
class Doomed(Fact):
    """Test fact whose rule fails."""

    def merge(self, other: Self) -> Self:
        return self


@before_commit(Doomed)
async def _fail(fact: Doomed) -> None:
    raise ValueError("the rule failed")


@dataclass(frozen=True)
class Chained(Fact):
    """Test fact whose rule records another fact."""

    def merge(self, other: Self) -> Self:
        return self


@before_commit(Chained)
async def _chain(fact: Chained) -> None:
    record(Noted(frozenset({"CHAINED"})))


@dataclass(frozen=True)
class Unruled(Fact):
    """Test fact nobody declared a rule for."""

    def merge(self, other: Self) -> Self:
        return self


async def _nos() -> list[str]:
    return sorted(await Campaign.all().values_list("no", flat=True))


async def _in_a_savepoint(fact: Fact, after: Callback) -> None:
    """Record `fact` and `after` in a savepoint that then rolls back."""
    async with transaction():
        record(fact)
        await on_commit(after)
        raise RuntimeError("roll the savepoint back")


async def _create_and_record(fact: Fact, after: Callback | None = None) -> None:
    """A transaction that creates a campaign and records `fact` (and `after`)."""
    async with transaction():
        await make_campaign(no="BODY")
        record(fact)
        if after is not None:
            await on_commit(after)


async def test_facts_of_one_kind_merge_and_their_rule_runs_once_before_commit():
    seen: list[list[str]] = []

    async def after() -> None:
        seen.append(await _nos())

    async with transaction():
        record(Noted(frozenset({"A"})))
        async with transaction():
            record(Noted(frozenset({"B"})))
        work = current()
        assert work is not None
        assert work.facts == (Noted(frozenset({"A", "B"})),)
        await on_commit(after)
        assert await _nos() == []  # the rule waits for the commit
    # The rule ran inside the transaction: the work after commit already sees its campaigns.
    assert seen == [["A", "B"]]
    assert current() is None


async def test_a_rolled_back_savepoint_drops_its_facts_and_its_work_after_commit():
    ran: list[str] = []

    async def after() -> None:
        ran.append("dropped")

    async with transaction():
        record(Noted(frozenset({"KEPT"})))
        with pytest.raises(RuntimeError):
            await _in_a_savepoint(Noted(frozenset({"GONE"})), after)
        work = current()
        assert work is not None
        assert work.facts == (Noted(frozenset({"KEPT"})),)
    assert await _nos() == ["KEPT"]
    assert ran == []


async def test_a_failing_rule_rolls_the_whole_transaction_back():
    ran: list[str] = []

    async def after() -> None:
        ran.append("ran")

    with pytest.raises(ValueError, match="the rule failed"):
        await _create_and_record(Doomed(), after)
    assert await _nos() == []
    assert ran == []


async def test_a_fact_without_a_declared_rule_fails_loudly_and_changes_nothing():
    with pytest.raises(RuntimeError, match="no rule is declared for Unruled"):
        await _create_and_record(Unruled())
    assert await _nos() == []


async def test_facts_recorded_by_rules_are_followed_up_before_commit():
    async with transaction():
        record(Chained())
    assert await _nos() == ["CHAINED"]


async def test_a_fact_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="outside transaction"):
        record(Noted(frozenset({"A"})))


async def test_a_kind_of_fact_has_one_rule():
    async def another(fact: Noted) -> None:
        pass

    with pytest.raises(RuntimeError, match="already has a rule"):
        before_commit(Noted)(another)
    before_commit(Noted)(_create_noted)  # the same rule again (a reloaded module) is fine


async def test_work_after_commit_runs_once_after_the_outermost_commit():
    ran: list[int] = []

    async def after() -> None:
        ran.append(await Campaign.all().count())

    async with transaction():
        async with transaction():
            async with transaction():
                await make_campaign()
                await on_commit(after)
            assert ran == []
        assert ran == []
    assert ran == [1]


async def test_work_after_commit_never_runs_when_the_transaction_rolls_back():
    ran: list[str] = []

    async def after() -> None:
        ran.append("ran")

    async def fail() -> None:
        async with transaction():
            async with transaction():
                await on_commit(after)
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        await fail()
    assert ran == []


async def test_failing_work_after_commit_is_logged_and_the_rest_still_runs(
    caplog: pytest.LogCaptureFixture,
):
    ran: list[str] = []

    async def broken() -> None:
        raise ValueError("boom")

    async def after() -> None:
        ran.append("ran")

    async with transaction():
        await make_campaign(no="KEPT")
        await on_commit(broken)
        await on_commit(after)
    assert ran == ["ran"]
    assert await _nos() == ["KEPT"]
    assert "work after a commit failed" in caplog.text


async def test_a_transaction_opened_directly_with_tortoise_is_refused_not_patched():
    clients: list[object] = []

    async def after() -> None:
        pass

    async def nest() -> None:
        async with in_transaction("default"), transaction():
            pass

    async def hook() -> None:
        async with in_transaction("default") as client:
            clients.append(client)
            await on_commit(after)

    with pytest.raises(RuntimeError, match="opened directly with Tortoise"):
        await nest()
    with pytest.raises(RuntimeError, match="opened directly with Tortoise"):
        await hook()
    # Nothing of Tortoise was replaced: the transaction object has its class's own methods.
    assert {"commit", "rollback"}.isdisjoint(vars(clients[0]))
