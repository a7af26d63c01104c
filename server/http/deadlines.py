"""Request deadlines with one timer for all requests instead of one each.

`asyncio.timeout` arms a timer when a request starts and cancels it when the request ends. On
uvloop each timer is a libuv handle made, started, stopped and closed: about 13 us of a small
query's 135 us of CPU in process (2026-12-06, the small query on SQLite, minimum of five runs
of 3,000; the harness stubbed the timeout out), paid by every request although almost none
ever times out.

Every request of an endpoint gets the same time, so deadlines fall in the order requests
start: the running ones are kept in that order (a dict), and one timer waits for the oldest.
When it fires, the requests past their deadline are cancelled and it is armed again for the
oldest one left; a request that ends leaves the dict and nothing else. The timer fires about
once per timeout when nothing times out.

A request past its deadline is cancelled and its `run` raises TimeoutError, as
`asyncio.timeout` does: a cancellation it did not cause (the client went away, the server
stops) stays a CancelledError, and the task's count of cancellations is restored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


class _Running:
    """One request within its deadline."""

    __slots__ = ("cancelling", "deadline", "expired", "task")

    def __init__(self, task: asyncio.Task[object], deadline: float) -> None:
        self.task = task
        self.deadline = deadline
        #: The task's cancellations requested before (asyncio.Timeout compares against it).
        self.cancelling = task.cancelling()
        self.expired = False


class Deadlines:
    """Awaitables run within `seconds` each (see the module's docstring)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._running: dict[_Running, None] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def run(self, work: Awaitable[T]) -> T:
        """`work`'s result; TimeoutError when it has not finished within the deadline (it is
        cancelled then)."""
        loop = asyncio.get_running_loop()
        task = asyncio.current_task(loop)
        if task is None:
            raise RuntimeError("deadlines apply to tasks")
        if loop is not self._loop:
            self._restart(loop)
        running = _Running(task, loop.time() + self.seconds)
        self._running[running] = None
        if self._timer is None:
            self._timer = loop.call_at(running.deadline, self._expire)
        try:
            result = await work
        except asyncio.CancelledError as cancelled:
            if running.expired and task.uncancel() <= running.cancelling:
                raise TimeoutError from cancelled
            raise
        finally:
            self._running.pop(running, None)
        if running.expired:  # it finished as its cancellation was requested
            task.uncancel()
        return result

    def _restart(self, loop: asyncio.AbstractEventLoop) -> None:
        """Begin on another event loop (a test's): what ran on the last one is forgotten."""
        if self._timer is not None:
            self._timer.cancel()
        self._loop, self._timer, self._running = loop, None, {}

    def _expire(self) -> None:
        """Cancel the requests past their deadline; wait for the oldest one left."""
        assert self._loop is not None
        self._timer = None
        now = self._loop.time()
        for running in self._running:
            if running.expired:
                continue  # cancelled, still unwinding
            if running.deadline > now:
                self._timer = self._loop.call_at(running.deadline, self._expire)
                return
            running.expired = True
            running.task.cancel()
