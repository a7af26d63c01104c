"""Interaction ledger fields and the logging, cancelling and deleting mutations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Nested
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike
from server.models import CampaignEntry, Interaction, LoggedSegment
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.interactions import entries
from server.services.interactions import ledger as service
from server.services.interactions import logging as log

#: What interactions can be sorted by, ties broken by entry number; the schema makes its
#: InteractionOrderField enum from these keys.
SORT = SortKeys(
    SortField("ENTRY_NO", "entry_no", int, description="Entry number (logging order)."),
    SortField("DATE", "date", dt.date, description="Interaction date."),
)


def _interactions(info: InfoLike, filter: object | None) -> QuerySet[Interaction]:
    criteria = (
        service.InteractionFilter(**provided(filter)) if filter else service.InteractionFilter()
    )
    return service.interactions_query(info.context.service, criteria)


def _entries(info: InfoLike, _filter: object) -> QuerySet[CampaignEntry]:
    return service.campaign_entries_query(info.context.service)


#: Contact.interactions, filtered and sorted, batched over contacts.
CONTACT_INTERACTIONS = Nested(_interactions, "contact_id", SORT)
#: Campaign.interactions, filtered and sorted, batched over campaigns.
CAMPAIGN_INTERACTIONS = Nested(_interactions, "campaign_id", SORT)
#: SegmentLine.interactions: this contact's interactions logged from this line's segment.
LINE_INTERACTIONS = Nested(
    _interactions, ("segment_id", "contact_id"), SORT, parent=("segment_id", "contact_id")
)
#: CampaignEntry.interactions, batched over entries.
ENTRY_INTERACTIONS = Nested(_interactions, "campaign_entry_id", SORT, parent="entry_no")
#: LoggedSegment.interactions, batched over logged segments.
LOGGED_SEGMENT_INTERACTIONS = Nested(_interactions, "logged_segment_id", SORT, parent="entry_no")
#: Campaign.entries in entry order, batched over campaigns.
CAMPAIGN_ENTRIES = Nested(_entries, "campaign_id", SORT)


async def logged_segment_entries(info: InfoLike, row: LoggedSegment) -> list[CampaignEntry]:
    """LoggedSegment.campaignEntries (one per campaign on its lines)."""
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, list[CampaignEntry]]:
        return await service.entries_of_logged_segments(ctx, ids)

    loader = info.context.loaders.keyed("LoggedSegment.campaignEntries", fetch, lambda _: [])
    found: list[CampaignEntry] = await loader.load(row.entry_no)
    return found


async def interaction(info: InfoLike, entry_no: int) -> Interaction | None:
    """Query.interaction(entryNo:)."""
    return await service.interaction_by_entry_no(info.context.service, entry_no)


async def campaign_entry(info: InfoLike, entry_no: int) -> CampaignEntry | None:
    """Query.campaignEntry(entryNo:)."""
    return await service.campaign_entry_by_entry_no(info.context.service, entry_no)


async def logged_segment(info: InfoLike, entry_no: int) -> LoggedSegment | None:
    """Query.loggedSegment(entryNo:)."""
    return await service.logged_segment_by_entry_no(info.context.service, entry_no)


# --- mutations ----------------------------------------------------------------------------


async def segment_log(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentLog."""
    values = provided(data)

    def shape(result: log.LogResult) -> dict[str, Any]:
        return {
            "logged_segment": result.logged_segment,
            "interaction_count": result.interaction_count,
            "campaign_entries": result.campaign_entries,
            "follow_up_segment": result.follow_up,
        }

    return await run_mutation(
        "logged_segment",
        lambda: log.segment_log(
            info.context.service,
            values["segment_no"],
            create_follow_up=bool(values.get("create_follow_up_segment")),
        ),
        shape,
        guard=once(info.context, "segmentLog", data),
    )


async def interaction_log(info: InfoLike, data: object) -> Payload:
    """Mutation.interactionLog."""
    draft = log.InteractionDraft(**provided(data))
    return await run_mutation(
        "interaction",
        lambda: log.interaction_log(info.context.service, draft),
        guard=once(info.context, "interactionLog", data),
    )


async def interaction_set_canceled(info: InfoLike, entry_no: int, canceled: bool) -> Payload:
    """Mutation.interactionCancel / interactionUncancel."""
    return await run_mutation(
        "interaction",
        lambda: entries.interaction_set_canceled(info.context.service, entry_no, canceled),
    )


async def interaction_delete(info: InfoLike, entry_no: int) -> Payload:
    """Mutation.interactionDelete."""

    def shape(row: Interaction) -> dict[str, Any]:
        return {"deleted_id": encode_id("Interaction", row.pk)}

    return await run_mutation(
        "interaction", lambda: entries.interaction_delete(info.context.service, entry_no), shape
    )


async def interaction_update(info: InfoLike, data: object) -> Payload:
    """Mutation.interactionUpdate (L6 corrections only)."""
    values = provided(data)
    entry_no = values.pop("entry_no")
    correction = entries.InteractionCorrection(**values)
    return await run_mutation(
        "interaction",
        lambda: entries.interaction_correct(info.context.service, entry_no, correction),
    )


async def campaign_entry_set_canceled(info: InfoLike, entry_no: int, canceled: bool) -> Payload:
    """Mutation.campaignEntryCancel / campaignEntryUncancel."""
    return await run_mutation(
        "campaign_entry",
        lambda: entries.campaign_entry_set_canceled(info.context.service, entry_no, canceled),
    )


async def campaign_entries_delete(info: InfoLike, entry_nos: list[int]) -> Payload:
    """Mutation.campaignEntriesDelete."""

    def shape(deleted: list[int]) -> dict[str, Any]:
        return {"deleted_ids": [encode_id("CampaignEntry", no) for no in deleted]}

    return await run_mutation(
        "campaign_entries",
        lambda: entries.campaign_entries_delete(info.context.service, entry_nos),
        shape,
    )


async def logged_segment_set_canceled(info: InfoLike, entry_no: int, canceled: bool) -> Payload:
    """Mutation.loggedSegmentCancel / loggedSegmentUncancel."""
    return await run_mutation(
        "logged_segment",
        lambda: entries.logged_segment_set_canceled(info.context.service, entry_no, canceled),
    )
