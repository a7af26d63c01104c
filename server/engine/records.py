"""Batch reads by primary key, the building block of the API's DataLoaders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from tortoise import connections
from tortoise.fields import IntField
from tortoise.models import Model

from server.engine.rows import builder, record_builder
from server.models import ApiToken, User
from server.services.core.context import Permission, ServiceContext
from server.services.core.sql import ID_RANGE, Statement

M = TypeVar("M", bound=Model)

#: Records that are not business data need more than READ, also through `node(id:)`.
_READ_PERMISSION: dict[type[Model], Permission] = {
    User: Permission.MANAGE_USERS,
    ApiToken: Permission.MANAGE_USERS,
}


async def by_ids(
    ctx: ServiceContext, model: type[M], ids: Sequence[int], columns: Sequence[str] | None = None
) -> dict[int, Any]:
    """Load many records of one kind in one statement, keyed by id (missing ids are absent):
    model instances, or with `columns` (which must hold the primary key) read-only rows of
    only those columns (engine/rows)."""
    ctx.require(_READ_PERMISSION.get(model, Permission.READ))
    if not ids:
        return {}
    if columns is not None and model._meta.db_pk_column not in columns:
        raise ValueError("rows need their primary key")
    if not isinstance(model._meta.pk, IntField):
        return {row.pk: row for row in await model.filter(pk__in=list(set(ids)))}
    ids = [i for i in ids if i in ID_RANGE]  # no row has another (PostgreSQL `integer`)
    if not ids:
        return {}
    # One parameter for any number of ids, and instances built by engine/rows: for a
    # thousand contacts, the ORM's query building and row conversion cost more than the SQL.
    db = connections.get("default")
    sql = Statement(db.capabilities.dialect)
    column = '"' + model._meta.db_pk_column + '"'
    table = '"' + model._meta.db_table + '"'
    wanted = sql.in_ids(column, sorted(set(ids)))
    chosen = "*" if columns is None else ", ".join(f'"{c}"' for c in columns)
    _, rows = await db.execute_query(f"SELECT {chosen} FROM {table} WHERE {wanted}", sql.params)
    if not rows:
        return {}
    names = list(rows[0].keys())
    build: Callable[[Any], Any] = (
        builder(model, names) if columns is None else record_builder(model, names)
    )
    return {row.pk: row for row in map(build, rows)}
