"""Nested connections for many parents in one statement (docs/api.md "Connections and paging").

`segments { lines(first: 100) }` asks for a page of lines per segment. Instead of one query
per segment, one statement ranks every parent's rows with `ROW_NUMBER() OVER (PARTITION BY
parent ...)`, counts them with `COUNT(*) OVER (PARTITION BY parent)`, and keeps each parent's
first page, on SQLite and PostgreSQL alike. Keyset cursors work as in `pagination.py`; since
the arguments are the same for every parent of one field, so is the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from tortoise import connections
from tortoise.functions import Coalesce
from tortoise.models import Model
from tortoise.queryset import QuerySet

from server.engine.columns import columns_for
from server.engine.pagination import NULL_DATE, Ordering, Page, PageArgs, decode_cursor
from server.engine.rows import builder, record_builder
from server.services.core.sql import Statement

M = TypeVar("M", bound=Model)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _prefixed(alias: str, columns: Sequence[str]) -> str:
    return ", ".join(f"{alias}.{_quote(c)}" for c in columns)


def _order_sql(order: Ordering, backward: bool) -> str:
    parts = []
    for i, (_, descending) in enumerate(order.keys):
        direction = "DESC" if descending != backward else "ASC"
        parts.append(f"_m.{_quote(order.alias(i))} {direction}")
    return ", ".join(parts)


def _cursor_sql(sql: Statement, order: Ordering, values: list[Any], forward: bool) -> str:
    """Rows strictly beyond `values` in `order`, as SQL (the keyset predicate)."""
    alternatives = []
    for i, (_, descending) in enumerate(order.keys):
        terms = [f"_m.{_quote(order.alias(j))} = {sql.param(values[j])}" for j in range(i)]
        op = ">" if forward != descending else "<"
        terms.append(f"_m.{_quote(order.alias(i))} {op} {sql.param(values[i])}")
        alternatives.append("(" + " AND ".join(terms) + ")")
    return "(" + " OR ".join(alternatives) + ")"


def _narrowed(
    query: Any,
    model: type[Model],
    columns: Sequence[str],
    order: Ordering,
    also: Sequence[str] = (),
) -> bool:
    """Keep only the primary key, parent and sort columns (and `also`) in the pypika
    `query`'s select list; False (and nothing changed) when one of them is not found there."""
    needed = {model._meta.db_pk_column, *columns, *also}
    needed.update(order.alias(i) for i in range(len(order.keys)))
    kept = [t for t in query._selects if (t.alias or getattr(t, "name", None)) in needed]
    if {t.alias or t.name for t in kept} != needed:
        return False
    query._selects = kept
    return True


def _group(
    rows: Sequence[Any],
    build: Callable[[Any], Any],
    columns: Sequence[str],
    size: int,
    grouped: dict[Any, list[Any]],
    totals: dict[Any, int] | None,
) -> set[Any]:
    """Sort `rows` into their parents' lists (and totals), as built by `build`; a row ranked
    beyond `size` only tells that its parent has more, and is not built. Returns those
    parents."""
    # Rows are read by position (see engine/rows): the same columns, in the same order.
    names = list(rows[0].keys())
    owner_of = itemgetter(*(names.index(c) for c in columns))  # a tuple for several columns
    total_at, rank_at = names.index("_total"), names.index("_rn")
    more: set[Any] = set()
    # The rows come ordered by parent, then rank: one run of rows per parent.
    for owner, run in groupby(rows, key=owner_of):
        found = grouped.get(owner)
        if found is None:
            continue  # a combination of parent values nobody asked for
        ranked = list(run)
        if totals is not None:
            totals[owner] = ranked[0][total_at]
        if ranked[-1][rank_at] > size:
            more.add(owner)
            ranked = [row for row in ranked if row[rank_at] <= size]
        found.extend(map(build, ranked))
    return more


async def _count(
    totals: dict[Any, int],
    known_empty: bool,
    query: QuerySet[Any],
    columns: Sequence[str],
    owner: Any,
) -> int:
    if owner in totals:
        return totals[owner]
    if known_empty:
        return 0  # the window counted every parent with rows: this one has none
    key = owner if len(columns) > 1 else (owner,)
    return await query.filter(**dict(zip(columns, key, strict=True))).count()


