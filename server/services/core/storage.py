"""Database helpers for services: the transaction, reference checks and unique-key races."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.exceptions import IntegrityError, ValidationError
from tortoise.fields.relational import BackwardFKRelation
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.services.core.errors import DomainError, ErrorCode, NotFound
from server.services.core.values import storable

M = TypeVar("M", bound=Model)

log = logging.getLogger("campaign_graph.storage")


async def column(query: QuerySet[Any], field: str) -> list[Any]:
    """The distinct values of one column of `query`, as a flat list. Ordered by that column:
    PostgreSQL needs DISTINCT's ORDER BY in the select list (not the model's default order)."""
    values: list[Any] = list(await query.distinct().order_by(field).values_list(field, flat=True))
    return values


Callback = Callable[[], Awaitable[None]]

#: Callbacks registered in the innermost open `transaction()` block of this task, if any.
_level: ContextVar[list[Callback] | None] = ContextVar("after_commit", default=None)

#: Callbacks waiting for a transaction opened directly with Tortoise (not through
#: `transaction()`) to commit, by that transaction's client.
_held: WeakKeyDictionary[TransactionalDBClient, list[Callback]] = WeakKeyDictionary()


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """One transaction per operation (DOMAIN section 1): all of it happens or none of it.

    Nested calls are savepoints. Work registered with `on_commit` inside a block is handed to
    the enclosing block when this one succeeds and dropped when it rolls back; the outermost
    runs it once it has committed."""
    mine: list[Callback] = []
    token = _level.set(mine)
    try:
        async with in_transaction("default") as connection:
            yield connection
    finally:
        _level.reset(token)
    # Only reached when the block (its savepoint or the transaction) succeeded.
    for callback in mine:
        await on_commit(callback)


async def on_commit(callback: Callback) -> None:
    """Run `callback` once the enclosing transaction has committed (at once outside any);
    never when it rolls back. A failing callback is logged: the change stays committed."""
    level = _level.get()
    if level is not None:
        level.append(callback)
        return
    client = connections.get("default")
    if isinstance(client, TransactionalDBClient):
        _hold(client, callback)
        return
    await _run(callback)


def _hold(client: TransactionalDBClient, callback: Callback) -> None:
    """A transaction opened directly with Tortoise encloses us: Tortoise has no commit hooks,
    so wrap that transaction object's own commit and rollback (once)."""
    if client in _held:
        _held[client].append(callback)
        return
    _held[client] = [callback]
    commit, rollback = client.commit, client.rollback

    async def commit_then_run() -> None:
        await commit()
        for held in _held.pop(client, []):
            await _run(held)

    async def forget_then_roll_back() -> None:
        _held.pop(client, None)
        await rollback()

    client.commit = commit_then_run  # type: ignore[method-assign]
    client.rollback = forget_then_roll_back  # type: ignore[method-assign]


async def _run(callback: Callback) -> None:
    try:
        await callback()
    except Exception:
        log.exception("work after a commit failed (the change itself is committed)")


async def referring_counts(instance: Model, *, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Describe every kind of record still pointing at `instance` ("3 campaigns").

    Walks the model's reverse foreign keys, so a new entity that refers to this one is covered
    without touching the callers. `ignore` names relations owned by the instance (deleted with it).
    """
    found: list[str] = []
    meta = instance._meta
    for name in sorted(meta.backward_fk_fields | meta.backward_o2o_fields):
        if name in ignore:
            continue
        relation = meta.fields_map[name]
        assert isinstance(relation, BackwardFKRelation)
        count = await relation.related_model.filter(
            **{relation.relation_field: instance.pk}
        ).count()
        if count:
            found.append(f"{count} {name.replace('_', ' ')}")
    return found


async def find(model: type[M], **key: Any) -> M | None:
    """One record by key, or None, also for a key no record could have (too long, say)."""
    if not all(storable(v) for v in key.values()):
        return None
    try:
        return await model.get_or_none(**key)
    except ValidationError:
        return None


async def get_locked(model: type[M], entity: str, field: str | None = None, **key: str) -> M:
    """Fetch one record by its human key, row-locked for the rest of the transaction."""
    found = None
    if all(storable(v) for v in key.values()):
        with contextlib.suppress(ValidationError):  # a key no record could have
            found = await model.filter(**key).select_for_update().first()
    if found is None:
        raise NotFound(entity, next(iter(key.values())), (field,) if field else ())
    return found


async def create_unique(model: type[M], entity: str, key_field: str, **values: Any) -> M:
    """Insert a record, turning a lost race on its unique key into a DUPLICATE error."""
    key = values[key_field]
    if await model.exists(**{key_field: key}):
        raise _duplicate(entity, key_field, key)
    try:
        async with in_transaction("default"):
            return await model.create(**values)
    except IntegrityError:
        raise _duplicate(entity, key_field, key) from None


async def delete_unreferenced(
    instance: Model,
    entity: str,
    key: str,
    *,
    code: ErrorCode = ErrorCode.IN_USE,
    ignore: frozenset[str] = frozenset(),
) -> None:
    """Delete a record unless something still refers to it (the error says what)."""
    users = await referring_counts(instance, ignore=ignore)
    if users:
        raise DomainError(code, f"{entity} {key} is still used by {', '.join(users)}.")
    await instance.delete()


def _duplicate(entity: str, key_field: str, key: str) -> DomainError:
    return DomainError(ErrorCode.DUPLICATE, f"{entity} {key} already exists.", (key_field,))
