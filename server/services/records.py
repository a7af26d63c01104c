"""Batch reads by primary key, the building block of the API's DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from tortoise.models import Model

from server.services.context import Permission, ServiceContext

M = TypeVar("M", bound=Model)


async def by_ids(ctx: ServiceContext, model: type[M], ids: Sequence[int]) -> dict[int, M]:
    """Load many records of one kind in one statement, keyed by id (missing ids are absent)."""
    ctx.require(Permission.READ)
    if not ids:
        return {}
    return {row.pk: row for row in await model.filter(id__in=list(set(ids)))}
