"""Customer price/discount group and item discount group fields and mutations."""

from __future__ import annotations

from typing import Any, TypeVar

from server.engine.reads import InfoLike
from server.models import CustomerDiscountGroup, CustomerPriceGroup, ItemDiscountGroup
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, provided, run_mutation
from server.services.pricing import groups as service

G = TypeVar("G", CustomerPriceGroup, CustomerDiscountGroup, ItemDiscountGroup)


async def groups(info: InfoLike, model: type[G]) -> list[G]:
    """Query.customerPriceGroups, customerDiscountGroups, itemDiscountGroups."""
    return await service.groups(info.context.service, model)


async def group(info: InfoLike, model: type[G], code: str) -> G | None:
    """Query.customerPriceGroup(code:) and its siblings."""
    return await service.group_by_code(info.context.service, model, code)


async def create(info: InfoLike, model: type[G], data: object) -> Payload:
    """Mutation.<group>Create; the payload names the group `group`."""
    draft = service.GroupDraft(**provided(data))
    return await run_mutation(
        "group", lambda: service.create_group(info.context.service, model, draft)
    )


async def update(info: InfoLike, model: type[G], data: object) -> Payload:
    """Mutation.<group>Update."""
    values = provided(data)
    code = values.pop("code")
    changes = service.GroupChanges(**values)
    return await run_mutation(
        "group", lambda: service.update_group(info.context.service, model, code, changes)
    )


async def delete(info: InfoLike, model: type[G], code: str) -> Payload:
    """Mutation.<group>Delete."""

    def shape(row: G) -> dict[str, Any]:
        return {"group": row, "deleted_id": encode_id(model.__name__, row.pk)}

    return await run_mutation(
        "group", lambda: service.delete_group(info.context.service, model, code), shape
    )
