"""Reading the interaction ledger: interactions, campaign entries and logged segments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from server.models import CampaignEntry, Interaction, LoggedSegment
from server.services.core.context import Permission, ServiceContext
from server.services.core.values import CODE_MAX, NO_MAX, lookup_keys


@dataclass(frozen=True, kw_only=True)
class InteractionFilter:
    """Which interactions to list; every given criterion must hold."""

    campaign_no: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    canceled: bool | None = None
    postponed: bool | None = None
    contact_nos: Sequence[str] | None = None
    template_codes: Sequence[str] | None = None
    campaign_target: bool | None = None
    campaign_response: bool | None = None


def interactions_query(ctx: ServiceContext, criteria: InteractionFilter) -> QuerySet[Interaction]:
    """The interactions matching `criteria` (dates inclusive), unordered."""
    ctx.require(Permission.READ)
    query = Interaction.all()
    if criteria.campaign_no is not None:
        query = query.filter(campaign__no__in=lookup_keys([criteria.campaign_no], NO_MAX))
    if criteria.date_from is not None:
        query = query.filter(date__gte=criteria.date_from)
    if criteria.date_to is not None:
        query = query.filter(date__lte=criteria.date_to)
    for flag in ("canceled", "postponed", "campaign_target", "campaign_response"):
        value = getattr(criteria, flag)
        if value is not None:
            query = query.filter(**{flag: value})
    if criteria.contact_nos is not None:
        query = query.filter(contact__no__in=lookup_keys(criteria.contact_nos, NO_MAX))
    if criteria.template_codes is not None:
        query = query.filter(template__code__in=lookup_keys(criteria.template_codes, CODE_MAX))
    return query


def campaign_entries_query(ctx: ServiceContext) -> QuerySet[CampaignEntry]:
    """All campaign entries, unordered."""
    ctx.require(Permission.READ)
    return CampaignEntry.all()


async def interaction_by_entry_no(ctx: ServiceContext, entry_no: int) -> Interaction | None:
    """One interaction, or None."""
    ctx.require(Permission.READ)
    return await Interaction.get_or_none(entry_no=entry_no)


async def campaign_entry_by_entry_no(ctx: ServiceContext, entry_no: int) -> CampaignEntry | None:
    """One campaign entry, or None."""
    ctx.require(Permission.READ)
    return await CampaignEntry.get_or_none(entry_no=entry_no)


async def logged_segment_by_entry_no(ctx: ServiceContext, entry_no: int) -> LoggedSegment | None:
    """One logged segment, or None."""
    ctx.require(Permission.READ)
    return await LoggedSegment.get_or_none(entry_no=entry_no)


async def logged_segments_of(
    ctx: ServiceContext, segment_ids: Sequence[int]
) -> dict[int, LoggedSegment]:
    """The logged-segment record of each logged segment, in one statement."""
    ctx.require(Permission.READ)
    rows = await LoggedSegment.filter(segment_id__in=list(set(segment_ids)))
    return {row.segment_id: row for row in rows}


async def entries_of_logged_segments(
    ctx: ServiceContext, logged_ids: Sequence[int]
) -> dict[int, list[CampaignEntry]]:
    """Each logged segment's campaign entries, in one statement."""
    ctx.require(Permission.READ)
    found: dict[int, list[CampaignEntry]] = {}
    rows = CampaignEntry.filter(logged_segment_id__in=list(set(logged_ids))).order_by("entry_no")
    for row in await rows:
        assert row.logged_segment_id is not None
        found.setdefault(row.logged_segment_id, []).append(row)
    return found
