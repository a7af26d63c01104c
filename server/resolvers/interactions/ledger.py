"""Interaction ledger fields and the logging, cancelling and deleting mutations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from server.engine.connections import nested_page, nested_pages
from server.engine.pagination import Page, SortField
from server.engine.reads import InfoLike, OrderInput
from server.models import CampaignEntry, Interaction, LoggedSegment
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.interactions import entries
from server.services.interactions import ledger as service
from server.services.interactions import logging as log

SORT_FIELDS = {
    "ENTRY_NO": SortField("ENTRY_NO", "entry_no", int),
    "DATE": SortField("DATE", "date", dt.date),
}


def _criteria(filter: object | None) -> service.InteractionFilter:
    return service.InteractionFilter(**provided(filter)) if filter else service.InteractionFilter()


async def _interactions(
    info: InfoLike,
    field: str,
    parents: Sequence[Any],
    column: str | tuple[str, ...],
    filter: object | None,
    order_by: Sequence[OrderInput] | None,
    **paging: Any,
) -> list[Page[Interaction]]:
    criteria = _criteria(filter)
    ctx = info.context.service
    return await nested_pages(
        info,
        (field, repr(criteria)),
        parents,
        lambda: service.interactions_query(ctx, criteria),
        column,
        sort_fields=SORT_FIELDS,
        tiebreak="ENTRY_NO",
        order_by=order_by,
        **paging,
    )


async def contacts_interactions(
    info: InfoLike,
    contact_ids: Sequence[int],
    filter: object | None,
    order_by: Any,
    **paging: Any,
) -> list[Page[Interaction]]:
    """Contact.interactions for many contacts at once (one statement)."""
    return await _interactions(
        info, "Contact.interactions", contact_ids, "contact_id", filter, order_by, **paging
    )


async def contact_interactions(
    info: InfoLike, contact_id: int, filter: object | None, order_by: Any, **paging: Any
) -> Page[Interaction]:
    """Contact.interactions, batched over contacts."""
    pages = await contacts_interactions(info, [contact_id], filter, order_by, **paging)
    return pages[0]


async def campaign_interactions(
    info: InfoLike, campaign_id: int, filter: object | None, order_by: Any, **paging: Any
) -> Page[Interaction]:
    """Campaign.interactions, batched over campaigns."""
    pages = await _interactions(
        info, "Campaign.interactions", [campaign_id], "campaign_id", filter, order_by, **paging
    )
    return pages[0]


async def line_interactions(
    info: InfoLike, segment_id: int, contact_id: int, **paging: Any
) -> Page[Interaction]:
    """SegmentLine.interactions: this contact's interactions logged from this segment."""
    [page] = await _interactions(
        info,
        "SegmentLine.interactions",
        [(segment_id, contact_id)],
        ("segment_id", "contact_id"),
        None,
        None,
        **paging,
    )
    return page


async def entry_interactions(info: InfoLike, entry_no: int, **paging: Any) -> Page[Interaction]:
    """CampaignEntry.interactions, batched over entries."""
    [page] = await _interactions(
        info, "CampaignEntry.interactions", [entry_no], "campaign_entry_id", None, None, **paging
    )
    return page


async def logged_segment_interactions(
    info: InfoLike, entry_no: int, **paging: Any
) -> Page[Interaction]:
    """LoggedSegment.interactions, batched over logged segments."""
    [page] = await _interactions(
        info, "LoggedSegment.interactions", [entry_no], "logged_segment_id", None, None, **paging
    )
    return page


async def campaign_entries(info: InfoLike, campaign_id: int, **paging: Any) -> Page[CampaignEntry]:
    """Campaign.entries in entry order, batched over campaigns."""
    ctx = info.context.service
    return await nested_page(
        info,
        "Campaign.entries",
        campaign_id,
        lambda: service.campaign_entries_query(ctx),
        "campaign_id",
        sort_fields={"ENTRY_NO": SORT_FIELDS["ENTRY_NO"]},
        tiebreak="ENTRY_NO",
        **paging,
    )


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
