"""Batch reads by primary key, the building block of the API's DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from tortoise.models import Model

from server.models import ApiToken, User
from server.services.context import Permission, ServiceContext

M = TypeVar("M", bound=Model)

#: Records that are not business data need more than READ, also through `node(id:)`.
_READ_PERMISSION: dict[type[Model], Permission] = {
    User: Permission.MANAGE_USERS,
    ApiToken: Permission.MANAGE_USERS,
}


async def by_ids(ctx: ServiceContext, model: type[M], ids: Sequence[int]) -> dict[int, M]:
    """Load many records of one kind in one statement, keyed by id (missing ids are absent)."""
    ctx.require(_READ_PERMISSION.get(model, Permission.READ))
    if not ids:
        return {}
    return {row.pk: row for row in await model.filter(pk__in=list(set(ids)))}
