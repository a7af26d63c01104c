"""Transactions that collide are run again (issue 20): a deadlock or a serialization failure
rolls the whole transaction back, so the operation can run again from the start, a bounded
number of times with a growing random pause; if it still collides, the caller gets the
retryable TRANSIENT_CONFLICT instead of an internal error.

An operation is run again only while it is safe: it must not run inside a transaction it does
not own, and nothing it did may have committed yet (an operation of several transactions that
fails in its second is not run again: its first would commit twice). The unit of work counts
the commits of each attempt (unit_of_work.commits).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from server.services.core import unit_of_work
from server.services.core.errors import DomainError, ErrorCode

log = logging.getLogger("campaign_graph.retry")

T = TypeVar("T")

#: SQLSTATEs of a transaction rolled back because of others: serialization_failure and
#: deadlock_detected (PostgreSQL; SQLite serialises writers and waits instead).
TRANSIENT_STATES = frozenset({"40001", "40P01"})

#: Attempts in all, and the first pause's upper bound in seconds (doubled at each attempt).
ATTEMPTS = 4
FIRST_PAUSE = 0.01

_MESSAGE = (
    "The change collided with concurrent changes and was rolled back {n} times; nothing "
    "changed. Send it again."
)


def is_transient(error: BaseException) -> bool:
    """Whether `error` (or what it wraps) is a transaction rolled back because of others."""
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return False
        if getattr(seen, "sqlstate", None) in TRANSIENT_STATES:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def retrying(work: Callable[[], Awaitable[T]]) -> T:
    """`work()`, run again while it fails with a transient conflict and is safe to re-run."""
    if unit_of_work.current() is not None:
        return await work()  # the enclosing transaction is not ours to run again
    for attempt in range(1, ATTEMPTS + 1):
        counted = [0]
        token = unit_of_work.commits.set(counted)
        try:
            return await work()
        except Exception as error:
            if not is_transient(error) or counted[0]:
                raise
            if attempt == ATTEMPTS:
                log.warning("a transaction collided %s times: %r", attempt, error)
                raise DomainError(
                    ErrorCode.TRANSIENT_CONFLICT, _MESSAGE.format(n=attempt)
                ) from error
            log.info("a transaction collided (%r); running it again", error)
        finally:
            unit_of_work.commits.reset(token)
        await asyncio.sleep(random.uniform(0, FIRST_PAUSE * 2 ** (attempt - 1)))
    raise AssertionError("unreachable")
