"""What each connection field lists, declared once per field by its area's resolvers.

A root list (`Listing`) is the rows a query finds for the field's filter; a nested list
(`Nested`) is, for each parent, the rows whose column holds the parent's key. Both carry the
list's sort keys. The connection factory (schema/connection) makes the field's arguments and
calls `page`; the engine decides how: one keyset-paged statement for a root list, one batched
statement for all the parents of a nested one (engine/connections).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.connections import nested_pages
from server.engine.pagination import OrderInput, Page, SortKeys, page_args, paginate
from server.engine.reads import InfoLike

#: The rows a list holds for a filter (None without one): `rows(info, filter)`.
Rows = Callable[[InfoLike, Any], QuerySet[Any]]
#: What a page shows in its rows' place, from its rows: `shows(info, rows)`.
Shows = Callable[[InfoLike, list[Any]], Awaitable[Sequence[Any]]]


# eq=False: a declaration is one field's list, hashed by identity (it keys the field's loader).
@dataclass(frozen=True, eq=False)
class Listing:
    """A root list: the rows `rows` finds for the field's filter, in `sort` order."""

    rows: Rows
    sort: SortKeys

    async def page(
        self,
        info: InfoLike,
        root: Any,
        *,
        filter: Any = None,
        order_by: Sequence[OrderInput] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Page[Any]:
        """One keyset page of the rows in the requested order (one statement)."""
        ctx = info.context
        args = page_args(
            first=first,
            after=after,
            last=last,
            before=before,
            default_size=ctx.default_page_size,
            max_size=ctx.max_page_size,
        )
        return await paginate(self.rows(info, filter), self.sort.ordering(order_by), args)


@dataclass(frozen=True, eq=False)
class Nested:
    """A nested list: for each parent, the rows of `rows` whose `column` holds the parent's
    `parent` attribute (pairwise when both are tuples), in `sort` order. With `shows`, the
    page shows other objects in its rows' place (say, a contact's segment lines become their
    segments)."""

    rows: Rows
    column: str | tuple[str, ...]
    sort: SortKeys
    parent: str | tuple[str, ...] = "id"
    shows: Shows | None = None

    @cached_property
    def _key(self) -> Callable[[Any], Any]:
        if isinstance(self.parent, str):
            return attrgetter(self.parent)
        return attrgetter(self.parent[0], *self.parent[1:])

    async def page(self, info: InfoLike, root: Any, **arguments: Any) -> Page[Any]:
        """This parent's page: every parent asking for it in the same tick shares a statement."""
        [page] = await self.pages(info, [root], **arguments)
        return page

    async def pages(
        self,
        info: InfoLike,
        roots: Sequence[Any],
        *,
        filter: Any = None,
        order_by: Sequence[OrderInput] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> list[Page[Any]]:
        """The page of each of `roots`, in order (also the field's batched form)."""
        key = self._key
        pages = await nested_pages(
            info,
            self if filter is None else (self, repr(filter)),  # another filter, another list
            [key(root) for root in roots],
            lambda: self.rows(info, filter),
            self.column,
            sort=self.sort,
            order_by=order_by,
            first=first,
            after=after,
            last=last,
            before=before,
            shows_rows=self.shows is None,
        )
        shows = self.shows
        if shows is None:
            return pages
        if len(pages) == 1:  # one parent (the usual call): no task to gather
            return [pages[0].with_nodes(await shows(info, pages[0].nodes))]
        shown = await asyncio.gather(*(shows(info, page.nodes) for page in pages))
        return [page.with_nodes(nodes) for page, nodes in zip(pages, shown, strict=True)]
