"""Helpers shared by resolver modules: context access, ordering and paging arguments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, Protocol

from strawberry.dataloader import DataLoader
from tortoise.models import Model
from tortoise.queryset import QuerySet

from server.engine.columns import shown_columns
from server.engine.context import GraphQLContext
from server.engine.loaders import load_all
from server.engine.pagination import Page, SortField, ordering, page_args, paginate


class OrderInput(Protocol):
    """Shape of every `XOrder` input: a field enum and a direction enum."""

    @property
    def field(self) -> Enum: ...

    @property
    def direction(self) -> Enum: ...


class InfoLike(Protocol):
    """The part of strawberry's Info that resolvers use."""

    @property
    def context(self) -> GraphQLContext: ...


async def page_of(
    info: InfoLike,
    query: QuerySet[Any],
    *,
    order_by: Sequence[OrderInput] | None,
    sort_fields: Mapping[str, SortField],
    tiebreak: str,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Page[Any]:
    """One keyset page of `query` in the requested order (ties broken by the unique key)."""
    ctx = info.context
    args = page_args(
        first=first,
        after=after,
        last=last,
        before=before,
        default_size=ctx.default_page_size,
        max_size=ctx.max_page_size,
    )
    requested = [(sort_fields[o.field.value], o.direction.value == "DESC") for o in order_by or []]
    return await paginate(query, ordering(requested, sort_fields[tiebreak]), args)


async def load_by_id(info: InfoLike, model: type[Model], pk: int | None) -> Any:
    """A related row through the request's loader (None for a blank reference)."""
    if pk is None:
        return None
    return await info.context.loaders.by_id(model).load(pk)


async def load_many_by_id(
    info: InfoLike, model: type[Model], pks: Sequence[int | None], *, shown: bool = False
) -> list[Any]:
    """`load_by_id` for many references at once (None stays None), in order. `shown` says
    the objects are the field's value itself: see `load_shown`."""
    wanted = [pk for pk in pks if pk is not None]
    loader = _shown_loader(info, model) if shown else info.context.loaders.by_id(model)
    found = iter(await load_all(loader, wanted) if wanted else [])
    return [None if pk is None else next(found) for pk in pks]


async def load_shown(info: InfoLike, model: type[Model], pk: int | None) -> Any:
    """A reference field's value (None for a blank reference): when the operation asks only
    plain fields of its type, a read-only row of just their columns (engine/columns),
    else an instance."""
    if pk is None:
        return None
    return await _shown_loader(info, model).load(pk)


def _shown_loader(info: InfoLike, model: type[Model]) -> DataLoader[int, Any]:
    return info.context.loaders.by_id(model, shown_columns(info, model))
