"""Transactions rolled back by a deadlock or a serialization failure run again, while that is
safe, and end in the retryable TRANSIENT_CONFLICT, never an internal error
(services/core/retry.py)."""

from __future__ import annotations

import pytest

from server.models import Campaign
from server.resolvers.mutations import run_mutation
from server.services.core import retry
from server.services.core.errors import DomainError, ErrorCode
from server.services.core.retry import is_transient, retrying
from server.services.core.unit_of_work import transaction
from tests.builders import make_campaign

pytestmark = pytest.mark.usefixtures("db")


class Collided(Exception):
    """What asyncpg raises for a deadlock (the SQLSTATE is what counts)."""

    sqlstate = "40P01"


@pytest.fixture(autouse=True)
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry, "FIRST_PAUSE", 0.0)


def _failing(times: int, *, commit_first: bool = False) -> tuple[list[int], object]:
    calls: list[int] = []

    async def work() -> str:
        calls.append(1)
        if commit_first:
            async with transaction():
                await make_campaign()
        async with transaction():
            await make_campaign()
            if len(calls) <= times:
                raise Collided("deadlock detected")
        return "done"

    return calls, work


async def test_a_collided_transaction_runs_again_and_commits_once():
    calls, work = _failing(2)

    assert await retrying(work) == "done"  # type: ignore[arg-type]

    assert len(calls) == 3
    assert await Campaign.all().count() == 1  # the two rolled-back attempts left nothing


async def test_it_ends_in_a_retryable_code_and_changes_nothing():
    calls, work = _failing(10)

    with pytest.raises(DomainError) as failed:
        await retrying(work)  # type: ignore[arg-type]

    assert failed.value.code is ErrorCode.TRANSIENT_CONFLICT
    assert isinstance(failed.value.__cause__, Collided)
    assert len(calls) == retry.ATTEMPTS
    assert await Campaign.all().count() == 0


async def test_an_operation_that_committed_something_is_not_run_again():
    calls, work = _failing(1, commit_first=True)

    with pytest.raises(Collided):
        await retrying(work)  # type: ignore[arg-type]

    assert len(calls) == 1
    assert await Campaign.all().count() == 1  # its first transaction, once


async def test_inside_a_transaction_it_is_not_ours_to_run_again():
    calls, work = _failing(1)

    with pytest.raises(Collided):
        async with transaction():
            await retrying(work)  # type: ignore[arg-type]

    assert len(calls) == 1


async def test_other_errors_are_not_retried():
    calls: list[int] = []

    async def work() -> None:
        calls.append(1)
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        await retrying(work)
    assert calls == [1]


def test_transient_errors_are_told_by_sqlstate_through_wrappers():
    class Serialization(Exception):
        sqlstate = "40001"

    class Unique(Exception):
        sqlstate = "23505"

    wrapped = RuntimeError("wrapped")
    wrapped.__cause__ = Serialization()

    assert is_transient(Collided())
    assert is_transient(wrapped)
    assert not is_transient(Unique())
    assert not is_transient(ValueError())


async def test_a_mutation_that_keeps_colliding_answers_a_payload_error():
    calls, work = _failing(10)

    payload = await run_mutation("thing", work)  # type: ignore[arg-type]

    assert [e.code for e in payload.errors] == [ErrorCode.TRANSIENT_CONFLICT]
    assert payload.thing is None
    assert len(calls) == retry.ATTEMPTS
    assert await Campaign.all().count() == 0
