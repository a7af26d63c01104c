"""Concurrent writers on one activated campaign never deadlock (issue 20, point 0): segment
logs, single interactions, segment lines added, the campaign retitled and re-activated, all at
once, each in its own transaction; every one succeeds and the target group stays exact.

On PostgreSQL a row that new rows refer to is share-locked by each insert (FOR KEY SHARE); a
transaction that then locks the same campaign FOR UPDATE to keep its target group exact waited
for the others' share locks while they waited for it: DeadlockDetectedError, a 500."""

from __future__ import annotations

import asyncio
import random
from datetime import date
from decimal import Decimal

import pytest

from server.models import Contact, ContactType, InformationFlow, Segment, SegmentLine
from server.services.campaigns import campaign as campaigns
from server.services.core.context import ServiceContext
from server.services.interactions import logging
from server.services.pricing import activation
from server.services.segments import lines as segment_lines
from tests.builders import make_contact, make_salesperson, make_segment, make_template
from tests.services.pricing.activation_builders import _priced_campaign

pytestmark = pytest.mark.usefixtures("db")

DAY = date(2026, 3, 1)


async def _ready_segment(no: str, contacts: int, **overrides: object) -> Segment:
    """An open segment of `contacts` new companies, every line ready to log."""
    seller = await make_salesperson()
    template = await make_template(information_flow=InformationFlow.OUTBOUND)
    segment = await make_segment(
        no=no, salesperson=seller, interaction_template=template, date=DAY, **overrides
    )
    await Contact.bulk_create(
        [Contact(no=f"{no}-{i}", type=ContactType.COMPANY, name=f"C{i}") for i in range(contacts)]
    )
    ids = await Contact.filter(no__startswith=f"{no}-").order_by("no").values_list("id", flat=True)
    await SegmentLine.bulk_create(
        [
            SegmentLine(
                segment_id=segment.id,
                line_no=(i + 1) * 10000,
                contact_id=contact_id,
                campaign_id=segment.campaign_id,
                campaign_target=True,
                salesperson_id=seller.id,
                interaction_template_id=template.id,
                cost=Decimal("1.50"),
                duration=Decimal("2"),
                date=DAY,
            )
            for i, contact_id in enumerate(ids)
        ]
    )
    return segment


@pytest.mark.parametrize("order", [18, 19, 20])
async def test_concurrent_writers_on_one_activated_campaign_never_deadlock(
    manager: ServiceContext, order: int
):
    campaign = await _priced_campaign()
    for i in range(12):
        await make_contact(no=f"X{i}")
    logged = [await _ready_segment(f"LOG{n}", 6, campaign=campaign) for n in range(4)]
    growing = [
        await make_segment(no=f"ADD{n}", campaign=campaign, campaign_target=True) for n in range(3)
    ]
    await activation.activate(manager, "CP1")

    def single(i: int) -> logging.InteractionDraft:
        return logging.InteractionDraft(
            contact_no=f"X{i}",
            description="Call",
            campaign_no="CP1",
            campaign_target=True,
            postponed=i % 3 == 0,
        )

    jobs = [
        *(logging.segment_log(manager, segment.no) for segment in logged),
        *(logging.interaction_log(manager, single(i)) for i in range(12)),
        *(
            segment_lines.segment_contacts_add(manager, segment.no, [f"X{2 * n}", f"X{2 * n + 1}"])
            for n, segment in enumerate(growing)
        ),
        *(
            campaigns.update_campaign(
                manager, "CP1", campaigns.CampaignChanges(description=f"v{i}")
            )
            for i in range(3)
        ),
        activation.activate(manager, "CP1"),
    ]
    random.Random(order).shuffle(jobs)

    outcomes = await asyncio.gather(*jobs, return_exceptions=True)

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    assert await activation.stored_targets(campaign.id) == await activation.compute_targets(
        campaign.id
    )
