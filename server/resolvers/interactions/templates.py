"""Interaction group and template fields and mutations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tortoise.models import Model

from server.engine.reads import InfoLike, load_by_id
from server.models import Campaign, InteractionGroup, InteractionTemplate
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, provided, run_mutation
from server.services.interactions import templates as service


async def interaction_groups(info: InfoLike) -> list[InteractionGroup]:
    """Query.interactionGroups."""
    return await service.interaction_groups(info.context.service)


async def interaction_group(info: InfoLike, code: str) -> InteractionGroup | None:
    """Query.interactionGroup(code:)."""
    return await service.interaction_group_by_code(info.context.service, code)


async def interaction_templates(info: InfoLike) -> list[InteractionTemplate]:
    """Query.interactionTemplates."""
    return await service.interaction_templates(info.context.service)


async def interaction_template(info: InfoLike, code: str) -> InteractionTemplate | None:
    """Query.interactionTemplate(code:)."""
    return await service.interaction_template_by_code(info.context.service, code)


async def template_group(info: InfoLike, row: InteractionTemplate) -> InteractionGroup:
    """InteractionTemplate.group through the loader."""
    result: InteractionGroup = await load_by_id(info, InteractionGroup, row.group_id)
    return result


async def template_campaign(info: InfoLike, row: InteractionTemplate) -> Campaign | None:
    """InteractionTemplate.campaign through the loader."""
    result: Campaign | None = await load_by_id(info, Campaign, row.campaign_id)
    return result


def _deleted(name: str, type_name: str) -> Callable[[Model], dict[str, Any]]:
    def shape(row: Model) -> dict[str, Any]:
        return {name: row, "deleted_id": encode_id(type_name, row.pk)}

    return shape


async def group_create(info: InfoLike, data: object) -> Payload:
    """Mutation.interactionGroupCreate."""
    draft = service.InteractionGroupDraft(**provided(data))
    return await run_mutation(
        "interaction_group",
        lambda: service.create_interaction_group(info.context.service, draft),
    )


async def group_update(info: InfoLike, data: object) -> Payload:
    """Mutation.interactionGroupUpdate."""
    values = provided(data)
    code = values.pop("code")
    changes = service.InteractionGroupChanges(**values)
    return await run_mutation(
        "interaction_group",
        lambda: service.update_interaction_group(info.context.service, code, changes),
    )


async def group_delete(info: InfoLike, code: str) -> Payload:
    """Mutation.interactionGroupDelete."""
    return await run_mutation(
        "interaction_group",
        lambda: service.delete_interaction_group(info.context.service, code),
        _deleted("interaction_group", "InteractionGroup"),
    )


async def template_create(info: InfoLike, data: object) -> Payload:
    """Mutation.interactionTemplateCreate."""
    draft = service.InteractionTemplateDraft(**provided(data))
    return await run_mutation(
        "interaction_template",
        lambda: service.create_interaction_template(info.context.service, draft),
    )


async def template_update(info: InfoLike, data: object) -> Payload:
    """Mutation.interactionTemplateUpdate."""
    values = provided(data)
    code = values.pop("code")
    changes = service.InteractionTemplateChanges(**values)
    return await run_mutation(
        "interaction_template",
        lambda: service.update_interaction_template(info.context.service, code, changes),
    )


async def template_delete(info: InfoLike, code: str) -> Payload:
    """Mutation.interactionTemplateDelete."""
    return await run_mutation(
        "interaction_template",
        lambda: service.delete_interaction_template(info.context.service, code),
        _deleted("interaction_template", "InteractionTemplate"),
    )
