"""The unit of work: what one transaction changed, and what must happen around its commit.

`transaction()` opens the database transaction together with a UnitOfWork that the task reaches
through a ContextVar; nested calls are savepoints, each with its own nested UnitOfWork. Services
record two kinds of things in it:

- facts (`record`): what changed, named as such (see `changes.py`), not the rule that follows.
  Before the outermost transaction commits, the rule an area declared for each kind of fact
  (`before_commit`) runs, still inside the transaction: a failing rule rolls everything back.
  A fact nobody declared a rule for is an error, never skipped.
- work after commit (`on_commit`), e.g. publishing events: it runs once the outermost
  transaction has committed, and never when it rolls back.

A savepoint that rolls back takes its facts and its after-commit work with it; one that succeeds
hands them to the enclosing block. Tortoise has no commit hooks, so a transaction that needs them
must be opened here: one opened directly with Tortoise around ours is refused, not patched.

The kernel imports no area: areas declare their rules when their module is imported
(`server/services/__init__.py` imports those that declare some).
"""

from __future__ import annotations

import contextlib
import logging
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Self, TypeVar

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.transactions import in_transaction

log = logging.getLogger("campaign_graph.storage")

Callback = Callable[[], Awaitable[None]]


class Fact(ABC):
    """Something a transaction changed that a declared rule follows up before commit. Facts of
    one kind merge, so the rule runs once per transaction whatever the number of changes."""

    @abstractmethod
    def merge(self, other: Self) -> Self:
        """This fact together with a later one of the same kind."""


F = TypeVar("F", bound=Fact)
Rule = Callable[[F], Awaitable[None]]

#: The rule declared for each kind of fact.
_rules: dict[type[Fact], Callable[[Any], Awaitable[None]]] = {}

#: Rounds of rules before giving up: a rule may record facts of its own, but not forever.
_MAX_ROUNDS = 10


def before_commit(kind: type[F]) -> Callable[[Rule[F]], Rule[F]]:
    """Declare, once, the rule that follows up `kind` facts before the transaction commits."""

    def declare(rule: Rule[F]) -> Rule[F]:
        declared = _rules.get(kind)
        # The same function declared again (its module reloaded) replaces itself.
        if declared is not None and _name(declared) != _name(rule):
            raise RuntimeError(
                f"{kind.__name__} already has a rule ({_name(declared)}), not {_name(rule)}"
            )
        _rules[kind] = rule
        return rule

    return declare


def _name(rule: Callable[..., Any]) -> str:
    return f"{rule.__module__}.{rule.__qualname__}"


class UnitOfWork:
    """What one transaction, or one savepoint of it, recorded: facts and after-commit work."""

    def __init__(self, enclosing: UnitOfWork | None = None) -> None:
        self.enclosing = enclosing
        self._facts: dict[type[Fact], Fact] = {}
        self._after_commit: list[Callback] = []

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The facts recorded in this block so far (merged by kind), in first-recorded order."""
        return tuple(self._facts.values())

    def record(self, fact: Fact) -> None:
        """Remember `fact` for its rule, run before the outermost transaction commits."""
        kind = type(fact)
        known = self._facts.get(kind)
        self._facts[kind] = fact if known is None else known.merge(fact)

    def after_commit(self, callback: Callback) -> None:
        """Remember `callback` for after the outermost transaction commits."""
        self._after_commit.append(callback)

    def hand_over(self) -> None:
        """This savepoint succeeded: its facts and after-commit work join the enclosing block."""
        assert self.enclosing is not None
        for fact in self._facts.values():
            self.enclosing.record(fact)
        for callback in self._after_commit:
            self.enclosing.after_commit(callback)

    async def apply_rules(self) -> None:
        """Run the declared rule of every recorded fact (inside the transaction, before commit);
        facts the rules record in turn are followed up too."""
        for _ in range(_MAX_ROUNDS):
            if not self._facts:
                return
            facts, self._facts = list(self._facts.values()), {}
            for fact in facts:
                rule = _rules.get(type(fact))
                if rule is None:
                    name = type(fact).__name__
                    raise RuntimeError(
                        f"no rule is declared for {name} (declare one with "
                        f"@before_commit({name})): the change it records would go unattended"
                    )
                await rule(fact)
        raise RuntimeError(f"rules still recorded facts after {_MAX_ROUNDS} rounds: a cycle?")

    async def run_after_commit(self) -> None:
        """Run the after-commit work, once, in the order it was registered."""
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            await _run(callback)


#: The innermost open `transaction()` block of this task, if any.
_current: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)

#: Counts the outermost transactions committed while it is set (services/core/retry.py).
commits: ContextVar[list[int] | None] = ContextVar("commits", default=None)


def current() -> UnitOfWork | None:
    """The unit of work of the innermost open `transaction()` block of this task, if any."""
    return _current.get()


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """One transaction per operation (docs/domain.md "Conventions of the data"): all of it happens
    or none of it.

    Nested calls are savepoints. The outermost applies the rules of the recorded facts before
    it commits, and runs the after-commit work once it has committed."""
    enclosing = _current.get()
    if enclosing is None:
        _refuse_foreign_transaction("transaction()")
    work = UnitOfWork(enclosing)
    token = _current.set(work)
    try:
        async with in_transaction("default") as connection:
            yield connection
            if enclosing is None:
                await work.apply_rules()
    finally:
        _current.reset(token)
    # Only reached when the block (its savepoint or the transaction) succeeded.
    if enclosing is None:
        counted = commits.get()
        if counted is not None:
            counted[0] += 1
        await work.run_after_commit()
    else:
        work.hand_over()


def record(fact: Fact) -> None:
    """Record `fact` in the enclosing transaction: its declared rule runs before the commit."""
    work = _current.get()
    if work is None:
        raise RuntimeError(
            f"{type(fact).__name__} recorded outside transaction(): nothing would follow it up"
        )
    work.record(fact)


async def on_commit(callback: Callback) -> None:
    """Run `callback` once the enclosing transaction has committed (at once outside any);
    never when it rolls back. A failing callback is logged: the change stays committed."""
    work = _current.get()
    if work is not None:
        work.after_commit(callback)
        return
    _refuse_foreign_transaction("on_commit()")
    await _run(callback)


def _refuse_foreign_transaction(what: str) -> None:
    """A transaction opened directly with Tortoise would commit without our rules and hooks."""
    if isinstance(connections.get("default"), TransactionalDBClient):
        raise RuntimeError(
            f"{what} inside a transaction opened directly with Tortoise: open the outer "
            "transaction with server.services.core.unit_of_work.transaction()"
        )


async def _run(callback: Callback) -> None:
    try:
        await callback()
    except Exception:
        log.exception("work after a commit failed (the change itself is committed)")
