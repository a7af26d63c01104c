"""Assigning an activity (K2, K3): one task per step, dated from the start date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from server.models import (
    Activity,
    ActivityStep,
    Contact,
    Opportunity,
    Priority,
    Salesperson,
    SegmentLine,
    Task,
    TaskType,
    Team,
)
from server.services.activities.task import company_id, owner_codes, set_attendees
from server.services.campaigns.campaign import existing_campaign
from server.services.contacts.contact import existing_contact
from server.services.core.context import Permission, ServiceContext
from server.services.core.dateformula import DateFormula, DateFormulaError
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.numbering import next_no
from server.services.core.storage import find
from server.services.core.unit_of_work import transaction
from server.services.core.values import CODE_MAX, clean_date, lookup_key
from server.services.segments.segment import existing_segment
from server.services.setup.codes import assignable_salesperson, existing_team

#: One assignment may fan out over a segment's contacts; beyond this it is refused.
MAX_TASKS_PER_ASSIGNMENT = 5000


@dataclass(frozen=True)
class _Plan:
    """What one step makes: type, priority, description, date."""

    type: TaskType
    priority: Priority
    description: str
    date: dt.date


async def _existing_activity(errors: ErrorCollector, code: str | None) -> Activity | None:
    if not code or not code.strip():
        errors.add(ErrorCode.REQUIRED, "Activity code is required.", "activity_code")
        return None
    key = lookup_key(code)
    activity = await find(Activity, code=key) if len(key) <= CODE_MAX else None
    if activity is None:
        errors.add(ErrorCode.NOT_FOUND, f"Activity {code!r} does not exist.", "activity_code")
    return activity


def _plans(
    errors: ErrorCollector,
    activity: Activity,
    steps: list[ActivityStep],
    start: dt.date,
    field: tuple[str, ...],
) -> list[_Plan]:
    """K3: each step dated by its formula from the start date (not chained); none -> one."""
    if not steps:
        return [_Plan(TaskType.NONE, Priority.NORMAL, activity.description, start)]
    plans = []
    for step in steps:
        try:
            day = DateFormula.parse(step.date_formula).evaluate(start)
        except DateFormulaError as exc:
            errors.add(
                ErrorCode.DATE_FORMULA_INVALID,
                f"Step {step.step_no} of activity {activity.code}: {exc.message}",
                *field,
            )
            continue
        plans.append(_Plan(step.type, step.priority, step.description, day))
    return plans


@dataclass(frozen=True, kw_only=True)
class Assignment:
    """Who gets an activity's tasks and what they concern (already validated)."""

    salesperson: Salesperson | None = None
    team: Team | None = None
    organizer: Salesperson | None = None
    contacts: Sequence[Contact | None] = (None,)
    campaign_id: int | None = None
    segment_id: int | None = None
    opportunity_id: int | None = None


async def make_activity_tasks(
    ctx: ServiceContext,
    activity: Activity,
    start: dt.date,
    who: Assignment,
    *,
    field: tuple[str, ...] = ("start_date",),
) -> list[Task]:
    """K3: one task per step and contact, dated from `start`; call inside a transaction.
    Also used by opportunity stages (O2), which date the tasks from the date of change."""
    errors = ErrorCollector()
    steps = await ActivityStep.filter(activity_id=activity.id).order_by("step_no")
    plans = _plans(errors, activity, steps, start, field)
    errors.raise_if_any()
    if len(who.contacts) * len(plans) > MAX_TASKS_PER_ASSIGNMENT:
        raise DomainError(
            ErrorCode.OUT_OF_RANGE,
            f"One assignment makes at most {MAX_TASKS_PER_ASSIGNMENT} tasks.",
            ("segment_no",),
        )
    created: list[Task] = []
    for contact in who.contacts:
        for plan in plans:
            by_organizer = (
                who.team is not None and plan.type is TaskType.MEETING and who.organizer is not None
            )
            assignee = who.organizer if by_organizer else who.salesperson
            task = await Task.create(
                no=await next_no("TASK", taken=lambda n: Task.exists(no=n)),
                description=plan.description,
                type=plan.type,
                priority=plan.priority,
                date=plan.date,
                salesperson_id=assignee.id if assignee else None,
                team_id=who.team.id if who.team else None,
                contact_id=contact.id if contact else None,
                contact_company_id=company_id(contact),
                campaign_id=who.campaign_id,
                segment_id=who.segment_id,
                opportunity_id=who.opportunity_id,
                activity_id=activity.id,
                created_by=ctx.actor.user,
            )
            await set_attendees(task)
            created.append(task)
    return created


