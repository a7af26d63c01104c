"""Setup fields and mutations: salespeople, teams, campaign status codes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.models import Model

from server.engine.reads import InfoLike
from server.models import CampaignStatus, Salesperson, Team
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, provided, run_mutation
from server.services.core.context import ServiceContext
from server.services.setup import codes as service


async def salespeople(info: InfoLike) -> list[Salesperson]:
    """Query.salespeople."""
    return await service.salespeople(info.context.service)


async def salesperson(info: InfoLike, code: str) -> Salesperson | None:
    """Query.salesperson(code:)."""
    return await service.salesperson_by_code(info.context.service, code)


async def teams(info: InfoLike) -> list[Team]:
    """Query.teams."""
    return await service.teams(info.context.service)


async def team(info: InfoLike, code: str) -> Team | None:
    """Query.team(code:)."""
    return await service.team_by_code(info.context.service, code)


async def team_members(info: InfoLike, row: Team) -> list[Salesperson]:
    """Team.members through the loader."""
    return await info.context.loaders.team_members.load(row.id)


async def campaign_statuses(info: InfoLike) -> list[CampaignStatus]:
    """Query.campaignStatuses."""
    return await service.campaign_statuses(info.context.service)


async def campaign_status(info: InfoLike, code: str) -> CampaignStatus | None:
    """Query.campaignStatus(code:)."""
    return await service.campaign_status_by_code(info.context.service, code)


def _deleted(name: str, type_name: str) -> Callable[[Model], dict[str, Any]]:
    def shape(row: Model) -> dict[str, Any]:
        return {name: row, "deleted_id": encode_id(type_name, row.pk)}

    return shape


async def _create(info: InfoLike, name: str, draft_type: Any, action: Any, data: object) -> Payload:
    draft = draft_type(**provided(data))
    return await run_mutation(name, lambda: action(info.context.service, draft))


async def _update(
    info: InfoLike, name: str, changes_type: Any, action: Any, data: object
) -> Payload:
    values = provided(data)
    code = values.pop("code")
    changes = changes_type(**values)
    return await run_mutation(name, lambda: action(info.context.service, code, changes))


async def _delete(
    info: InfoLike,
    name: str,
    type_name: str,
    action: Callable[[ServiceContext, str], Awaitable[Model]],
    code: str,
) -> Payload:
    return await run_mutation(
        name, lambda: action(info.context.service, code), _deleted(name, type_name)
    )


async def salesperson_create(info: InfoLike, data: object) -> Payload:
    """Mutation.salespersonCreate."""
    return await _create(
        info, "salesperson", service.SalespersonDraft, service.create_salesperson, data
    )


async def salesperson_update(info: InfoLike, data: object) -> Payload:
    """Mutation.salespersonUpdate."""
    return await _update(
        info, "salesperson", service.SalespersonChanges, service.update_salesperson, data
    )


async def salesperson_delete(info: InfoLike, code: str) -> Payload:
    """Mutation.salespersonDelete."""
    return await _delete(info, "salesperson", "Salesperson", service.delete_salesperson, code)


async def team_create(info: InfoLike, data: object) -> Payload:
    """Mutation.teamCreate."""
    return await _create(info, "team", service.TeamDraft, service.create_team, data)


async def team_update(info: InfoLike, data: object) -> Payload:
    """Mutation.teamUpdate."""
    return await _update(info, "team", service.TeamChanges, service.update_team, data)


async def team_delete(info: InfoLike, code: str) -> Payload:
    """Mutation.teamDelete."""
    return await _delete(info, "team", "Team", service.delete_team, code)


async def campaign_status_create(info: InfoLike, data: object) -> Payload:
    """Mutation.campaignStatusCreate."""
    return await _create(
        info, "campaign_status", service.CampaignStatusDraft, service.create_campaign_status, data
    )


async def campaign_status_update(info: InfoLike, data: object) -> Payload:
    """Mutation.campaignStatusUpdate."""
    return await _update(
        info,
        "campaign_status",
        service.CampaignStatusChanges,
        service.update_campaign_status,
        data,
    )


async def campaign_status_delete(info: InfoLike, code: str) -> Payload:
    """Mutation.campaignStatusDelete."""
    return await _delete(
        info, "campaign_status", "CampaignStatus", service.delete_campaign_status, code
    )
