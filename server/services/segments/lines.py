"""Segment lines: who is in a segment (S1, S4), per-line values (S2) and target flags (S6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from server.models import Contact, ContactType, Evaluation, Segment, SegmentLine
from server.services.campaigns.campaign import existing_campaign
from server.services.contacts.contact import ContactFilter, contacts_query
from server.services.core.changes import record_targeting_change
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.storage import column
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    UNSET,
    Unset,
    clean_date,
    clean_money,
    clean_text,
    given,
    lookup_key,
    lookup_keys,
    not_null,
)
from server.services.interactions.templates import existing_template
from server.services.segments.segment import contact_salesperson_id, line_campaigns, open_segment
from server.services.setup.codes import assignable_salesperson

#: NAV numbers lines in steps of 10,000 so lines can be put between others.
LINE_STEP = 10_000
MAX_CONTACTS_PER_CALL = 10_000


@dataclass(frozen=True)
class LinesChanged:
    """Result of adding, removing or flagging lines: the segment and how many lines moved."""

    segment: Segment
    count: int


@dataclass(frozen=True, kw_only=True)
class LineChanges:
    """Partial update of one segment line; UNSET leaves a value, None clears it."""

    campaign_no: str | Unset | None = UNSET
    campaign_target: bool | Unset | None = UNSET
    campaign_response: bool | Unset | None = UNSET
    salesperson_code: str | Unset | None = UNSET
    interaction_template_code: str | Unset | None = UNSET
    cost: Decimal | Unset | None = UNSET
    duration: Decimal | Unset | None = UNSET
    date: dt.date | Unset | None = UNSET
    description: str | Unset | None = UNSET
    evaluation: Evaluation | Unset | None = UNSET
    attempt_failed: bool | Unset | None = UNSET


async def _contacts_by_no(
    errors: ErrorCollector, contact_nos: Sequence[str], field: str
) -> list[Contact]:
    """Resolve contact numbers in the order given; unknown ones are errors (by index)."""
    if len(contact_nos) > MAX_CONTACTS_PER_CALL:
        errors.add(
            ErrorCode.OUT_OF_RANGE,
            f"At most {MAX_CONTACTS_PER_CALL} contacts per call (got {len(contact_nos)}).",
            field,
        )
        return []
    keys = lookup_keys(contact_nos, 20)
    found = {c.no: c for c in await Contact.filter(no__in=keys).select_related("salesperson")}
    contacts = []
    for index, raw in enumerate(contact_nos):
        contact = found.get(lookup_key(raw))
        if contact is None:
            errors.add(ErrorCode.NOT_FOUND, f"Contact {raw!r} does not exist.", field, index)
        else:
            contacts.append(contact)
    return contacts


async def add_contacts(
    segment: Segment, contacts: Sequence[Contact], *, include_persons: bool = False
) -> int:
    """S1/S4: add lines for contacts not yet in the segment, skipping blocked ones; with
    `include_persons`, a company brings its persons. Returns how many lines were added."""
    wanted: dict[int, Contact] = {c.id: c for c in contacts if not c.blocked}
    if include_persons:
        companies = [c.id for c in wanted.values() if c.type is ContactType.COMPANY]
        if companies:
            persons = Contact.filter(company_id__in=companies, blocked=False)
            for person in await persons.select_related("salesperson"):
                wanted.setdefault(person.id, person)
    existing = SegmentLine.filter(segment_id=segment.id, contact_id__in=list(wanted))
    present = {line.contact_id for line in await existing.only("id", "contact_id")}
    new = [c for c in wanted.values() if c.id not in present]
    if not new:
        return 0
    last = await SegmentLine.filter(segment_id=segment.id).order_by("-line_no").first()
    next_no = ((last.line_no if last else 0) // LINE_STEP + 1) * LINE_STEP
    lines = []
    for offset, contact in enumerate(new):
        lines.append(
            SegmentLine(
                segment_id=segment.id,
                line_no=next_no + offset * LINE_STEP,
                contact_id=contact.id,
                campaign_id=segment.campaign_id,
                campaign_target=segment.campaign_target,
                campaign_response=segment.campaign_response,
                salesperson_id=segment.salesperson_id
                or contact_salesperson_id(contact.salesperson),
                interaction_template_id=segment.interaction_template_id,
                cost=segment.unit_cost,
                duration=segment.unit_duration,
                date=segment.date,
                description=segment.description,
            )
        )
    await SegmentLine.bulk_create(lines)
    record_targeting_change([segment.campaign_id])
    return len(lines)


async def segment_contacts_add(
    ctx: ServiceContext,
    segment_no: str,
    contact_nos: Sequence[str] = (),
    *,
    criteria: ContactFilter | None = None,
    include_persons: bool = False,
) -> LinesChanged:
    """Add contacts by number and/or by contact filter (S4): each at most once, blocked ones
    skipped; with `include_persons` a company brings its persons."""
    errors = ErrorCollector()
    if not contact_nos and criteria is None:
        errors.add(ErrorCode.REQUIRED, "Name contacts by number or by filter.", "contact_nos")
    async with transaction():
        segment = await open_segment(ctx, segment_no)
        contacts = await _contacts_by_no(errors, contact_nos, "contact_nos")
        errors.raise_if_any()
        if criteria is not None:
            matching = contacts_query(ctx, criteria).filter(blocked=False)
            contacts += await matching.select_related("salesperson")
        added = await add_contacts(segment, contacts, include_persons=include_persons)
        return LinesChanged(segment, added)


async def remove_lines(segment: Segment, lines: QuerySet[SegmentLine]) -> int:
    """Delete the given lines of an open segment; returns how many went."""
    chosen = lines.filter(segment_id=segment.id)
    campaigns = await column(chosen, "campaign_id")
    removed = await chosen.delete()
    record_targeting_change(campaigns)
    return removed


async def segment_contacts_remove(
    ctx: ServiceContext,
    segment_no: str,
    contact_nos: Sequence[str] = (),
    *,
    criteria: ContactFilter | None = None,
) -> LinesChanged:
    """Remove contacts by number and/or filter ("reduce", S4); others are ignored."""
    if not contact_nos and criteria is None:
        raise DomainError(
            ErrorCode.REQUIRED, "Name contacts by number or by filter.", ("contact_nos",)
        )
    async with transaction():
        segment = await open_segment(ctx, segment_no)
        removed = 0
        if contact_nos:
            keys = lookup_keys(contact_nos, 20)
            removed += await remove_lines(segment, SegmentLine.filter(contact__no__in=keys))
        if criteria is not None:
            matching = contacts_query(ctx, criteria).values("id")
            removed += await remove_lines(
                segment, SegmentLine.filter(contact_id__in=Subquery(matching))
            )
        return LinesChanged(segment, removed)


async def segment_contacts_refine(
    ctx: ServiceContext, segment_no: str, criteria: ContactFilter
) -> LinesChanged:
    """Keep only the lines whose contact matches the filter ("refine", S4)."""
    async with transaction():
        segment = await open_segment(ctx, segment_no)
        matching = contacts_query(ctx, criteria).values("id")
        removed = await remove_lines(
            segment, SegmentLine.exclude(contact_id__in=Subquery(matching))
        )
        return LinesChanged(segment, removed)


async def segment_line_update(
    ctx: ServiceContext, segment_no: str, line_no: int, changes: LineChanges
) -> SegmentLine:
    """Change one line of an open segment (S2: a chosen template brings its defaults)."""
    errors = ErrorCollector()
    async with transaction():
        segment = await open_segment(ctx, segment_no)
        line = await SegmentLine.filter(segment_id=segment.id, line_no=line_no).first()
        if line is None:
            raise DomainError(
                ErrorCode.NOT_FOUND,
                f"Segment {segment.no} has no line {line_no}.",
                ("line_no",),
            )
        values = await _line_values(errors, changes, line, segment)
        errors.raise_if_any()
        before = line.campaign_id
        await line.update_from_dict(values).save()
        record_targeting_change([before, line.campaign_id])
        return line


async def _line_values(
    errors: ErrorCollector, changes: LineChanges, line: SegmentLine, segment: Segment
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for flag in ("campaign_target", "campaign_response", "attempt_failed"):
        value = getattr(changes, flag)
        if given(value):
            values[flag] = not_null(errors, value, flag)
    for amount in ("cost", "duration"):
        value = getattr(changes, amount)
        if given(value):
            values[amount] = clean_money(errors, value, amount)
    if given(changes.date):
        values["date"] = clean_date(errors, changes.date, "date")
    if given(changes.description):
        values["description"] = clean_text(
            errors, changes.description, "description", required=False
        )
    if given(changes.evaluation):
        values["evaluation"] = changes.evaluation
    if given(changes.campaign_no):
        campaign = await existing_campaign(errors, changes.campaign_no, "campaign_no")
        values["campaign_id"] = campaign.id if campaign else None
    if given(changes.salesperson_code):
        code = changes.salesperson_code
        person = (
            await assignable_salesperson(
                errors, code, "salesperson_code", already_assigned=line.salesperson_id
            )
            if code
            else None
        )
        values["salesperson_id"] = person.id if person else None
    if given(changes.interaction_template_code):
        code = changes.interaction_template_code
        template = await existing_template(errors, code, "interaction_template_code")
        values["interaction_template_id"] = template.id if template else None
        if template is not None:
            values.setdefault("cost", template.unit_cost)
            values.setdefault("duration", template.unit_duration)
            values.setdefault("campaign_target", template.campaign_target)
            values.setdefault("campaign_response", template.campaign_response)
            if template.campaign_id is not None and segment.campaign_id is None:
                values.setdefault("campaign_id", template.campaign_id)
    return values


async def segment_campaign_target_set(
    ctx: ServiceContext, segment_no: str, value: bool, *, apply_to_lines: bool = True
) -> LinesChanged:
    """S6/S3: set Campaign Target on the segment and, by default, on all its lines."""
    async with transaction():
        segment = await open_segment(ctx, segment_no)
        segment.campaign_target = value
        await segment.save(update_fields=["campaign_target"])
        changed = 0
        if apply_to_lines:
            lines = SegmentLine.filter(segment_id=segment.id).exclude(campaign_target=value)
            changed = await lines.update(campaign_target=value)
            record_targeting_change(await line_campaigns(segment.id))
        return LinesChanged(segment, changed)


async def segment_lines_campaign_target_set(
    ctx: ServiceContext,
    segment_no: str,
    value: bool,
    *,
    line_nos: Sequence[int] = (),
    contact_nos: Sequence[str] = (),
) -> LinesChanged:
    """S6: set Campaign Target on chosen lines (by line or contact number) at once; every
    number must name a line of the segment."""
    errors = ErrorCollector()
    async with transaction():
        segment = await open_segment(ctx, segment_no)
        lines = SegmentLine.filter(segment_id=segment.id)
        rows = await lines.values_list("id", "line_no", "contact__no")
        by_line = {line: pk for pk, line, _ in rows}
        by_contact = {no: pk for pk, _, no in rows}
        chosen: set[int] = set()
        for index, line_no in enumerate(line_nos):
            if line_no in by_line:
                chosen.add(by_line[line_no])
            else:
                errors.add(ErrorCode.NOT_FOUND, f"No line {line_no}.", "line_nos", index)
        for index, raw in enumerate(contact_nos):
            key = lookup_key(raw)
            if key in by_contact:
                chosen.add(by_contact[key])
            else:
                errors.add(
                    ErrorCode.NOT_FOUND, f"Contact {raw!r} is not in it.", "contact_nos", index
                )
        if not line_nos and not contact_nos:
            errors.add(ErrorCode.REQUIRED, "Name the lines by line or contact number.", "line_nos")
        errors.raise_if_any()
        changed = (
            await SegmentLine.filter(id__in=list(chosen))
            .exclude(campaign_target=value)
            .update(campaign_target=value)
        )
        record_targeting_change(await line_campaigns(segment.id))
        return LinesChanged(segment, changed)
