"""Logging (DOMAIN L1-L3): a whole segment at once, or one interaction at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from server.models import (
    Campaign,
    CampaignEntry,
    Contact,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    Interaction,
    InteractionTemplate,
    LoggedSegment,
    Opportunity,
    Salesperson,
    Segment,
    SegmentLine,
    SegmentStatus,
)
from server.services.campaigns.campaign import existing_campaign
from server.services.contacts.contact import company_id_of
from server.services.core import events
from server.services.core.changes import record_targeting_change
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.numbering import next_no
from server.services.core.storage import find, get_locked
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    clean_date,
    clean_money,
    clean_text,
    lookup_key,
)
from server.services.interactions.templates import existing_template
from server.services.segments.lines import add_contacts
from server.services.setup.codes import assignable_salesperson

#: Description of the campaign entry that collects interactions logged one by one (L3).
SINGLE_INTERACTIONS = "Single interactions"


@dataclass(frozen=True)
class LogResult:
    """What logging a segment created."""

    logged_segment: LoggedSegment
    interaction_count: int
    campaign_entries: list[CampaignEntry]
    follow_up: Segment | None


@dataclass(frozen=True, kw_only=True)
class InteractionDraft:
    """One interaction to log by hand; blanks take the template's or the actor's values."""

    contact_no: str
    description: str
    date: dt.date | None = None
    time: dt.time | None = None
    subject: str | None = None
    interaction_template_code: str | None = None
    salesperson_code: str | None = None
    campaign_no: str | None = None
    campaign_target: bool = False
    campaign_response: bool = False
    cost: Decimal | None = None
    duration: Decimal | None = None
    evaluation: Evaluation | None = None
    attempt_failed: bool = False
    information_flow: InformationFlow | None = None
    initiated_by: InitiatedBy | None = None
    postponed: bool = False
    opportunity_no: str | None = None


async def _check_lines(
    ctx: ServiceContext, segment: Segment, lines: list[SegmentLine]
) -> dict[int, InteractionTemplate]:
    """L1: every line must have a date, a salesperson and a template; every failing line is
    reported. SALES log only as themselves. Returns the lines' templates by id."""
    errors = ErrorCollector()
    if not segment.description or not segment.description.strip():
        errors.add(
            ErrorCode.REQUIRED, "The segment needs a description to be logged.", "description"
        )
    template_ids = {line.interaction_template_id for line in lines} - {None}
    templates = {t.id: t for t in await InteractionTemplate.filter(id__in=list(template_ids))}
    person_ids = {line.salesperson_id for line in lines} - {None}
    people = {p.id: p for p in await Salesperson.filter(id__in=list(person_ids))}
    for line in lines:
        where = f"Line {line.line_no} (contact {line.contact.no})"
        if line.date is None:
            errors.add(ErrorCode.REQUIRED, f"{where} has no date.", "lines", line.line_no, "date")
        if line.salesperson_id is None:
            errors.add(
                ErrorCode.REQUIRED,
                f"{where} has no salesperson.",
                "lines",
                line.line_no,
                "salesperson_code",
            )
        if line.interaction_template_id is None:
            errors.add(
                ErrorCode.REQUIRED,
                f"{where} has no interaction template.",
                "lines",
                line.line_no,
                "interaction_template_code",
            )
    errors.raise_if_any()
    for code in sorted(p.code for p in people.values()):
        ctx.require(Permission.LOG_INTERACTIONS, owners={code})
    return templates


