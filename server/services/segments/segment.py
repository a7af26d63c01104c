"""Segments: create, change (S2 template defaults, S3 header-to-line propagation), delete.

The lines themselves (adding contacts, per-line changes, target flags) live in
`lines.py`; both share the helpers at the bottom of this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from tortoise.queryset import QuerySet

from server.models import (
    InformationFlow,
    InitiatedBy,
    InteractionTemplate,
    Salesperson,
    Segment,
    SegmentLine,
    SegmentStatus,
)
from server.services.campaigns.campaign import existing_campaign
from server.services.core.changes import record_targeting_change
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.numbering import next_no
from server.services.core.storage import (
    column,
    create_unique,
    delete_unreferenced,
    existing,
    find,
    get_locked,
    matching,
)
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    NO_MAX,
    UNSET,
    Unset,
    clean_date,
    clean_key,
    clean_money,
    clean_text,
    given,
    lookup_key,
    lookup_keys,
    not_null,
)
from server.services.interactions.templates import existing_template
from server.services.setup.codes import assignable_salesperson


@dataclass(frozen=True, kw_only=True)
class SegmentDraft:
    """Input for a new segment; a blank `no` is drawn from the SEGMENT series."""

    no: str | None = None
    description: str
    campaign_no: str | None = None
    campaign_target: bool | Unset | None = UNSET
    campaign_response: bool | Unset | None = UNSET
    salesperson_code: str | None = None
    interaction_template_code: str | None = None
    unit_cost: Decimal | Unset | None = UNSET
    unit_duration: Decimal | Unset | None = UNSET
    date: dt.date | None = None
    information_flow: InformationFlow | Unset | None = UNSET
    initiated_by: InitiatedBy | Unset | None = UNSET
    subject: str | None = None


@dataclass(frozen=True, kw_only=True)
class SegmentChanges:
    """Partial update of a segment header; UNSET leaves a value, None clears it."""

    description: str | Unset = UNSET
    campaign_no: str | Unset | None = UNSET
    campaign_target: bool | Unset | None = UNSET
    campaign_response: bool | Unset | None = UNSET
    salesperson_code: str | Unset | None = UNSET
    interaction_template_code: str | Unset | None = UNSET
    unit_cost: Decimal | Unset | None = UNSET
    unit_duration: Decimal | Unset | None = UNSET
    date: dt.date | Unset | None = UNSET
    information_flow: InformationFlow | Unset | None = UNSET
    initiated_by: InitiatedBy | Unset | None = UNSET
    subject: str | Unset | None = UNSET


#: S3: segment fields applied to the lines, and the line field each one sets.
PROPAGATED: dict[str, str] = {
    "description": "description",
    "campaign_id": "campaign_id",
    "campaign_target": "campaign_target",
    "campaign_response": "campaign_response",
    "salesperson_id": "salesperson_id",
    "interaction_template_id": "interaction_template_id",
    "unit_cost": "cost",
    "unit_duration": "duration",
    "date": "date",
}


async def _header_values(
    errors: ErrorCollector, data: SegmentDraft | SegmentChanges, current: Segment | None
) -> dict[str, Any]:
    """Validate the header input into column values (references resolved)."""
    values: dict[str, Any] = {}
    if given(data.description):
        values["description"] = clean_text(errors, data.description, "description")
    for flag in ("campaign_target", "campaign_response"):
        value = getattr(data, flag)
        if given(value):
            values[flag] = not_null(errors, value, flag)
    for amount in ("unit_cost", "unit_duration"):
        value = getattr(data, amount)
        if given(value):
            values[amount] = clean_money(errors, value, amount)
    for choice in ("information_flow", "initiated_by"):
        value = getattr(data, choice)
        if given(value):
            values[choice] = not_null(errors, value, choice)
    if given(data.date):
        values["date"] = clean_date(errors, data.date, "date")
    if given(data.subject):
        values["subject"] = clean_text(errors, data.subject, "subject", required=False)
    if given(data.campaign_no):
        campaign = await existing_campaign(errors, data.campaign_no, "campaign_no")
        values["campaign_id"] = campaign.id if campaign else None
    if given(data.salesperson_code):
        person = (
            await assignable_salesperson(
                errors,
                data.salesperson_code,
                "salesperson_code",
                already_assigned=current.salesperson_id if current else None,
            )
            if data.salesperson_code
            else None
        )
        values["salesperson_id"] = person.id if person else None
    if given(data.interaction_template_code):
        code = data.interaction_template_code
        template = await existing_template(errors, code, "interaction_template_code")
        values["interaction_template_id"] = template.id if template else None
        if template is not None:
            _template_defaults(values, template, data, current)
    return values


def _template_defaults(
    values: dict[str, Any],
    template: InteractionTemplate,
    data: SegmentDraft | SegmentChanges,
    current: Segment | None,
) -> None:
    """S2: a chosen template brings its defaults, unless the same input sets them itself;
    its campaign only when the segment has none."""
    defaults: dict[str, Any] = {
        "unit_cost": template.unit_cost,
        "unit_duration": template.unit_duration,
        "information_flow": template.information_flow,
        "initiated_by": template.initiated_by,
        "campaign_target": template.campaign_target,
        "campaign_response": template.campaign_response,
    }
    for name, value in defaults.items():
        values.setdefault(name, value)
    has_campaign = values.get("campaign_id", current.campaign_id if current else None)
    if template.campaign_id is not None and not has_campaign:
        values["campaign_id"] = template.campaign_id


async def create_segment(ctx: ServiceContext, draft: SegmentDraft) -> Segment:
    """Create an open segment (SALES: only their own, which is the default for them)."""
    if draft.salesperson_code is None and ctx.actor.salesperson_code is not None:
        draft = replace(draft, salesperson_code=ctx.actor.salesperson_code)
    ctx.require(Permission.MANAGE_SEGMENTS, owners={lookup_key(draft.salesperson_code or "")})
    errors = ErrorCollector()
    no = clean_key(errors, draft.no, "no", max_length=NO_MAX) if draft.no else None
    async with transaction():
        values = await _header_values(errors, draft, None)
        errors.raise_if_any()
        if no is None:
            no = await next_no("SEGMENT", taken=lambda n: Segment.exists(no=n))
        return await create_unique(
            Segment, "Segment", "no", no=no, created_by=ctx.actor.user, **values
        )


async def update_segment(
    ctx: ServiceContext, no: str, changes: SegmentChanges, *, apply_to_lines: bool = True
) -> Segment:
    """Change a segment header; S3: with `apply_to_lines`, the lines follow (those with another
    template than the segment's are left alone unless the template itself changes)."""
    async with transaction():
        segment = await open_segment(ctx, no)
        errors = ErrorCollector()
        values = await _header_values(errors, changes, segment)
        if given(changes.salesperson_code):
            # SALES may not hand their segment to someone else.
            new_owner = {lookup_key(changes.salesperson_code or "")}
            ctx.require(Permission.MANAGE_SEGMENTS, owners=new_owner)
        errors.raise_if_any()
        changed = {k: v for k, v in values.items() if getattr(segment, k) != v}
        if apply_to_lines:
            before = await line_campaigns(segment.id)
            await _propagate(segment, changed)
            record_targeting_change(before | await line_campaigns(segment.id))
        await segment.update_from_dict(values).save()
        return segment


async def _propagate(segment: Segment, changed: dict[str, Any]) -> None:
    updates = {PROPAGATED[k]: v for k, v in changed.items() if k in PROPAGATED}
    if not updates:
        return
    lines = SegmentLine.filter(segment_id=segment.id)
    if "interaction_template_id" not in changed:
        template_id = segment.interaction_template_id
        lines = lines.filter(interaction_template_id=template_id)
    if updates.get("salesperson_id", 0) is None:
        # A cleared segment salesperson falls back to each contact's own (as S1 does): one
        # update per resulting salesperson, not one per line.
        del updates["salesperson_id"]
        fallback: dict[int | None, list[int]] = {}
        for line in await lines.select_related("contact__salesperson"):
            person = contact_salesperson_id(line.contact.salesperson)
            fallback.setdefault(person, []).append(line.id)
        for person, ids in fallback.items():
            await SegmentLine.filter(id__in=ids).update(salesperson_id=person)
    if updates:
        await lines.update(**updates)


async def delete_segment(ctx: ServiceContext, no: str) -> Segment:
    """Delete an open segment with its lines; a logged one is kept for the record (S5)."""
    async with transaction():
        segment = await open_segment(ctx, no)
        campaigns = await line_campaigns(segment.id)
        await delete_unreferenced(segment, "Segment", segment.no, ignore=frozenset({"lines"}))
        record_targeting_change(campaigns)
        return segment


@dataclass(frozen=True, kw_only=True)
class SegmentFilter:
    """Which segments to list; every given criterion must hold."""

    campaign_no: str | None = None
    status: SegmentStatus | None = None
    salesperson_codes: Sequence[str] | None = None
    search: str | None = None


def segments_query(ctx: ServiceContext, criteria: SegmentFilter) -> QuerySet[Segment]:
    """The segments matching `criteria`, unordered."""
    ctx.require(Permission.READ)
    query = Segment.all()
    if criteria.campaign_no is not None:
        query = query.filter(campaign__no__in=lookup_keys([criteria.campaign_no], NO_MAX))
    if criteria.status is not None:
        query = query.filter(status=criteria.status)
    if criteria.salesperson_codes is not None:
        query = query.filter(salesperson__code__in=lookup_keys(criteria.salesperson_codes, NO_MAX))
    return matching(query, criteria.search, "no", "description")


def segment_lines_query(ctx: ServiceContext) -> QuerySet[SegmentLine]:
    """All segment lines, unordered."""
    ctx.require(Permission.READ)
    return SegmentLine.all()


async def segment_by_no(ctx: ServiceContext, no: str) -> Segment | None:
    """One segment by number, or None."""
    ctx.require(Permission.READ)
    return await find(Segment, no=lookup_key(no))


# --- shared with lines.py -----------------------------------------------------------------


async def open_segment(ctx: ServiceContext, no: str) -> Segment:
    """The segment, row-locked, if it is open (S5) and the actor may change it."""
    segment = await get_locked(Segment, "Segment", "segment_no", no=lookup_key(no))
    owner = await Salesperson.get_or_none(id=segment.salesperson_id)
    ctx.require(Permission.MANAGE_SEGMENTS, owners={owner.code} if owner else set())
    if segment.status is SegmentStatus.LOGGED:
        raise DomainError(
            ErrorCode.SEGMENT_LOGGED_READ_ONLY,
            f"Segment {segment.no} is logged and can no longer change.",
            ("segment_no",),
        )
    return segment


async def line_campaigns(segment_id: int) -> set[int | None]:
    """The campaigns a segment's lines name (their target groups may need upkeep, A7)."""
    rows = await column(SegmentLine.filter(segment_id=segment_id), "campaign_id")
    return {int(r) if r is not None else None for r in rows}


def contact_salesperson_id(person: Salesperson | None) -> int | None:
    """S1: a line without a segment salesperson takes the contact's, unless blocked."""
    return person.id if person is not None and not person.blocked else None


async def existing_segment(
    errors: ErrorCollector, no: str | None, *field: str | int
) -> Segment | None:
    """Resolve a segment number named in an input (blank: none), recording NOT_FOUND."""
    return await existing(errors, Segment, "Segment", no, *field, key="no")
