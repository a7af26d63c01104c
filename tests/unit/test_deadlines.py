"""Request deadlines with one timer (server/http/deadlines.py): each request is stopped at its
own deadline, as `asyncio.timeout` would stop it, and nothing else is."""

from __future__ import annotations

import asyncio

import pytest

from server.http.deadlines import Deadlines


async def _sleep_then(seconds: float, value: str) -> str:
    await asyncio.sleep(seconds)
    return value


async def test_work_within_its_deadline_gives_its_result() -> None:
    deadlines = Deadlines(0.5)
    assert await deadlines.run(_sleep_then(0.01, "done")) == "done"
    assert await deadlines.run(_sleep_then(0, "again")) == "again"
    assert not deadlines._running


async def test_work_past_its_deadline_is_cancelled_and_raises_timeout() -> None:
    deadlines = Deadlines(0.05)
    cancelled = asyncio.Event()

    async def slow() -> str:
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "never"

    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(TimeoutError):
        await deadlines.run(slow())
    took = loop.time() - started
    assert cancelled.is_set()
    assert 0.05 <= took < 0.5
    assert asyncio.current_task().cancelling() == 0  # type: ignore[union-attr]
    # The task goes on unharmed: a later await is not cancelled.
    assert await _sleep_then(0.01, "after") == "after"


async def test_each_request_is_stopped_at_its_own_deadline() -> None:
    """Requests started at different times, some slow and some fast: only the slow ones time
    out, each about its timeout after its own start, and the fast ones answer."""
    deadlines = Deadlines(0.15)
    loop = asyncio.get_running_loop()
    outcomes: dict[str, tuple[str, float]] = {}

    async def request(name: str, delay: float, work: float) -> None:
        await asyncio.sleep(delay)
        started = loop.time()
        try:
            outcomes[name] = (await deadlines.run(_sleep_then(work, "ok")), 0.0)
        except TimeoutError:
            outcomes[name] = ("timeout", loop.time() - started)

    await asyncio.gather(
        request("slow-first", 0.0, 2),
        request("fast", 0.02, 0.01),
        request("slow-later", 0.08, 2),
        request("fast-later", 0.1, 0.05),
        request("slow-last", 0.2, 2),
    )
    assert {name: outcome for name, (outcome, _) in outcomes.items()} == {
        "slow-first": "timeout",
        "fast": "ok",
        "slow-later": "timeout",
        "fast-later": "ok",
        "slow-last": "timeout",
    }
    for name in ("slow-first", "slow-later", "slow-last"):
        assert 0.15 <= outcomes[name][1] < 0.6, name
    assert not deadlines._running


async def test_a_cancellation_it_did_not_cause_stays_a_cancellation() -> None:
    deadlines = Deadlines(5)
    task = asyncio.create_task(deadlines.run(_sleep_then(5, "never")))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not deadlines._running


async def test_a_failure_of_the_work_passes_unchanged() -> None:
    deadlines = Deadlines(5)

    async def failing() -> None:
        raise ValueError("the work's own")

    with pytest.raises(ValueError, match="the work's own"):
        await deadlines.run(failing())
    assert not deadlines._running


async def test_the_timer_is_one_for_all_and_gone_when_nothing_runs() -> None:
    deadlines = Deadlines(0.05)
    await asyncio.gather(*(deadlines.run(_sleep_then(0.001 * i, "ok")) for i in range(20)))
    first = deadlines._timer
    assert first is not None  # armed for the first request's deadline, once
    await asyncio.sleep(0.1)
    assert deadlines._timer is None  # it fired, found nothing running, and is not re-armed


def test_a_new_event_loop_starts_afresh() -> None:
    deadlines = Deadlines(0.05)

    async def timed_out() -> bool:
        try:
            await deadlines.run(_sleep_then(5, "never"))
        except TimeoutError:
            return True
        return False

    assert asyncio.run(timed_out())
    assert asyncio.run(timed_out())  # the second loop arms its own timer


async def test_work_that_swallows_its_cancellation_keeps_its_result() -> None:
    """As with asyncio.timeout: work that catches the cancellation and returns is not made
    to fail, and the task's count of cancellations is restored."""
    deadlines = Deadlines(0.02)

    async def stubborn() -> str:
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            return "partial"
        return "never"

    assert await deadlines.run(stubborn()) == "partial"
    assert asyncio.current_task().cancelling() == 0  # type: ignore[union-attr]
    assert await _sleep_then(0.01, "after") == "after"