async def _existing_opportunity(errors: ErrorCollector, no: str | None) -> Opportunity | None:
    if not no:
        return None
    opportunity = await find(Opportunity, no=lookup_key(no))
    if opportunity is None:
        errors.add(ErrorCode.NOT_FOUND, f"Opportunity {no!r} does not exist.", "opportunity_no")
    return opportunity


async def activity_assign(
    ctx: ServiceContext,
    activity_code: str,
    start_date: dt.date | None,
    *,
    salesperson_code: str | None = None,
    team_code: str | None = None,
    meeting_organizer_code: str | None = None,
    contact_no: str | None = None,
    campaign_no: str | None = None,
    segment_no: str | None = None,
    opportunity_no: str | None = None,
) -> list[Task]:
    """K2/K3: make the activity's tasks for a salesperson or team (a team with a meeting step
    needs a meeting organizer), per contact of a segment if one is given; for an opportunity
    its salesperson, contact and campaign are the defaults; all or nothing."""
    errors = ErrorCollector()
    async with transaction():
        opportunity = await _existing_opportunity(errors, opportunity_no)
        if salesperson_code is None and team_code is None:
            if opportunity is not None:
                owner = await Salesperson.get(id=opportunity.salesperson_id)
                salesperson_code = owner.code
            else:
                salesperson_code = ctx.actor.salesperson_code
        activity = await _existing_activity(errors, activity_code)
        if start_date is None:
            errors.add(ErrorCode.REQUIRED, "Start date is required.", "start_date")
        start = clean_date(errors, start_date, "start_date")
        person = (
            await assignable_salesperson(errors, salesperson_code, "salesperson_code")
            if salesperson_code
            else None
        )
        team = await existing_team(errors, team_code, "team_code")
        if not salesperson_code and not team_code:
            errors.add(ErrorCode.REQUIRED, "Assign to a salesperson or a team.", "salesperson_code")
        organizer = (
            await assignable_salesperson(errors, meeting_organizer_code, "meeting_organizer_code")
            if meeting_organizer_code
            else None
        )
        contact = await existing_contact(errors, contact_no, "contact_no")
        if contact_no is None and opportunity is not None:
            contact = await Contact.get(id=opportunity.contact_id)
        campaign = await existing_campaign(errors, campaign_no, "campaign_no")
        segment = await existing_segment(errors, segment_no, "segment_no")
        has_meeting = activity is not None and await ActivityStep.exists(
            activity_id=activity.id, type=TaskType.MEETING
        )
        if team_code and has_meeting and not meeting_organizer_code:
            errors.add(
                ErrorCode.MEETING_ORGANIZER_REQUIRED,
                f"Activity {activity.code if activity else ''} has a meeting step: a team "
                "assignment needs a meeting organizer.",
                "meeting_organizer_code",
            )
        if not errors:
            owners = await owner_codes(person.id if person else None, team.id if team else None)
            ctx.require(Permission.MANAGE_TASKS, owners=owners)
        errors.raise_if_any()
        assert activity is not None
        assert start is not None
        contacts: list[Contact | None] = [contact]
        if segment is not None:
            lines = SegmentLine.filter(segment_id=segment.id).order_by("line_no")
            limited = lines.select_related("contact").limit(MAX_TASKS_PER_ASSIGNMENT + 1)
            contacts = [line.contact for line in await limited]
        campaign_id = campaign.id if campaign else None
        if campaign_id is None and segment is not None:
            campaign_id = segment.campaign_id
        if campaign_id is None and campaign_no is None and opportunity is not None:
            campaign_id = opportunity.campaign_id
        who = Assignment(
            salesperson=person,
            team=team,
            organizer=organizer,
            contacts=contacts,
            campaign_id=campaign_id,
            segment_id=segment.id if segment else None,
            opportunity_id=opportunity.id if opportunity else None,
        )
        return await make_activity_tasks(ctx, activity, start, who)
