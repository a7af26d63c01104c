"""Database helpers for services: reading a column, finding and locking records, reference
checks and unique-key races. The transaction itself is the unit of work's (`unit_of_work`)."""

from __future__ import annotations

import contextlib
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError, ValidationError
from tortoise.expressions import Q
from tortoise.fields.relational import ReverseRelation
from tortoise.models import Model
from tortoise.queryset import QuerySet

from server.services.core.errors import (
    DomainError,
    ErrorCode,
    ErrorCollector,
    NotFound,
    ValidationFailed,
)
from server.services.core.unit_of_work import transaction
from server.services.core.values import lookup_key, storable

M = TypeVar("M", bound=Model)


async def column(query: QuerySet[Any], field: str) -> list[Any]:
    """The distinct values of one column of `query`, as a flat list. Ordered by that column:
    PostgreSQL needs DISTINCT's ORDER BY in the select list (not the model's default order)."""
    values: list[Any] = list(await query.distinct().order_by(field).values_list(field, flat=True))
    return values


async def referring_counts(instance: Model, *, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Describe every kind of record still pointing at `instance` ("3 campaigns").

    Walks the model's reverse relations, so a new entity that refers to this one is covered
    without touching the callers. `ignore` names relations owned by the instance (deleted with it).
    """
    described = type(instance).describe(serializable=False)
    relations = described["backward_fk_fields"] + described["backward_o2o_fields"]
    found: list[str] = []
    for name in sorted(relation["name"] for relation in relations):
        if name in ignore:
            continue
        related = getattr(instance, name)
        if isinstance(related, ReverseRelation):
            count = await related.all().count()
        else:  # a reverse one-to-one: the record or None
            count = 0 if await related is None else 1
        if count:
            found.append(f"{count} {name.replace('_', ' ')}")
    return found


#: The longest search text a list filter takes: longer than any text it searches (DOMAIN
#: section 1: numbers, names and descriptions are at most 100 characters).
SEARCH_MAX = 100


def matching(query: QuerySet[M], search: str | None, *columns: str) -> QuerySet[M]:
    """`query` narrowed to rows whose `columns` contain the search text, ignoring case (blank:
    no search). A text no record can hold matches nothing; one longer than SEARCH_MAX is
    refused on filter.search, before it reaches the database (SQLite refuses LIKE patterns
    past 50,000 bytes with an error of its own)."""
    text = (search or "").strip()
    if not text:
        return query
    if len(text) > SEARCH_MAX:
        problem = DomainError(
            ErrorCode.TOO_LONG,
            f"A search text has at most {SEARCH_MAX} characters; this one has {len(text)}.",
            ("filter", "search"),
        )
        raise ValidationFailed([problem])
    if not storable(text):
        return query.filter(pk__in=[])
    condition = Q(**{f"{columns[0]}__icontains": text})
    for column in columns[1:]:
        condition |= Q(**{f"{column}__icontains": text})
    return query.filter(condition)


async def find(model: type[M], **key: Any) -> M | None:
    """One record by key, or None, also for a key no record could have (too long, say)."""
    if not all(storable(v) for v in key.values()):
        return None
    try:
        return await model.get_or_none(**key)
    except ValidationError:
        return None


async def existing(
    errors: ErrorCollector,
    model: type[M],
    entity: str,
    value: str | None,
    *field: str | int,
    key: str = "code",
) -> M | None:
    """Resolve a reference named in an input by its human key (blank: none); a key no record
    has is recorded as NOT_FOUND on `field`, so that every problem of the input is reported."""
    if not value:
        return None
    found = await find(model, **{key: lookup_key(value)})
    if found is None:
        errors.add(ErrorCode.NOT_FOUND, f"{entity} {value!r} does not exist.", *field)
    return found


async def get_locked(
    model: type[M], entity: str, field: str | None = None, *, no_key: bool = False, **key: str
) -> M:
    """Fetch one record by its human key, row-locked for the rest of the transaction.

    `no_key` takes PostgreSQL's FOR NO KEY UPDATE, for a row that stays: other transactions may
    still insert rows referring to it. Each such insert share-locks the row it refers to (FOR
    KEY SHARE), which FOR UPDATE waits for: a transaction that inserted rows referring to a
    campaign and then locked it FOR UPDATE (to keep its target group exact) waited for another
    that had done the same, and each for the other (a deadlock). Without `no_key` the lock is
    FOR UPDATE, for a row about to be deleted. SQLite has no row locks (writers serialise)."""
    found = None
    if all(storable(v) for v in key.values()):
        with contextlib.suppress(ValidationError):  # a key no record could have
            found = await model.filter(**key).select_for_update(no_key=no_key).first()
    if found is None:
        raise NotFound(entity, next(iter(key.values())), (field,) if field else ())
    return found


async def create_unique(model: type[M], entity: str, key_field: str, **values: Any) -> M:
    """Insert a record, turning a lost race on its unique key into a DUPLICATE error."""
    key = values[key_field]
    if await model.exists(**{key_field: key}):
        raise _duplicate(entity, key_field, key)
    try:
        # A savepoint: on PostgreSQL a failed statement would otherwise abort the caller's
        # whole transaction, not just this insert.
        async with transaction():
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
