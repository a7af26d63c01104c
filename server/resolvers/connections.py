"""Nested connection fields: one batched, keyset-paged statement per field and arguments."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from tortoise.queryset import QuerySet

from server.resolvers.common import InfoLike, OrderInput
from server.resolvers.nested import pages_by_parent
from server.resolvers.pagination import Page, SortField, ordering, page_args


async def nested_page(
    info: InfoLike,
    field: Hashable,
    parent: Any,
    query: Callable[[], QuerySet[Any]],
    parent_column: str | tuple[str, ...],
    *,
    sort_fields: Mapping[str, SortField],
    tiebreak: str,
    order_by: Sequence[OrderInput] | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[Any]:
    """This parent's page of a nested connection. Every parent that asks for the same `field`
    (name plus filter) with the same paging arguments is served by the same statement."""
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
    order = ordering(requested, sort_fields[tiebreak])

    async def fetch(keys: Sequence[Any]) -> dict[Any, Page[Any]]:
        return await pages_by_parent(query(), parent_column, keys, order, args)

    def missing(key: Any) -> Page[Any]:
        raise KeyError(key)  # pages_by_parent answers for every key it is given

    loader = ctx.loaders.keyed((field, order.signature, args), fetch, missing)
    page: Page[Any] = await loader.load(parent)
    return page
