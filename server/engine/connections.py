"""Nested connection fields: one batched, keyset-paged statement per field and arguments."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from tortoise.queryset import QuerySet

from server.engine.columns import plain_fields
from server.engine.nested import pages_by_parent
from server.engine.pagination import OrderInput, Page, SortKeys, page_args
from server.engine.reads import InfoLike


def _selects(
    selection_set: SelectionSetNode | None, name: str, fragments: Mapping[str, Any]
) -> bool:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            if selection.name.value == name:
                return True
        elif isinstance(selection, InlineFragmentNode):
            if _selects(selection.selection_set, name, fragments):
                return True
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None and _selects(fragment.selection_set, name, fragments):
                return True
    return False


def selected_node_fields(info: InfoLike) -> frozenset[str] | None:
    """The names of the fields asked of the connection's nodes (through `nodes` or `edges {
    node }`), or None when that is not plainly written (fragments) or not known (unit tests)."""
    raw = getattr(info, "_raw_info", None)
    if raw is None:
        return None
    names: set[str] = set()
    for connection in raw.field_nodes:
        top = plain_fields(connection)
        if top is None:
            return None
        for field in top:
            kind = field.name.value
            if kind in ("totalCount", "pageInfo", "__typename"):
                continue
            if kind == "edges":
                inner = plain_fields(field)
                if inner is None or any(
                    f.name.value not in ("node", "cursor", "__typename") for f in inner
                ):
                    return None
                nodes = [f for f in inner if f.name.value == "node"]
            elif kind == "nodes":
                nodes = [field]
            else:
                return None
            for node in nodes:
                asked = plain_fields(node)
                if asked is None:
                    return None
                names.update(f.name.value for f in asked)
    return frozenset(names)


def selects(info: InfoLike, name: str) -> bool:
    """Whether the connection field being resolved asks for `name` (say `totalCount`),
    directly or in a fragment; @skip is not evaluated, so a skipped one still counts. Infos
    without the query (unit tests) say yes."""
    raw = getattr(info, "_raw_info", None)
    if raw is None:
        return True
    return any(_selects(node.selection_set, name, raw.fragments) for node in raw.field_nodes)


async def nested_pages(
    info: InfoLike,
    field: Hashable,
    parents: Sequence[Any],
    query: Callable[[], QuerySet[Any]],
    parent_column: str | tuple[str, ...],
    *,
    sort: SortKeys,
    order_by: Sequence[OrderInput] | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    shows_rows: bool = True,
) -> list[Page[Any]]:
    """The page of a nested connection for each of `parents` (keys), in order: one statement
    for all of them, and for any other parents asking for it in the same tick. Without
    `shows_rows` the caller shows other objects in the rows' place (`Page.with_nodes`), so
    the fields asked of the nodes say nothing of the rows' columns."""
    ctx = info.context
    args = page_args(
        first=first,
        after=after,
        last=last,
        before=before,
        default_size=ctx.default_page_size,
        max_size=ctx.max_page_size,
    )
    order = sort.ordering(order_by)

    # Counting every parent's rows costs a window over all of them, and telling whether a
    # page has more a row beyond it: only when asked for.
    with_total = selects(info, "totalCount")
    with_more = selects(info, "pageInfo")
    # The nodes' columns, when the query names plain fields only (see pages_by_parent).
    fields = selected_node_fields(info) if shows_rows else None

    async def fetch(keys: Sequence[Any]) -> dict[Any, Page[Any]]:
        return await pages_by_parent(
            query(),
            parent_column,
            keys,
            order,
            args,
            with_total=with_total,
            with_more=with_more,
            fields=fields,
        )

    def missing(key: Any) -> Page[Any]:
        raise KeyError(key)  # pages_by_parent answers for every key it is given

    key = (field, order.signature, args, with_total, with_more, fields)
    loader = ctx.loaders.keyed(key, fetch, missing)
    return await loader.load_many(parents)
