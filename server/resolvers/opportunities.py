"""Sales cycle and opportunity fields and mutations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Listing, Nested
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike, load_by_id
from server.models import (
    Opportunity,
    OpportunityEntry,
    SalesCycle,
    SalesCycleStage,
)
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.opportunities import opportunity as service
from server.services.opportunities import sales_cycle as cycles
from server.services.opportunities import stages

#: What opportunities can be sorted by, ties broken by number; the schema makes its
#: OpportunityOrderField enum from these keys.
SORT = SortKeys(
    SortField("NO", "no", description="Opportunity number."),
    SortField("CREATION_DATE", "creation_date", dt.date, description="Creation date."),
)


# --- sales cycles ----------------------------------------------------------------------------


async def sales_cycles(info: InfoLike) -> list[SalesCycle]:
    """Query.salesCycles."""
    return await cycles.sales_cycles(info.context.service)


async def sales_cycle(info: InfoLike, code: str) -> SalesCycle | None:
    """Query.salesCycle(code:)."""
    return await cycles.sales_cycle_by_code(info.context.service, code)


async def _stages_of(info: InfoLike, cycle_id: int) -> list[SalesCycleStage]:
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, list[SalesCycleStage]]:
        return await cycles.cycle_stages(ctx, ids)

    loader = info.context.loaders.keyed("SalesCycle.stages", fetch, lambda _: [])
    result: list[SalesCycleStage] = await loader.load(cycle_id)
    return result


async def cycle_stages(info: InfoLike, row: SalesCycle) -> list[SalesCycleStage]:
    """SalesCycle.stages, batched over cycles."""
    return await _stages_of(info, row.id)


async def entry_stage(info: InfoLike, row: OpportunityEntry) -> SalesCycleStage | None:
    """OpportunityEntry.salesCycleStage: its opportunity's cycle's stage with this number
    (two batched loads: the opportunities, then their cycles' stages)."""
    owner: Opportunity | None = await load_by_id(info, Opportunity, row.opportunity_id)
    if owner is None or owner.sales_cycle_id is None:
        return None
    stages = await _stages_of(info, owner.sales_cycle_id)
    return next((stage for stage in stages if stage.stage == row.stage), None)


# --- opportunities ---------------------------------------------------------------------------


async def opportunity(info: InfoLike, no: str) -> Opportunity | None:
    """Query.opportunity(no:)."""
    return await service.opportunity_by_no(info.context.service, no)


def _opportunities(info: InfoLike, filter: object | None) -> QuerySet[Opportunity]:
    criteria = (
        service.OpportunityFilter(**provided(filter)) if filter else service.OpportunityFilter()
    )
    return service.opportunities_query(info.context.service, criteria)


#: Query.opportunities: filtered, ordered, keyset-paged.
OPPORTUNITIES = Listing(_opportunities, SORT)
#: Campaign.opportunities, batched over campaigns.
CAMPAIGN_OPPORTUNITIES = Nested(_opportunities, "campaign_id", SORT)
#: Contact.opportunities, batched over contacts.
CONTACT_OPPORTUNITIES = Nested(_opportunities, "contact_id", SORT)


async def _entries_of(info: InfoLike, opportunity_id: int) -> list[OpportunityEntry]:
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, list[OpportunityEntry]]:
        return await service.opportunity_entries(ctx, ids)

    loader = info.context.loaders.keyed("Opportunity.entries", fetch, lambda _: [])
    result: list[OpportunityEntry] = await loader.load(opportunity_id)
    return result


async def opportunity_entries(info: InfoLike, row: Opportunity) -> list[OpportunityEntry]:
    """Opportunity.entries, oldest first, batched over opportunities."""
    return await _entries_of(info, row.id)


async def active_entry(info: InfoLike, row: Opportunity) -> OpportunityEntry | None:
    """Opportunity.activeEntry: its current state (from the same batch as `entries`)."""
    return next((e for e in await _entries_of(info, row.id) if e.active), None)


# --- mutations -------------------------------------------------------------------------------


def _deleted_cycle(row: SalesCycle) -> dict[str, Any]:
    return {"sales_cycle": row, "deleted_id": encode_id("SalesCycle", row.pk)}


async def sales_cycle_create(info: InfoLike, data: object) -> Payload:
    """Mutation.salesCycleCreate."""
    draft = cycles.SalesCycleDraft(**provided(data))
    return await run_mutation(
        "sales_cycle", lambda: cycles.create_sales_cycle(info.context.service, draft)
    )


async def sales_cycle_update(info: InfoLike, data: object) -> Payload:
    """Mutation.salesCycleUpdate."""
    values = provided(data)
    code = values.pop("code")
    changes = cycles.SalesCycleChanges(**values)
    return await run_mutation(
        "sales_cycle", lambda: cycles.update_sales_cycle(info.context.service, code, changes)
    )


async def sales_cycle_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.salesCycleDelete."""
    code = provided(data)["code"]
    return await run_mutation(
        "sales_cycle",
        lambda: cycles.delete_sales_cycle(info.context.service, code),
        _deleted_cycle,
    )


async def stage_create(info: InfoLike, data: object) -> Payload:
    """Mutation.salesCycleStageCreate."""
    draft = cycles.StageDraft(**provided(data))
    return await run_mutation("stage", lambda: cycles.create_stage(info.context.service, draft))


async def stage_update(info: InfoLike, data: object) -> Payload:
    """Mutation.salesCycleStageUpdate."""
    values = provided(data)
    code, stage = values.pop("sales_cycle_code"), values.pop("stage")
    changes = cycles.StageChanges(**values)
    return await run_mutation(
        "stage", lambda: cycles.update_stage(info.context.service, code, stage, changes)
    )


async def stage_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.salesCycleStageDelete."""
    values = provided(data)
    code, stage = values["sales_cycle_code"], values["stage"]

    def shape(row: SalesCycleStage) -> dict[str, Any]:
        return {"stage": row}

    return await run_mutation(
        "stage", lambda: cycles.delete_stage(info.context.service, code, stage), shape
    )


async def opportunity_create(info: InfoLike, data: object) -> Payload:
    """Mutation.opportunityCreate."""
    draft = service.OpportunityDraft(**provided(data))
    return await run_mutation(
        "opportunity",
        lambda: service.create_opportunity(info.context.service, draft),
        guard=once(info.context, "opportunityCreate", data),
    )


async def opportunity_update(info: InfoLike, data: object) -> Payload:
    """Mutation.opportunityUpdate."""
    values = provided(data)
    no = values.pop("no")
    changes = service.OpportunityChanges(**values)
    return await run_mutation(
        "opportunity", lambda: service.update_opportunity(info.context.service, no, changes)
    )


async def opportunity_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.opportunityDelete."""
    no = provided(data)["no"]

    def shape(row: Opportunity) -> dict[str, Any]:
        return {"opportunity": row, "deleted_id": encode_id("Opportunity", row.pk)}

    return await run_mutation(
        "opportunity", lambda: service.delete_opportunity(info.context.service, no), shape
    )


async def opportunity_stage_update(info: InfoLike, data: object) -> Payload:
    """Mutation.opportunityStageUpdate."""
    values = provided(data)
    no = values.pop("opportunity_no")
    values["cancel_open_tasks"] = bool(values.get("cancel_open_tasks"))
    step = stages.StageMove(**values)
    return await run_mutation(
        "opportunity", lambda: stages.stage_update(info.context.service, no, step)
    )