async def segment_log(
    ctx: ServiceContext, segment_no: str, *, create_follow_up: bool = False
) -> LogResult:
    """L1/L2: log every line of an open segment in one transaction, or nothing at all."""
    ctx.require(Permission.READ)
    async with transaction():
        segment = await get_locked(Segment, "Segment", "segment_no", no=lookup_key(segment_no))
        owner = await Salesperson.get_or_none(id=segment.salesperson_id)
        ctx.require(Permission.MANAGE_SEGMENTS, owners={owner.code} if owner else set())
        if segment.status is SegmentStatus.LOGGED:
            raise DomainError(
                ErrorCode.SEGMENT_ALREADY_LOGGED,
                f"Segment {segment.no} has been logged already.",
                ("segment_no",),
            )
        lines = list(
            await SegmentLine.filter(segment_id=segment.id)
            .select_related("contact")
            .order_by("line_no")
        )
        if not lines:
            raise DomainError(
                ErrorCode.SEGMENT_EMPTY,
                f"Segment {segment.no} has no line with a contact to log.",
                ("segment_no",),
            )
        templates = await _check_lines(ctx, segment, lines)
        today = ctx.clock.today()
        logged = await LoggedSegment.create(
            segment=segment,
            description=segment.description,
            creation_date=today,
            user=ctx.actor.user,
        )
        entries = await _entries_for(ctx, segment, logged, lines)
        await Interaction.bulk_create(
            [_interaction_from(ctx, segment, logged, line, templates, entries) for line in lines],
            batch_size=500,
        )
        for campaign_id, entry in entries.items():
            await SegmentLine.filter(segment_id=segment.id, campaign_id=campaign_id).update(
                campaign_entry_id=entry.entry_no
            )
        segment.status = SegmentStatus.LOGGED
        await segment.save(update_fields=["status"])
        record_targeting_change(entries)
        follow_up = await _follow_up(ctx, segment, lines) if create_follow_up else None
        logged_now = events.ActivityKind.LOGGED
        await events.emit(await events.affected(logged_now, logged_segment_id=logged.entry_no))
        return LogResult(logged, len(lines), list(entries.values()), follow_up)


async def _entries_for(
    ctx: ServiceContext, segment: Segment, logged: LoggedSegment, lines: list[SegmentLine]
) -> dict[int, CampaignEntry]:
    """L2: one campaign entry per campaign used on the lines, dated by the first line."""
    entries: dict[int, CampaignEntry] = {}
    first_date = lines[0].date
    assert first_date is not None
    for campaign_id in dict.fromkeys(line.campaign_id for line in lines if line.campaign_id):
        entries[campaign_id] = await CampaignEntry.create(
            campaign_id=campaign_id,
            date=first_date,
            description=segment.description,
            segment=segment,
            logged_segment=logged,
            salesperson_id=segment.salesperson_id,
            user=ctx.actor.user,
        )
    return entries


def _interaction_from(
    ctx: ServiceContext,
    segment: Segment,
    logged: LoggedSegment,
    line: SegmentLine,
    templates: dict[int, InteractionTemplate],
    entries: dict[int, CampaignEntry],
) -> Interaction:
    template = templates[line.interaction_template_id]  # type: ignore[index]
    # Flows belong to the segment's template; a line with another template keeps that one's.
    own = line.interaction_template_id == segment.interaction_template_id
    entry = entries.get(line.campaign_id) if line.campaign_id else None
    return Interaction(
        contact_id=line.contact_id,
        contact_company_id=company_id_of(line.contact),
        date=line.date,
        description=line.description or segment.description,
        subject=segment.subject,
        template_id=template.id,
        group_id=template.group_id,
        information_flow=segment.information_flow if own else template.information_flow,
        initiated_by=segment.initiated_by if own else template.initiated_by,
        cost=line.cost,
        duration=line.duration,
        evaluation=line.evaluation,
        attempt_failed=line.attempt_failed,
        salesperson_id=line.salesperson_id,
        user=ctx.actor.user,
        campaign_id=line.campaign_id,
        campaign_entry_id=entry.entry_no if entry else None,
        campaign_target=line.campaign_target,
        campaign_response=line.campaign_response,
        segment_id=segment.id,
        logged_segment_id=logged.entry_no,
    )


async def _follow_up(
    ctx: ServiceContext, segment: Segment, lines: Iterable[SegmentLine]
) -> Segment:
    """L2: a new open segment with the same campaign and contacts."""
    no = await next_no("SEGMENT", taken=lambda n: Segment.exists(no=n))
    follow_up = await Segment.create(
        no=no,
        description=f"Follow-up on segment {segment.no}"[:100],
        campaign_id=segment.campaign_id,
        salesperson_id=segment.salesperson_id,
        created_by=ctx.actor.user,
    )
    await add_contacts(follow_up, [line.contact for line in lines])
    return follow_up