async def pages_by_parent(
    query: QuerySet[M],
    parent_column: str | tuple[str, ...],
    parent_ids: Sequence[Any],
    order: Ordering,
    args: PageArgs,
    *,
    with_total: bool = True,
    with_more: bool = True,
    fields: frozenset[str] | None = None,
) -> dict[Any, Page[M]]:
    """One page of `query` per parent key (rows whose `parent_column` holds it; with several
    columns the keys are tuples), in one statement; parents without rows get an empty page.
    Without `with_total` the statement skips counting, and a page's total costs a query;
    without `with_more` it skips the row beyond each page, and the pages' `has_next_page`
    (`has_previous_page` backwards) is False: for clients that do not ask for pageInfo.
    `fields` names the GraphQL fields asked of the nodes: when the columns they read are known
    (engine/columns), the rows carry only those (and the keys) and come as read-only rows
    (engine/rows); otherwise they are whole model instances."""
    model: type[M] = query.model
    columns = (parent_column,) if isinstance(parent_column, str) else parent_column
    ids = list(dict.fromkeys(parent_ids))
    inner = query
    # One integer parent column (the usual case) is matched against one array parameter
    # below; the ORM's IN list would carry a parameter per parent, built term by term.
    as_array = len(columns) == 1 and all(type(key) is int for key in ids)
    for i, column in enumerate(columns if not as_array else ()):
        values = {key[i] if len(columns) > 1 else key for key in ids}
        inner = inner.filter(**{f"{column}__in": sorted(values)})
    annotations = {
        order.alias(i): Coalesce(field.column, NULL_DATE)
        for i, (field, _) in enumerate(order.keys)
        if field.nullable
    }
    if annotations:
        inner = inner.annotate(**annotations)
    # Tortoise builds the filtered query (joins, filters, dialect); we wrap it in windows.
    inner._choose_db_if_not_chosen()
    inner._make_query()
    # The windows below do the ordering: a default ORDER BY inside (from the model's Meta)
    # would only tempt the planner to walk the primary key instead of the parent's index.
    inner.query._orderbys = []
    db = connections.get("default")
    kept = columns_for(model, fields, also=[*columns, *(f.column for f, _ in order.keys)])
    if db.capabilities.dialect == "sqlite":
        # SQLite sorts whole rows slowly: rank on the key columns, then join the page's rows
        # back by primary key. PostgreSQL sorts them well, but plans such a join as a hash
        # join over the whole table: there the rows are ranked as they are (or pruned).
        narrow = _narrowed(inner.query, model, columns, order)
        pruned = narrow and kept is not None
    else:
        narrow = False
        pruned = kept is not None and _narrowed(inner.query, model, columns, order, also=kept)
    inner_sql, inner_params = inner.query.get_parameterized_sql()
    sql = Statement(db.capabilities.dialect, inner_params)
    if as_array:
        inner_sql = (
            f"SELECT * FROM ({inner_sql}) _f WHERE {sql.in_ids('_f.' + _quote(columns[0]), ids)}"
        )

    conditions = []
    if args.after is not None:
        after = decode_cursor(order, args.after, "after")
        conditions.append(_cursor_sql(sql, order, after, forward=True))
    if args.before is not None:
        before = decode_cursor(order, args.before, "before")
        conditions.append(_cursor_sql(sql, order, before, forward=False))
    backward = args.last is not None
    size = args.last if backward else args.first
    assert size is not None
    parents = ", ".join(_quote(c) for c in columns)
    total = f"COUNT(*) OVER (PARTITION BY {_prefixed('_q', columns)})" if with_total else "NULL"
    ranked = (
        f"SELECT _m.*, ROW_NUMBER() OVER (PARTITION BY {_prefixed('_m', columns)} "
        f"ORDER BY {_order_sql(order, backward)}) AS _rn "
        f"FROM (SELECT _q.*, {total} AS _total "
        f"FROM ({inner_sql}) _q) _m "
        f"WHERE {' AND '.join(conditions) or '1 = 1'}"
    )
    # The row beyond the page only tells whether there is more: fetched when that is asked.
    limit = size + 1 if with_more else size
    if narrow:
        # Ranked on the key columns only, then the page's rows fetched whole by primary key:
        # sorting narrow rows is much cheaper than sorting whole ones.
        pk = _quote(model._meta.db_pk_column)
        chosen = "_t.*" if kept is None else ", ".join(f"_t.{_quote(c)}" for c in kept)
        statement = (
            f"SELECT {chosen}, _w._rn, _w._total FROM ({ranked}) _w "
            f"JOIN {_quote(model._meta.db_table)} _t ON _t.{pk} = _w.{pk} "
            f"WHERE _w._rn <= {limit} ORDER BY {_prefixed('_w', columns)}, _w._rn"
        )
    else:
        statement = f"SELECT * FROM ({ranked}) _w WHERE _rn <= {limit} ORDER BY {parents}, _rn"
    _, rows = await db.execute_query(statement, sql.params)

    grouped: dict[Any, list[M]] = {pid: [] for pid in ids}
    totals: dict[Any, int] = {}
    if rows:
        # Pruned rows serve plain fields only: read-only rows do (engine/rows).
        build = (record_builder if pruned else builder)(model, list(rows[0].keys()))
        more = _group(rows, build, columns, size, grouped, totals if with_total else None)
    else:
        more = set()

    # A page's total, when asked: from the window, or 0 when nothing hid the parent's rows,
    # or else counted (after a cursor, without the window's count).
    known_empty = with_total and args.after is None and args.before is None
    count_for = partial(_count, totals, known_empty, query, columns)

    pages: dict[Any, Page[M]] = {}
    for owner, found in grouped.items():
        beyond = owner in more
        if backward:
            found.reverse()
        pages[owner] = Page(
            found,
            order,
            partial(count_for, owner),
            has_next_page=beyond if not backward else args.before is not None,
            has_previous_page=beyond if backward else args.after is not None,
        )
    return pages
