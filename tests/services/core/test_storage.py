"""The transaction helper: nesting and work done after commit."""

from __future__ import annotations

import pytest

from server.models import Campaign
from server.services.core.unit_of_work import on_commit, transaction
from tests.builders import make_campaign


async def test_on_commit_runs_after_the_outermost_transaction_commits(db: object):
    seen: list[int] = []

    async def record() -> None:
        seen.append(await Campaign.all().count())

    async with transaction():
        await make_campaign()
        async with transaction():
            await on_commit(record)
        assert seen == []  # the inner block is only a savepoint
    assert seen == [1]


async def test_on_commit_never_runs_for_a_rolled_back_transaction(db: object):
    seen: list[str] = []

    async def record() -> None:
        seen.append("ran")

    async def fail() -> None:
        async with transaction():
            await on_commit(record)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await fail()
    async with transaction():
        pass
    assert seen == []


async def test_on_commit_outside_a_transaction_runs_at_once(db: object):
    seen: list[str] = []

    async def record() -> None:
        seen.append("ran")

    await on_commit(record)
    assert seen == ["ran"]