async def interaction_log(ctx: ServiceContext, draft: InteractionDraft) -> Interaction:
    """L3: log one interaction; with a campaign (and not postponed) it joins the campaign's
    open entry for single interactions, opened on first use."""
    salesperson_code = draft.salesperson_code or ctx.actor.salesperson_code
    ctx.require(Permission.LOG_INTERACTIONS, owners={lookup_key(salesperson_code or "")})
    errors = ErrorCollector()
    description = clean_text(errors, draft.description, "description")
    subject = clean_text(errors, draft.subject, "subject", required=False)
    day = clean_date(errors, draft.date or ctx.clock.today(), "date")
    async with transaction():
        contact = await find(Contact, no=lookup_key(draft.contact_no))
        if contact is None:
            errors.add(
                ErrorCode.NOT_FOUND, f"Contact {draft.contact_no!r} does not exist.", "contact_no"
            )
        template = await existing_template(
            errors, draft.interaction_template_code, "interaction_template_code"
        )
        campaign = await existing_campaign(errors, draft.campaign_no, "campaign_no")
        person = (
            await assignable_salesperson(errors, salesperson_code, "salesperson_code")
            if salesperson_code
            else None
        )
        opportunity = await _opportunity_of(errors, draft.opportunity_no, contact)
        cost = clean_money(
            errors, draft.cost, "cost", default=template.unit_cost if template else Decimal(0)
        )
        duration = clean_money(
            errors,
            draft.duration,
            "duration",
            default=template.unit_duration if template else Decimal(0),
        )
        errors.raise_if_any()
        assert contact is not None
        assert day is not None
        entry = None
        if campaign is not None and not draft.postponed:
            entry = await _single_interactions_entry(ctx, campaign.id, day)
        interaction = await Interaction.create(
            contact=contact,
            contact_company_id=company_id_of(contact),
            date=day,
            time=draft.time,
            description=description,
            subject=subject,
            template=template,
            group_id=template.group_id if template else None,
            information_flow=draft.information_flow
            or (template.information_flow if template else InformationFlow.NONE),
            initiated_by=draft.initiated_by
            or (template.initiated_by if template else InitiatedBy.NONE),
            cost=cost,
            duration=duration,
            evaluation=draft.evaluation,
            attempt_failed=draft.attempt_failed,
            salesperson=person,
            user=ctx.actor.user,
            campaign=campaign,
            campaign_entry=entry,
            campaign_target=draft.campaign_target,
            campaign_response=draft.campaign_response,
            postponed=draft.postponed,
            opportunity=opportunity,
        )
        record_targeting_change([interaction.campaign_id])
        await events.emit(
            events.events_for(
                events.ActivityKind.LOGGED, [(interaction.entry_no, interaction.campaign_id)]
            )
        )
        return interaction


async def _opportunity_of(
    errors: ErrorCollector, no: str | None, contact: Contact | None
) -> Opportunity | None:
    """The opportunity an interaction is about: it must exist and be with the contact's
    company (or the contact itself, for a person without one)."""
    if not no:
        return None
    opportunity = await find(Opportunity, no=lookup_key(no))
    if opportunity is None:
        errors.add(ErrorCode.NOT_FOUND, f"Opportunity {no!r} does not exist.", "opportunity_no")
        return None
    if contact is not None:
        theirs = await Contact.get(id=opportunity.contact_id)
        if (company_id_of(theirs) or theirs.id) != (company_id_of(contact) or contact.id):
            errors.add(
                ErrorCode.INVALID,
                f"Opportunity {opportunity.no} is with {theirs.name}, not with this contact's "
                "company.",
                "opportunity_no",
            )
    return opportunity


async def _single_interactions_entry(
    ctx: ServiceContext, campaign_id: int, day: dt.date
) -> CampaignEntry:
    """The campaign's open entry for single interactions; a cancelled one is never reused."""
    # Lock the campaign row so two first interactions cannot open two entries.
    await Campaign.filter(id=campaign_id).select_for_update(no_key=True).first()
    entry = await CampaignEntry.filter(
        campaign_id=campaign_id, single_interactions=True, canceled=False
    ).first()
    if entry is None:
        entry = await CampaignEntry.create(
            campaign_id=campaign_id,
            date=day,
            description=SINGLE_INTERACTIONS,
            single_interactions=True,
            user=ctx.actor.user,
        )
    return entry
