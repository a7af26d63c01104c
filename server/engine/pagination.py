"""Relay connections with keyset cursors (stable under inserts, no OFFSET scans).

A cursor carries the sort-key values of its row plus the ordering it belongs to, so a cursor
from another ordering, or a forged one, is refused instead of silently mis-paging.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from tortoise.expressions import Q
from tortoise.functions import Coalesce
from tortoise.models import Model
from tortoise.queryset import QuerySet

from server.engine.problems import bad_input

M = TypeVar("M", bound=Model)

#: Stand in for NULL dates and texts in orderings so NULLs sort first on every database.
NULL_DATE = date(1, 1, 1)
NULL_TEXT = ""


@dataclass(frozen=True)
class SortField:
    """One orderable column: its GraphQL name, model field and value type, and what the
    GraphQL order enum says of it."""

    name: str
    column: str
    kind: type = str
    nullable: bool = False
    description: str = ""

    @property
    def null_value(self) -> Any:
        """What a NULL of this nullable date or text column sorts as: before every real value."""
        return NULL_DATE if self.kind is date else NULL_TEXT

    def dump(self, value: Any) -> Any:
        """Python value -> JSON for the cursor."""
        if value is None:
            return None
        if isinstance(value, date | Decimal):
            return str(value)
        return value

    def load(self, raw: Any) -> Any:
        """JSON from a cursor -> Python value; raises ValueError/TypeError when malformed."""
        if self.kind is date:
            value = date.fromisoformat(raw)
            return NULL_DATE if self.nullable and value == NULL_DATE else value
        if self.kind is int:
            if not isinstance(raw, int) or isinstance(raw, bool):
                raise TypeError("expected an integer")
            return raw
        if self.kind is Decimal:
            return Decimal(raw)
        if not isinstance(raw, str):
            raise TypeError("expected a string")
        return raw


@dataclass(frozen=True)
class Ordering:
    """A resolved orderBy: sort fields with directions, ending in a unique tiebreak."""

    keys: tuple[tuple[SortField, bool], ...]  # (field, descending)

    @property
    def signature(self) -> str:
        return ",".join(f"{f.name}:{'D' if d else 'A'}" for f, d in self.keys)

    def alias(self, index: int) -> str:
        field, _ = self.keys[index]
        return f"_sort{index}" if field.nullable else field.column

    def values(self, row: Model) -> list[Any]:
        out = []
        for field, _ in self.keys:
            value = getattr(row, field.column)
            out.append(field.null_value if value is None and field.nullable else value)
        return out


def ordering(requested: Sequence[tuple[SortField, bool]], tiebreak: SortField) -> Ordering:
    """Build an ordering from (field, descending) pairs, appending the unique tiebreak."""
    keys: list[tuple[SortField, bool]] = []
    for field, descending in requested:
        if all(f.name != field.name for f, _ in keys):
            keys.append((field, descending))
    if all(f.name != tiebreak.name for f, _ in keys):
        keys.append((tiebreak, keys[-1][1] if keys else False))
    return Ordering(tuple(keys))


class OrderInput(Protocol):
    """Shape of every `XOrder` input: a field enum and a direction enum."""

    @property
    def field(self) -> Enum: ...

    @property
    def direction(self) -> Enum: ...


class SortKeys:
    """What one list can be sorted by, declared once: the GraphQL order enum is made from it
    (schema/connection.order_input) and the engine orders by it. `tiebreak` names the unique
    key that ends every ordering (the first key unless named)."""

    def __init__(self, *fields: SortField, tiebreak: str | None = None) -> None:
        self.fields = {field.name: field for field in fields}
        self.tiebreak = self.fields[tiebreak] if tiebreak is not None else fields[0]

    def __iter__(self) -> Iterator[SortField]:
        return iter(self.fields.values())

    def ordering(self, order_by: Sequence[OrderInput] | None) -> Ordering:
        """The ordering an `orderBy` argument asks for (None: the tiebreak alone)."""
        requested = [
            (self.fields[o.field.value], o.direction.value == "DESC") for o in order_by or []
        ]
        return ordering(requested, self.tiebreak)


def encode_cursor(order: Ordering, values: Sequence[Any]) -> str:
    """An opaque cursor for a row at `values` in `order`."""
    payload = {
        "o": order.signature,
        "v": [f.dump(v) for (f, _), v in zip(order.keys, values, strict=False)],
    }
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(order: Ordering, cursor: str, argument: str) -> list[Any]:
    """The sort values inside a cursor; BAD_USER_INPUT when it is malformed or foreign."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(payload, dict) or payload.get("o") != order.signature:
            raise ValueError("cursor belongs to another ordering")
        raw_values = payload["v"]
        if not isinstance(raw_values, list) or len(raw_values) != len(order.keys):
            raise ValueError("wrong number of values")
        return [f.load(v) for (f, _), v in zip(order.keys, raw_values, strict=False)]
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise bad_input(
            f"`{argument}` is not a valid cursor for this list and ordering.", argument
        ) from None


class EdgeRow(Generic[M]):
    """One node with its cursor; the cursor is encoded only when a client asks for it (most
    nested pages are read without cursors)."""

    __slots__ = ("_cursor", "_order", "_source", "node")

    def __init__(self, node: M, order: Ordering, source: Any = None) -> None:
        self.node = node
        self._order = order
        self._source = node if source is None else source
        self._cursor: str | None = None

    @property
    def cursor(self) -> str:
        """The opaque cursor of this node's place in the order."""
        if self._cursor is None:
            self._cursor = encode_cursor(self._order, self._order.values(self._source))
        return self._cursor


