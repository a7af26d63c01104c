"""Concurrent writers on one activated campaign never deadlock (issue 20, point 0): segment
logs, single interactions, segment lines added, the campaign retitled and re-activated, all at
once, each in its own transaction; every one succeeds and the target group stays exact.

On PostgreSQL a row that new rows refer to is share-locked by each insert (FOR KEY SHARE); a
transaction that then locks the same campaign FOR UPDATE to keep its target group exact waited
for the others' share locks while they waited for it: DeadlockDetectedError, a 500."""

from __future__ import annotations

import asyncio
import random

import pytest

from server.services.campaigns import campaign as campaigns
from server.services.core.context import ServiceContext
from server.services.interactions import logging
from server.services.pricing import activation
from server.services.segments import lines as segment_lines
from tests.builders import make_contact, make_segment
from tests.services.interactions.test_logging import _ready_segment
from tests.services.pricing.activation_builders import _priced_campaign

pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize("order", [18, 19, 20])
async def test_concurrent_writers_on_one_activated_campaign_never_deadlock(
    manager: ServiceContext, order: int
):
    campaign = await _priced_campaign()
    for i in range(12):
        await make_contact(no=f"X{i}")
    logged = [
        await _ready_segment(6, no=f"LOG{n}", campaign=campaign, campaign_target=True)
        for n in range(4)
    ]
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
