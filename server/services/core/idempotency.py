"""Idempotent mutations (docs/api.md "Conventions", docs/clients.md "Idempotency keys and retries"):
a retried request applies once.

A mutation sent with an `idempotencyKey` runs in one transaction together with the record of
its result. A repeat of the same key by the same user for the same mutation returns that first
result (the records it named, reloaded) without running again; the same key with a different
input is refused. Two identical requests racing each other: the unique key lets one commit, the
other's work is rolled back entirely and it returns the winner's result. Only successes are
remembered: a refused request changed nothing and may be retried with the same key. A repeat
whose first result named a record deleted since is refused (IDEMPOTENT_RESULT_GONE): it must
not pass for a success that returns nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from server import models
from server.models import IdempotencyRecord
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.unit_of_work import transaction
from server.services.core.values import clean_text

#: How long a key is remembered; a client retrying later than this gets a new change.
RETENTION = timedelta(hours=24)

#: The input field that carries the key, as the path in errors.
KEY_FIELD = ("idempotency_key",)

Result = dict[str, Any]


async def run_once(
    ctx: ServiceContext,
    operation: str,
    key: str,
    request: Mapping[str, Any],
    action: Callable[[], Awaitable[Result]],
) -> Result:
    """Run `action` once per (user, operation, key); its result maps names to records."""
    errors = ErrorCollector()
    cleaned = clean_text(errors, key, KEY_FIELD[0], max_length=100)
    errors.raise_if_any()
    assert cleaned is not None
    key = cleaned
    fingerprint = _fingerprint(request)
    remembered = await _recall(ctx, operation, key, fingerprint)
    if remembered is not None:
        return remembered
    try:
        async with transaction():
            await IdempotencyRecord.filter(
                user=ctx.actor.user, created_at__lt=ctx.clock.now() - RETENTION
            ).delete()
            result = await action()
            await IdempotencyRecord.create(
                user=ctx.actor.user,
                operation=operation,
                key=key,
                fingerprint=fingerprint,
                result=_references(result),
                created_at=ctx.clock.now(),
            )
    except IntegrityError:
        # A twin request committed first: this one's work was rolled back; answer as it did.
        remembered = await _recall(ctx, operation, key, fingerprint)
        if remembered is None:
            raise
        return remembered
    return result


async def _recall(ctx: ServiceContext, operation: str, key: str, fingerprint: str) -> Result | None:
    record = await IdempotencyRecord.get_or_none(
        user=ctx.actor.user,
        operation=operation,
        key=key,
        created_at__gte=ctx.clock.now() - RETENTION,
    )
    if record is None:
        return None
    if record.fingerprint != fingerprint:
        raise DomainError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            f"Idempotency key {key!r} was already used for {operation} with another input.",
            KEY_FIELD,
        )
    result = {name: await _reload(value) for name, value in record.result.items()}
    gone = _missing(record.result, result)
    if gone is not None:
        raise DomainError(
            ErrorCode.IDEMPOTENT_RESULT_GONE,
            f"The {operation} sent with idempotency key {key!r} was already applied, but "
            f"the {gone} it returned has been deleted since: nothing was applied again.",
            KEY_FIELD,
        )
    return result


def _fingerprint(request: Mapping[str, Any]) -> str:
    text = json.dumps(request, sort_keys=True, default=_plain, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {k: getattr(value, k) for k in value.__dataclass_fields__}
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
    return str(value)


def _references(value: Any) -> Any:
    """A result as JSON: records become {"model", "pk"} references, lists stay lists."""
    if isinstance(value, Model):
        return {"model": type(value).__name__, "pk": value.pk}
    if isinstance(value, dict):
        return {name: _references(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_references(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"cannot remember a {type(value).__name__} as an idempotent result")


def _missing(recorded: Any, reloaded: Any) -> str | None:
    """The model of a record the result named that no longer exists (None: all are there)."""
    if isinstance(recorded, dict) and set(recorded) == {"model", "pk"}:
        return str(recorded["model"]) if reloaded is None else None
    if isinstance(recorded, dict):
        items = [(recorded[name], reloaded[name]) for name in recorded]
    elif isinstance(recorded, list):
        items = list(zip(recorded, reloaded, strict=True))
    else:
        return None
    return next((gone for a, b in items if (gone := _missing(a, b)) is not None), None)


async def _reload(value: Any) -> Any:
    if isinstance(value, list):
        return [await _reload(item) for item in value]
    if isinstance(value, dict) and set(value) == {"model", "pk"}:
        model: type[Model] = getattr(models, value["model"])
        return await model.get_or_none(pk=value["pk"])
    if isinstance(value, dict):
        return {name: await _reload(item) for name, item in value.items()}
    return value
