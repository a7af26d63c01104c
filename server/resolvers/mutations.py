"""Running a mutation: service errors become `errors: [UserError!]!` data, never exceptions."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import strawberry

from server import metrics
from server.services.core import idempotency
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.core.retry import retrying

T = TypeVar("T")


@dataclass(frozen=True)
class UserErrorRow:
    """One expected failure as the schema's UserError shows it."""

    code: ErrorCode
    message: str
    field: list[str] | None


class Payload:
    """A mutation result: the changed objects by name, and the errors (empty on success)."""

    def __init__(self, errors: list[UserErrorRow], **objects: Any) -> None:
        self.errors = errors
        for name, value in objects.items():
            setattr(self, name, value)

    def __getattr__(self, name: str) -> Any:
        # Objects of a failed mutation are absent: the payload shows them as null.
        return None


def camel(name: str | int) -> str:
    """'ending_date' -> 'endingDate'; list indexes become strings."""
    if isinstance(name, int):
        return str(name)
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def user_errors(errors: Iterable[DomainError], root: str = "input") -> list[UserErrorRow]:
    """Domain errors -> UserError rows whose `field` is the camelCase path into the arguments
    (each counted by code in /metrics)."""
    rows = [
        UserErrorRow(e.code, e.message, [root, *(camel(p) for p in e.field)] if e.field else None)
        for e in errors
    ]
    for row in rows:
        metrics.USER_ERRORS.labels(row.code.value).inc()
    return rows


def provided(data: object, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The fields of a GraphQL input object that the client actually sent (UNSET dropped)."""
    skip = {*exclude, "idempotency_key"}  # the key guards the call, it is not part of it
    return {
        f.name: getattr(data, f.name)
        for f in dataclasses.fields(data)  # type: ignore[arg-type]
        if f.name not in skip and getattr(data, f.name) is not strawberry.UNSET
    }


@dataclass(frozen=True)
class Once:
    """An idempotency key sent with a mutation, and what it guards."""

    ctx: ServiceContext
    operation: str
    key: str
    request: dict[str, Any]


def once(context: Any, operation: str, data: object) -> Once | None:
    """The idempotency of `data` (a mutation input) sent to `operation`, if it has a key."""
    key = getattr(data, "idempotency_key", None)
    if key is None or key is strawberry.UNSET:
        return None
    return Once(context.service, operation, key, provided(data))


async def run_mutation(
    name: str,
    operation: Callable[[], Awaitable[T]],
    shape: Callable[[T], dict[str, Any]] | None = None,
    *,
    guard: Once | None = None,
) -> Payload:
    """Run one service operation; expected failures become payload errors (nothing changed).

    With an idempotency `guard`, a repeated key returns the first result instead of running."""

    async def run() -> dict[str, Any]:
        result = await operation()
        return shape(result) if shape else {name: result}

    async def attempt() -> dict[str, Any]:
        if guard is None:
            return await run()
        return await idempotency.run_once(guard.ctx, guard.operation, guard.key, guard.request, run)

    try:
        # A transaction rolled back by a deadlock or a serialization failure runs again.
        objects = await retrying(attempt)
    except PermissionDenied:
        raise  # a top-level FORBIDDEN error (see schema.errors), not payload data
    except ValidationFailed as exc:
        return Payload(user_errors(exc.errors))
    except DomainError as exc:
        return Payload(user_errors([exc]))
    return Payload([], **objects)
