"""Demo activities and tasks, made through the services so every rule applies. Deterministic
and idempotent: an assignment is made only when none of its tasks exist yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from server.models import Activity, Contact, ContactType, Priority, Task, TaskType
from server.services.activities import activity, task
from server.services.activities import assign as task_assign
from server.services.core.context import ServiceContext

S = activity.StepDraft
CALL, MEETING, NONE = TaskType.PHONE_CALL, TaskType.MEETING, TaskType.NONE

ACTIVITIES = [
    ("FAIR-FU", "Trade show follow-up", [
        S(description="Thank-you call", type=CALL, date_formula="0D"),
        S(description="Follow-up meeting", type=MEETING, date_formula="1W", priority=Priority.HIGH),
        S(description="Send offer letter", type=NONE, date_formula="CM+1D"),
    ]),
    ("KEY-VISIT", "Key account visit", [
        S(description="Agree on a visit date", type=CALL, date_formula="0D"),
        S(description="Visit the customer", type=MEETING, date_formula="2W"),
        S(description="Send the visit report", type=NONE, date_formula="2W+2D"),
    ]),
    ("ONBOARD", "New customer onboarding", [
        S(description="Welcome call", type=CALL, date_formula="0D"),
        S(description="Send the welcome pack", type=NONE, date_formula="1W"),
        S(description="Check-in meeting", type=MEETING, date_formula="1M"),
        S(description="Quarterly review", type=NONE, date_formula="CQ", priority=Priority.LOW),
    ]),
]  # fmt: skip


@dataclass(frozen=True)
class DemoAssignment:
    """One activity assignment, relative to today; `company` indexes the demo companies."""

    activity: str
    offset_days: int
    campaign_no: str | None
    company: int
    salesperson: str | None = None
    team: str | None = None
    organizer: str | None = None


ASSIGNMENTS = [
    DemoAssignment("FAIR-FU", -10, "CP00003", 0, salesperson="EF"),
    DemoAssignment("KEY-VISIT", -3, "CP00005", 1, team="SOUTH", organizer="MH"),
    DemoAssignment("ONBOARD", 0, None, 2, salesperson="AH"),
]

SINGLE_TASK = task.TaskDraft(
    description="Prepare the chair launch mailing",
    team_code="NORTH",
    campaign_no="CP00007",
    priority=Priority.HIGH,
)


async def load_demo_tasks(ctx: ServiceContext) -> int:
    """Create the missing demo activities and tasks; returns how many records were added."""
    added = 0
    for code, description, steps in ACTIVITIES:
        if not await Activity.exists(code=code):
            await activity.create_activity(
                ctx, activity.ActivityDraft(code=code, description=description, steps=steps)
            )
            added += 1
    today = ctx.clock.today()
    companies = await Contact.filter(type=ContactType.COMPANY, blocked=False).order_by("no")
    for plan in ASSIGNMENTS:
        if not companies or await Task.exists(activity__code=plan.activity):
            continue
        made = await task_assign.activity_assign(
            ctx,
            plan.activity,
            today + timedelta(days=plan.offset_days),
            salesperson_code=plan.salesperson,
            team_code=plan.team,
            meeting_organizer_code=plan.organizer,
            contact_no=companies[plan.company % len(companies)].no,
            campaign_no=plan.campaign_no,
        )
        added += len(made)
        if plan.offset_days < 0:
            # The first step is long done: the demo shows closed work next to overdue work.
            await task.close_task(ctx, made[0].no)
    if not await Task.exists(description=SINGLE_TASK.description):
        draft = task.TaskDraft(**{**SINGLE_TASK.__dict__, "date": today + timedelta(days=7)})
        await task.create_task(ctx, draft)
        added += 1
    return added
