"""The demo company (docs/domain.md, the demo company), as far as the product has entities for it.

Setup and campaigns are loaded through the services so every rule applies; the ~270 generated
contacts are bulk-inserted (see demo_contacts). Re-running adds only what is missing. Dates
are relative to today so some campaigns are always running.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from server.demo.contacts import load_demo_contacts
from server.demo.opportunities import load_demo_opportunities
from server.demo.parties import load_demo_parties
from server.demo.pricing import load_demo_pricing
from server.demo.sales import load_demo_sales
from server.demo.segments import load_demo_segments
from server.demo.tasks import load_demo_tasks
from server.models import (
    Campaign,
    CampaignStatus,
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionTemplate,
    Salesperson,
    Team,
)
from server.services.campaigns import campaign
from server.services.core.context import Actor, Role, ServiceContext, SystemClock
from server.services.interactions import templates
from server.services.setup import codes as setup

STATUSES = [
    ("PLANNED", "Planned, not started", 10),
    ("RUNNING", "Running", 20),
    ("FOLLOW-UP", "Following up on responses", 30),
    ("CLOSED", "Closed", 40),
    ("CANCELLED", "Cancelled", 50),
]

SALESPEOPLE = [
    ("AH", "Annette Hill", "Sales Manager"),
    ("BC", "Benjamin Chiu", "Account Manager"),
    ("DC", "Diane Coleman", "Marketing Manager"),
    ("EF", "Esther Fischer", "Key Account Manager"),
    ("HR", "Henrik Rasmussen", "Sales Representative"),
    ("JO", "Jim Olive", "Sales Representative"),
    ("LT", "Lina Townsend", "Inside Sales"),
    ("MH", "Mark Hanson", "Field Sales"),
    ("PS", "Priya Sharma", "Campaign Coordinator"),
    ("RB", "Robin Bauer", "Sales Representative"),
]

TEAMS = [
    ("NORTH", "Sales North", ["AH", "BC", "HR", "JO"]),
    ("SOUTH", "Sales South", ["EF", "MH", "RB"]),
    ("MKT", "Marketing", ["DC", "LT", "PS"]),
]

# (no, description, start offset days, length days or None, status, salesperson, budget)
CAMPAIGNS = [
    ("CP00001", "Spring trade show", -400, 30, "CLOSED", "AH", "12000.00"),
    ("CP00002", "Summer direct mail", -250, 45, "CLOSED", "DC", "4500.00"),
    ("CP00003", "Autumn furniture fair", -120, 60, "FOLLOW-UP", "EF", "18000.00"),
    ("CP00004", "Winter e-mail offers", -30, 90, "RUNNING", "PS", "2500.00"),
    ("CP00005", "Key account roadshow", -10, 40, "RUNNING", "BC", "9000.00"),
    ("CP00006", "Loyalty programme (open-ended)", -60, None, "RUNNING", "LT", "6000.00"),
    ("CP00007", "New office chairs launch", 30, 30, "PLANNED", "MH", "15000.00"),
    ("CP00008", "Year-end clearance", 120, 21, "PLANNED", "DC", "3000.00"),
]

INTERACTION_GROUPS = [
    ("LETTER", "Letters"),
    ("EMAIL", "E-mails"),
    ("PHONE", "Phone calls"),
    ("MEETING", "Meetings"),
    ("EVENT", "Events and trade shows"),
]


def _template(
    code: str,
    description: str,
    group: str,
    cost: str,
    minutes: str,
    flow: InformationFlow,
    by: InitiatedBy,
    post: CorrespondenceType = CorrespondenceType.NONE,
    *,
    campaign_no: str | None = None,
    target: bool = False,
    response: bool = False,
) -> templates.InteractionTemplateDraft:
    return templates.InteractionTemplateDraft(
        code=code,
        description=description,
        group_code=group,
        unit_cost=Decimal(cost),
        unit_duration=Decimal(minutes),
        information_flow=flow,
        initiated_by=by,
        correspondence_type=post,
        campaign_no=campaign_no,
        campaign_target=target,
        campaign_response=response,
    )


OUT, IN, NO_FLOW = InformationFlow.OUTBOUND, InformationFlow.INBOUND, InformationFlow.NONE
US, THEM = InitiatedBy.US, InitiatedBy.THEM
POST, MAIL = CorrespondenceType.HARD_COPY, CorrespondenceType.EMAIL

#: Costs in the local currency, durations in minutes.
INTERACTION_TEMPLATES = [
    _template("LETTER", "Sales letter", "LETTER", "1.25", "5", OUT, US, POST),
    _template("MAILSHOT", "Direct mail offer", "LETTER", "0.85", "1", OUT, US, POST,
              campaign_no="CP00002", target=True),
    _template("EMAIL", "E-mail", "EMAIL", "0.05", "4", OUT, US, MAIL),
    _template("NEWSLETTER", "E-mail newsletter", "EMAIL", "0.02", "0.5", OUT, US, MAIL,
              campaign_no="CP00004", target=True),
    _template("EMAIL-IN", "E-mail received", "EMAIL", "0.00", "3", IN, THEM),
    _template("CALL-OUT", "Outgoing phone call", "PHONE", "0.60", "10", OUT, US),
    _template("CALL-IN", "Incoming phone call", "PHONE", "0.00", "8", IN, THEM, response=True),
    _template("MEETING", "Customer meeting", "MEETING", "45.00", "60", NO_FLOW, US),
    _template("TRADESHOW", "Trade show visit", "EVENT", "85.00", "30", IN, THEM,
              campaign_no="CP00003", target=True, response=True),
]  # fmt: skip

DEMO_ACTOR = Actor(user="demo-loader", role=Role.ADMIN)


async def load_demo(ctx: ServiceContext | None = None) -> str:
    """Create whatever part of the demo company is missing; returns a one-line summary."""
    ctx = ctx or ServiceContext(actor=DEMO_ACTOR, clock=SystemClock())
    today = ctx.clock.today()
    added = 0
    for code, description, order in STATUSES:
        if not await CampaignStatus.exists(code=code):
            await setup.create_campaign_status(
                ctx, setup.CampaignStatusDraft(code=code, description=description, sort_order=order)
            )
            added += 1
    for code, name, title in SALESPEOPLE:
        if not await Salesperson.exists(code=code):
            email = f"{name.split()[0].lower()}@cronus.example"
            await setup.create_salesperson(
                ctx, setup.SalespersonDraft(code=code, name=name, job_title=title, email=email)
            )
            added += 1
    for code, name, members in TEAMS:
        if not await Team.exists(code=code):
            await setup.create_team(
                ctx, setup.TeamDraft(code=code, name=name, member_codes=members)
            )
            added += 1
    for no, description, offset, length, status, person, budget in CAMPAIGNS:
        if not await Campaign.exists(no=no):
            start = today + timedelta(days=offset)
            await campaign.create_campaign(
                ctx,
                campaign.CampaignDraft(
                    no=no,
                    description=description,
                    starting_date=start,
                    ending_date=start + timedelta(days=length) if length else None,
                    status_code=status,
                    salesperson_code=person,
                    budgeted_cost=Decimal(budget),
                    expected_revenue=Decimal(budget) * 4,
                ),
            )
            added += 1
    for code, description in INTERACTION_GROUPS:
        if not await InteractionGroup.exists(code=code):
            await templates.create_interaction_group(
                ctx, templates.InteractionGroupDraft(code=code, description=description)
            )
            added += 1
    for draft in INTERACTION_TEMPLATES:
        if not await InteractionTemplate.exists(code=draft.code):
            await templates.create_interaction_template(ctx, draft)
            added += 1
    added += await load_demo_contacts()
    added += await load_demo_parties(ctx)
    added += await load_demo_segments(ctx)
    added += await load_demo_pricing(ctx)
    added += await load_demo_tasks(ctx)
    added += await load_demo_opportunities(ctx)
    added += await load_demo_sales(ctx)
    return f"demo company ready ({added} records added)"
