"""The demo company (DOMAIN section 6), as far as the product has entities for it.

Loaded through the services so every rule applies; re-running adds only what is missing.
Dates are relative to today so some campaigns are always running.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from server.models import Campaign, CampaignStatus, Salesperson, Team
from server.services import campaign, setup
from server.services.context import Actor, Role, ServiceContext, SystemClock

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
    return f"demo company ready ({added} records added)"
