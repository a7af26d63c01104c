"""Demo sales cycles and opportunities, made through the services so every rule applies.
Deterministic and idempotent: a record is made only when it is missing (opportunities are
recognised by their description)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from server.models import (
    Activity,
    Campaign,
    CampaignTarget,
    Contact,
    ContactType,
    Opportunity,
    ProbabilityCalculation,
    SalesCycle,
    SalesCycleStage,
    TaskType,
)
from server.services.activities import activity
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError
from server.services.opportunities import opportunity, sales_cycle
from server.services.opportunities import stages as opportunity_stage
from server.services.opportunities.stages import StageAction, StageMove
from server.services.pricing import activation

NEEDS = activity.ActivityDraft(
    code="NEEDS",
    description="Needs analysis",
    steps=[
        activity.StepDraft(description="Call to agree on the needs", type=TaskType.PHONE_CALL),
        activity.StepDraft(description="Needs workshop", type=TaskType.MEETING, date_formula="1W"),
    ],
)

D = Decimal
#: Stage description, completed %, chances %, activity, quote required, allow skip, formula.
Stage = tuple[str, str, str, str | None, bool, bool, str]
CYCLES: list[tuple[str, str, ProbabilityCalculation, list[Stage]]] = [
    ("NEW", "New business", ProbabilityCalculation.MULTIPLY, [
        ("Initial contact", "10", "25", None, False, False, "3M"),
        ("Needs analysis", "30", "40", "NEEDS", False, False, "2M"),
        ("Proposal", "60", "60", None, True, True, "CM+1M"),
        ("Negotiation", "85", "75", None, True, True, "1M"),
    ]),
    ("EXISTING", "Existing customer", ProbabilityCalculation.ADD, [
        ("Review needs", "20", "60", None, False, False, "1M"),
        ("Quote", "60", "70", None, True, False, "2W"),
        ("Order", "90", "90", None, False, True, "1W"),
    ]),
]  # fmt: skip

#: Campaigns that opportunities come from must be activated (O1).
ACTIVATED = ["CP00003", "CP00005"]


@dataclass(frozen=True)
class DemoOpportunity:
    """One opportunity and its moves, in days relative to today; `company` indexes the
    demo companies."""

    description: str
    cycle: str
    salesperson: str
    company: int
    campaign_no: str | None
    created: int
    value: str
    moves: tuple[tuple[StageAction, int, int | None], ...]


OPPORTUNITIES = [
    DemoOpportunity("Conference chairs", "NEW", "EF", 3, "CP00003", -100, "24000", (
        (StageAction.NEXT, -100, None), (StageAction.NEXT, -92, None),
        (StageAction.SKIP, -85, 4), (StageAction.WIN, -70, None),
    )),
    DemoOpportunity("Reception furniture", "NEW", "EF", 4, "CP00003", -90, "8000", (
        (StageAction.NEXT, -90, None), (StageAction.LOSE, -60, None),
    )),
    DemoOpportunity("Office fit-out", "NEW", "BC", 5, "CP00005", -5, "56000", (
        (StageAction.NEXT, -5, None), (StageAction.NEXT, -1, None),
    )),
    DemoOpportunity("Desk lamp refresh", "EXISTING", "AH", 6, None, -20, "3500", (
        (StageAction.NEXT, -20, None), (StageAction.UPDATE, -12, None),
    )),
]  # fmt: skip


async def _setup(ctx: ServiceContext) -> int:
    added = 0
    if not await Activity.exists(code=NEEDS.code):
        await activity.create_activity(ctx, NEEDS)
        added += 1
    for code, description, method, stages in CYCLES:
        if not await SalesCycle.exists(code=code):
            await sales_cycle.create_sales_cycle(
                ctx,
                sales_cycle.SalesCycleDraft(
                    code=code, description=description, probability_calculation=method
                ),
            )
            added += 1
        for number, (name, completed, chances, act, quote, skip, formula) in enumerate(stages, 1):
            if await SalesCycleStage.exists(sales_cycle__code=code, stage=number):
                continue
            await sales_cycle.create_stage(
                ctx,
                sales_cycle.StageDraft(
                    sales_cycle_code=code,
                    stage=number,
                    description=name,
                    completed_percent=D(completed),
                    chances_of_success_percent=D(chances),
                    activity_code=act,
                    quote_required=quote,
                    allow_skip=skip,
                    date_formula=formula,
                ),
            )
            added += 1
    return added


async def _activate(ctx: ServiceContext) -> None:
    """Activate the demo campaigns opportunities refer to, unless they are already."""
    for no in ACTIVATED:
        campaign = await Campaign.get_or_none(no=no)
        if campaign is None or await CampaignTarget.exists(campaign_id=campaign.id):
            continue
        try:
            await activation.activate(ctx, no, allow_without_pricing=True)
        except DomainError:
            continue  # nothing targets it (a trimmed demo): its opportunities go without it


async def load_demo_opportunities(ctx: ServiceContext) -> int:
    """Create the missing demo sales cycles and opportunities; returns how many were added."""
    added = await _setup(ctx)
    companies = await Contact.filter(type=ContactType.COMPANY, blocked=False).order_by("no")
    if not companies:
        return added
    await _activate(ctx)
    today = ctx.clock.today()
    for plan in OPPORTUNITIES:
        if await Opportunity.exists(description=plan.description):
            continue
        campaign_no = plan.campaign_no
        source = await Campaign.get_or_none(no=campaign_no) if campaign_no else None
        if source is None or not await activation.activated_campaign_ids(ctx, [source.id]):
            campaign_no = None
        made = await opportunity.create_opportunity(
            ctx,
            opportunity.OpportunityDraft(
                description=plan.description,
                contact_no=companies[plan.company % len(companies)].no,
                salesperson_code=plan.salesperson,
                campaign_no=campaign_no,
                sales_cycle_code=plan.cycle,
                creation_date=today + timedelta(days=plan.created),
            ),
        )
        for number, (action, offset, stage_no) in enumerate(plan.moves):
            value = D(plan.value) * (1 if number < 2 else D("0.9"))
            await opportunity_stage.stage_update(
                ctx,
                made.no,
                StageMove(
                    action=action,
                    stage_no=stage_no,
                    date_of_change=today + timedelta(days=offset),
                    estimated_value=value.quantize(D("0.01")),
                ),
            )
        added += 1
    return added
