"""Helpers shared by resolver modules: what they need of `info`, and loads by primary key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from tortoise.models import Model

from server.engine.columns import shown_columns
from server.engine.context import GraphQLContext
from server.engine.loaders import Loader


class InfoLike(Protocol):
    """The part of strawberry's Info that resolvers use."""

    @property
    def context(self) -> GraphQLContext: ...


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
    found = iter(await loader.load_many(wanted) if wanted else [])
    return [None if pk is None else next(found) for pk in pks]


async def load_shown(info: InfoLike, model: type[Model], pk: int | None) -> Any:
    """A reference field's value (None for a blank reference): when the operation asks only
    plain fields of its type, a read-only row of just their columns (engine/columns),
    else an instance."""
    if pk is None:
        return None
    return await _shown_loader(info, model).load(pk)


def _shown_loader(info: InfoLike, model: type[Model]) -> Loader[int, Any]:
    return info.context.loaders.by_id(model, shown_columns(info, model))