class PageInfoRow:
    """Relay PageInfo values (cursors of the page's first and last rows, on demand)."""

    __slots__ = ("_order", "_sources", "has_next_page", "has_previous_page")

    def __init__(
        self,
        sources: Sequence[Any],
        order: Ordering,
        *,
        has_next_page: bool,
        has_previous_page: bool,
    ) -> None:
        self._sources = sources
        self._order = order
        self.has_next_page = has_next_page
        self.has_previous_page = has_previous_page

    def _cursor(self, source: Any) -> str:
        return encode_cursor(self._order, self._order.values(source))

    @property
    def start_cursor(self) -> str | None:
        return self._cursor(self._sources[0]) if self._sources else None

    @property
    def end_cursor(self) -> str | None:
        return self._cursor(self._sources[-1]) if self._sources else None


class Page(Generic[M]):
    """One page of a connection: its nodes as they are (most clients ask for `nodes`), edges
    with cursors made only when asked for, and `total_count` counted only when asked for.
    `sources` are the rows whose sort values the cursors carry, when the nodes shown are
    other objects (say, the segments of a contact's segment lines)."""

    __slots__ = ("_count", "_edges", "_more", "_order", "_sources", "nodes")

    def __init__(
        self,
        nodes: list[M],
        order: Ordering,
        count: Callable[[], Awaitable[int]],
        *,
        has_next_page: bool,
        has_previous_page: bool,
        sources: list[Any] | None = None,
    ) -> None:
        self.nodes = nodes
        self._order = order
        self._sources = nodes if sources is None else sources
        self._count = count
        self._edges: list[EdgeRow[M]] | None = None
        self._more = (has_next_page, has_previous_page)

    @property
    def page_info(self) -> PageInfoRow:
        """Relay page info (made when asked: most nested pages are read without it)."""
        has_next_page, has_previous_page = self._more
        return PageInfoRow(
            self._sources,
            self._order,
            has_next_page=has_next_page,
            has_previous_page=has_previous_page,
        )

    @property
    def edges(self) -> list[EdgeRow[M]]:
        """The nodes with their cursors."""
        if self._edges is None:
            order = self._order
            self._edges = [
                EdgeRow(node, order, source)
                for node, source in zip(self.nodes, self._sources, strict=True)
            ]
        return self._edges

    async def total_count(self) -> int:
        """How many nodes the whole (filtered) list holds."""
        return await self._count()

    def with_nodes(self, nodes: Sequence[Any]) -> Page[Any]:
        """The same page (cursors, page info, count) showing other objects in its place,
        e.g. the segments of a contact's lines."""
        if len(nodes) != len(self.nodes):
            raise ValueError("a page shows one object per row")
        has_next_page, has_previous_page = self._more
        return Page(
            list(nodes),
            self._order,
            self._count,
            has_next_page=has_next_page,
            has_previous_page=has_previous_page,
            sources=self._sources,
        )


@dataclass(frozen=True)
class PageArgs:
    """Relay paging arguments after validation."""

    first: int | None
    after: str | None
    last: int | None
    before: str | None


def page_args(
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    default_size: int,
    max_size: int,
) -> PageArgs:
    """Validate paging arguments: sizes within 0..max, not first and last together."""
    if first is not None and last is not None:
        raise bad_input("Pass either `first` or `last`, not both.", "first")
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= max_size:
            raise bad_input(f"`{name}` must be between 0 and {max_size} (got {value}).", name)
    if first is None and last is None:
        first = default_size
    return PageArgs(first=first, after=after, last=last, before=before)


def _beyond(order: Ordering, values: list[Any], forward: bool) -> Q:
    """Rows strictly after (forward) or before the position `values` in `order`."""
    clauses: list[Q] = []
    for i, (_, descending) in enumerate(order.keys):
        equal = {order.alias(j): values[j] for j in range(i)}
        greater = forward != descending
        op = "gt" if greater else "lt"
        clauses.append(Q(**equal, **{f"{order.alias(i)}__{op}": values[i]}))
    return Q(*clauses, join_type=Q.OR)


async def paginate(query: QuerySet[M], order: Ordering, args: PageArgs) -> Page[M]:
    """Fetch one page of `query` in `order` using keyset predicates (one statement)."""
    counted = query
    annotations = {
        order.alias(i): Coalesce(field.column, field.null_value)
        for i, (field, _) in enumerate(order.keys)
        if field.nullable
    }
    if annotations:
        query = query.annotate(**annotations)
    if args.after is not None:
        query = query.filter(_beyond(order, decode_cursor(order, args.after, "after"), True))
    if args.before is not None:
        query = query.filter(_beyond(order, decode_cursor(order, args.before, "before"), False))
    backward = args.last is not None
    size = args.last if backward else args.first
    assert size is not None
    directions = [
        f"{'-' if descending != backward else ''}{order.alias(i)}"
        for i, (_, descending) in enumerate(order.keys)
    ]
    rows = list(await query.order_by(*directions).limit(size + 1))
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
    return Page(
        rows,
        order,
        counted.count,
        has_next_page=more if not backward else args.before is not None,
        has_previous_page=more if backward else args.after is not None,
    )
