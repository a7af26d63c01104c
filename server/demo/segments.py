"""Demo segments (open and logged) and a year of interactions, made through the services so
every rule applies. Deterministic: a fixed seed picks contacts and evaluations."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from server.models import Contact, ContactType, Evaluation, Interaction, Segment
from server.services.core.context import ServiceContext
from server.services.interactions import logging
from server.services.segments import lines as segment_lines
from server.services.segments import segment

SEED = 1984


@dataclass(frozen=True)
class DemoSegment:
    """One demo segment: which campaign, template and owner, how many companies, whether it
    is logged, and its date relative to today."""

    no: str
    description: str
    campaign_no: str
    template: str
    salesperson: str
    companies: int
    offset_days: int
    logged: bool
    untargeted: int = 0


SEGMENTS = [
    DemoSegment("SEG00001", "Spring show invitations", "CP00001", "LETTER", "AH", 18, -395, True),
    DemoSegment("SEG00002", "Summer mailshot", "CP00002", "MAILSHOT", "DC", 30, -245, True),
    DemoSegment("SEG00003", "Autumn fair visitors", "CP00003", "TRADESHOW", "EF", 15, -110, True),
    DemoSegment("SEG00004", "Winter newsletter", "CP00004", "NEWSLETTER", "PS", 40, -20, True),
    DemoSegment("SEG00005", "Roadshow invitations", "CP00005", "CALL-OUT", "BC", 12, 2, False, 3),
    DemoSegment("SEG00006", "Chair launch preview", "CP00007", "EMAIL", "MH", 20, 25, False),
]  # fmt: skip

#: Single interactions over the past year: (template, share of them answering a campaign).
SINGLES = [("CALL-OUT", 0.0), ("EMAIL", 0.0), ("MEETING", 0.0), ("CALL-IN", 0.6)]
SINGLE_COUNT = 120
SELLERS = ["AH", "BC", "EF", "HR", "JO", "MH", "RB"]


async def load_demo_segments(ctx: ServiceContext) -> int:
    """Create the missing demo segments (logging those meant to be logged) and, once, a year
    of single interactions; returns how many records were added."""
    rng = random.Random(SEED)
    companies = list(await Contact.filter(type=ContactType.COMPANY, blocked=False).order_by("no"))
    if not companies:
        return 0
    today = ctx.clock.today()
    added = 0
    for plan in SEGMENTS:
        chosen = rng.sample(companies, plan.companies)
        if await Segment.exists(no=plan.no):
            continue
        await segment.create_segment(
            ctx,
            segment.SegmentDraft(
                no=plan.no,
                description=plan.description,
                campaign_no=plan.campaign_no,
                campaign_target=True,
                salesperson_code=plan.salesperson,
                interaction_template_code=plan.template,
                date=today + timedelta(days=plan.offset_days),
            ),
        )
        added += 1
        lines = await segment_lines.segment_contacts_add(
            ctx, plan.no, [c.no for c in chosen], include_persons=plan.template == "TRADESHOW"
        )
        added += lines.count
        if plan.untargeted:
            skipped = [c.no for c in chosen[: plan.untargeted]]
            await segment_lines.segment_lines_campaign_target_set(
                ctx, plan.no, False, contact_nos=skipped
            )
        if plan.logged:
            result = await logging.segment_log(ctx, plan.no)
            added += result.interaction_count + 1 + len(result.campaign_entries)
    if not await Interaction.filter(segment_id__isnull=True).exists():
        added += await _single_interactions(ctx, rng, companies)
    return added


async def _single_interactions(
    ctx: ServiceContext, rng: random.Random, companies: list[Contact]
) -> int:
    today = ctx.clock.today()
    evaluations = [*Evaluation, None, None]
    running = ["CP00003", "CP00004", "CP00005", "CP00006"]
    for _ in range(SINGLE_COUNT):
        template, response_share = rng.choice(SINGLES)
        answers = rng.random() < response_share
        await logging.interaction_log(
            ctx,
            logging.InteractionDraft(
                contact_no=rng.choice(companies).no,
                description=f"{template.replace('-', ' ').title()} about our offers",
                date=today - timedelta(days=rng.randint(0, 365)),
                interaction_template_code=template,
                salesperson_code=rng.choice(SELLERS),
                campaign_no=rng.choice(running) if answers else None,
                campaign_response=answers,
                evaluation=rng.choice(evaluations),
            ),
        )
    return SINGLE_COUNT
