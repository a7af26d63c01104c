"""Campaign fields and mutations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Listing
from server.engine.pagination import SortField, SortKeys
from server.engine.problems import bad_input
from server.engine.reads import InfoLike, load_by_id
from server.models import Campaign, CampaignStatus, Salesperson
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.campaigns import campaign as service
from server.services.interactions import statistics as stats

#: What campaigns can be sorted by, ties broken by number; the schema makes its
#: CampaignOrderField enum from these keys.
SORT = SortKeys(
    SortField("NO", "no", description="Campaign number."),
    SortField("DESCRIPTION", "description", description="Description."),
    SortField(
        "STARTING_DATE",
        "starting_date",
        date,
        nullable=True,
        description="Starting date (blank first when ascending).",
    ),
    SortField(
        "ENDING_DATE",
        "ending_date",
        date,
        nullable=True,
        description="Ending date (blank first when ascending).",
    ),
    SortField(
        "LAST_DATE_MODIFIED", "last_date_modified", date, description="Day of the last change."
    ),
)


async def campaign(info: InfoLike, no: str) -> Campaign | None:
    """Query.campaign(no:)."""
    return await service.campaign_by_no(info.context.service, no)


def _campaigns(info: InfoLike, filter: object | None) -> QuerySet[Campaign]:
    criteria = service.CampaignFilter(**provided(filter)) if filter else service.CampaignFilter()
    return service.campaigns_query(info.context.service, criteria)


#: Query.campaigns: filtered, ordered, keyset-paged.
CAMPAIGNS = Listing(_campaigns, SORT)


async def status(info: InfoLike, row: Campaign) -> CampaignStatus | None:
    """Campaign.status through the loader."""
    result: CampaignStatus | None = await load_by_id(info, CampaignStatus, row.status_id)
    return result


async def salesperson(info: InfoLike, row: Campaign) -> Salesperson | None:
    """Campaign.salesperson through the loader."""
    result: Salesperson | None = await load_by_id(info, Salesperson, row.salesperson_id)
    return result


async def create(info: InfoLike, data: object) -> Payload:
    """Mutation.campaignCreate."""
    draft = service.CampaignDraft(**provided(data))
    return await run_mutation(
        "campaign",
        lambda: service.create_campaign(info.context.service, draft),
        guard=once(info.context, "campaignCreate", data),
    )


async def update(info: InfoLike, data: object) -> Payload:
    """Mutation.campaignUpdate."""
    values = provided(data)
    no = values.pop("no")
    changes = service.CampaignChanges(**values)
    return await run_mutation(
        "campaign", lambda: service.update_campaign(info.context.service, no, changes)
    )


async def delete(info: InfoLike, no: str) -> Payload:
    """Mutation.campaignDelete."""

    def shape(row: Campaign) -> dict[str, Any]:
        return {"campaign": row, "deleted_id": encode_id("Campaign", row.pk)}

    return await run_mutation(
        "campaign", lambda: service.delete_campaign(info.context.service, no), shape
    )


async def statistics(
    info: InfoLike, row: Campaign, date_from: date | None, date_to: date | None
) -> stats.CampaignStatistics:
    """Campaign.statistics(from, to): one aggregate statement for all campaigns asked."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise bad_input("`from` must not be after `to`.", "from")
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, stats.CampaignStatistics]:
        return await stats.campaign_statistics(ctx, ids, date_from=date_from, date_to=date_to)

    def missing(campaign_id: int) -> stats.CampaignStatistics:
        raise KeyError(campaign_id)  # the campaign row exists: it is the parent

    loader = info.context.loaders.keyed(("Campaign.statistics", date_from, date_to), fetch, missing)
    result: stats.CampaignStatistics = await loader.load(row.id)
    return result
