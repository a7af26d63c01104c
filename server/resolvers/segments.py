"""Segment and segment-line fields and mutations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Listing, Nested
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike, load_shown
from server.models import (
    LoggedSegment,
    Segment,
    SegmentLine,
)
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.contacts.contact import ContactFilter
from server.services.interactions import ledger
from server.services.segments import lines
from server.services.segments import segment as service

#: What segments can be sorted by, ties broken by number; the schema makes its
#: SegmentOrderField enum from these keys.
SORT = SortKeys(
    SortField("NO", "no", description="Segment number."),
    SortField("DESCRIPTION", "description", description="Description."),
    SortField(
        "DATE", "date", dt.date, nullable=True, description="Interaction date (blanks first)."
    ),
)
LINE_ORDER = SortKeys(SortField("LINE_NO", "line_no", int))
#: A contact's segments are paged through its lines, in the order the segments were made.
BY_SEGMENT = SortKeys(SortField("SEGMENT", "segment_id", int))


async def segment(info: InfoLike, no: str) -> Segment | None:
    """Query.segment(no:)."""
    return await service.segment_by_no(info.context.service, no)


def _segments(info: InfoLike, filter: object | None) -> QuerySet[Segment]:
    criteria = service.SegmentFilter(**provided(filter)) if filter else service.SegmentFilter()
    return service.segments_query(info.context.service, criteria)


def _lines(info: InfoLike, _filter: object) -> QuerySet[SegmentLine]:
    return service.segment_lines_query(info.context.service)


async def _segments_of(info: InfoLike, lines: list[SegmentLine]) -> list[Segment]:
    return await info.context.loaders.by_id(Segment).load_many([line.segment_id for line in lines])


#: Query.segments: filtered, ordered, keyset-paged.
SEGMENTS = Listing(_segments, SORT)
#: Campaign.segments, batched over campaigns.
CAMPAIGN_SEGMENTS = Nested(_segments, "campaign_id", SORT)
#: Segment.lines in line order, batched over segments.
SEGMENT_LINES = Nested(_lines, "segment_id", LINE_ORDER)
#: Contact.segments: the segments the contact is in, through their lines.
CONTACT_SEGMENTS = Nested(_lines, "contact_id", BY_SEGMENT, shows=_segments_of)


async def logged_segment(info: InfoLike, row: Segment) -> LoggedSegment | None:
    """Segment.loggedSegment (null while open)."""
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, LoggedSegment | None]:
        found = await ledger.logged_segments_of(ctx, ids)
        return {i: found.get(i) for i in ids}

    loader = info.context.loaders.keyed("Segment.loggedSegment", fetch, lambda _: None)
    result: LoggedSegment | None = await loader.load(row.id)
    return result


async def reference(info: InfoLike, model: type[Any], pk: int | None) -> Any:
    """A many-to-one field (campaign, salesperson, template, contact, ...) via the loader:
    only the columns the fields asked of it read, when those are known (engine/columns)."""
    return await load_shown(info, model, pk)


# --- mutations ----------------------------------------------------------------------------


def _deleted(row: Segment) -> dict[str, Any]:
    return {"segment": row, "deleted_id": encode_id("Segment", row.pk)}


def _lines_changed(result: lines.LinesChanged) -> dict[str, Any]:
    return {"segment": result.segment, "count": result.count}


def _criteria(values: dict[str, Any]) -> ContactFilter | None:
    raw = values.pop("filter", None)
    return ContactFilter(**provided(raw)) if raw is not None else None


async def create(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentCreate."""
    draft = service.SegmentDraft(**provided(data))
    return await run_mutation(
        "segment",
        lambda: service.create_segment(info.context.service, draft),
        guard=once(info.context, "segmentCreate", data),
    )


async def update(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentUpdate."""
    values = provided(data)
    no = values.pop("no")
    apply = values.pop("apply_to_lines", True)
    changes = service.SegmentChanges(**values)
    return await run_mutation(
        "segment",
        lambda: service.update_segment(
            info.context.service, no, changes, apply_to_lines=apply is not False
        ),
    )


async def delete(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentDelete."""
    no = provided(data)["no"]
    return await run_mutation(
        "segment", lambda: service.delete_segment(info.context.service, no), _deleted
    )


async def contacts_add(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentContactsAdd."""
    values = provided(data)
    criteria = _criteria(values)
    return await run_mutation(
        "segment",
        lambda: lines.segment_contacts_add(
            info.context.service,
            values["segment_no"],
            values.get("contact_nos") or (),
            criteria=criteria,
            include_persons=bool(values.get("include_persons")),
        ),
        _lines_changed,
    )


async def contacts_remove(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentContactsRemove."""
    values = provided(data)
    criteria = _criteria(values)
    return await run_mutation(
        "segment",
        lambda: lines.segment_contacts_remove(
            info.context.service,
            values["segment_no"],
            values.get("contact_nos") or (),
            criteria=criteria,
        ),
        _lines_changed,
    )


async def contacts_refine(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentContactsRefine."""
    values = provided(data)
    criteria = _criteria(values) or ContactFilter()
    return await run_mutation(
        "segment",
        lambda: lines.segment_contacts_refine(info.context.service, values["segment_no"], criteria),
        _lines_changed,
    )


async def line_update(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentLineUpdate."""
    values = provided(data)
    segment_no, line_no = values.pop("segment_no"), values.pop("line_no")
    changes = lines.LineChanges(**values)
    return await run_mutation(
        "segment_line",
        lambda: lines.segment_line_update(info.context.service, segment_no, line_no, changes),
    )


async def campaign_target_set(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentCampaignTargetSet."""
    values = provided(data)
    return await run_mutation(
        "segment",
        lambda: lines.segment_campaign_target_set(
            info.context.service,
            values["segment_no"],
            values["value"],
            apply_to_lines=values.get("apply_to_lines") is not False,
        ),
        _lines_changed,
    )


async def lines_campaign_target_set(info: InfoLike, data: object) -> Payload:
    """Mutation.segmentLinesCampaignTargetSet."""
    values = provided(data)
    return await run_mutation(
        "segment",
        lambda: lines.segment_lines_campaign_target_set(
            info.context.service,
            values["segment_no"],
            values["value"],
            line_nos=values.get("line_nos") or (),
            contact_nos=values.get("contact_nos") or (),
        ),
        _lines_changed,
    )
