"""Campaign statistics, property: the database figures equal a brute-force computation over
the same random rows, for random date ranges."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

from server.models import Campaign, Interaction
from server.services.core.context import ServiceContext
from server.services.interactions.statistics import CampaignStatistics, campaign_statistics
from tests.builders import make_campaign
from tests.services.interactions.statistics_builders import _contacts, _log

pytestmark = pytest.mark.usefixtures("db")


# --- Property: the database figures equal a brute-force computation over the same rows ----


@dataclass(frozen=True)
class _Row:
    campaign_id: int | None
    contact_id: int
    day: date
    target: bool
    response: bool
    canceled: bool
    postponed: bool
    cost: Decimal
    duration: Decimal


def _ratio(numerator: Decimal, denominator: int, quantum: str) -> Decimal:
    if denominator == 0:
        return Decimal(0).quantize(Decimal(quantum))
    with localcontext() as context:
        context.prec = 60  # far more digits than any figure here: the quotient is exact enough
        return (numerator / denominator).quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


def _brute_force(
    rows: list[_Row], campaign: Campaign, start: date | None, end: date | None
) -> CampaignStatistics:
    counted = [
        r
        for r in rows
        if r.campaign_id == campaign.id
        and not r.canceled
        and not r.postponed
        and (start is None or r.day >= start)
        and (end is None or r.day <= end)
    ]
    targets = [r for r in counted if r.target]
    responses = [r for r in counted if r.response]
    cost = sum((r.cost for r in counted), Decimal("0.00"))
    duration = sum((r.duration for r in counted), Decimal("0.00"))
    return CampaignStatistics(
        target_contacts_contacted=len(targets),
        contacts_responded=len(responses),
        distinct_contacts_contacted=len({r.contact_id for r in targets}),
        distinct_contacts_responded=len({r.contact_id for r in responses}),
        response_rate_percent=_ratio(Decimal(len(responses) * 100), len(targets), "0.1"),
        cost=cost,
        duration=duration,
        average_cost_per_response=_ratio(cost, len(responses), "0.01"),
        average_duration_per_response=_ratio(duration, len(responses), "0.01"),
        budgeted_cost=campaign.budgeted_cost,
        revenue=Decimal("0.00"),
        roi=Decimal("-1.0000") if cost > 0 else None,
    )


def _amount(rng: random.Random) -> Decimal:
    cents = rng.choice([rng.randint(0, 99), rng.randint(0, 10**6), rng.randint(0, 10**17 - 1)])
    return Decimal(cents).scaleb(-2)


@pytest.mark.parametrize("seed", [7, 42, 2026, 31337])
async def test_figures_equal_a_brute_force_computation(manager: ServiceContext, seed: int):
    rng = random.Random(seed)
    campaigns = [
        await make_campaign(budgeted_cost=Decimal(rng.randint(0, 10**6)).scaleb(-2))
        for _ in range(3)
    ]
    people = await _contacts(15)
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(20)]
    rows = [
        _Row(
            campaign_id=rng.choice([*[c.id for c in campaigns[:2]], None]),
            contact_id=rng.choice(people),
            day=rng.choice(days),
            target=rng.random() < 0.6,
            response=rng.random() < 0.3,
            canceled=rng.random() < 0.15,
            postponed=rng.random() < 0.1,
            cost=_amount(rng),
            duration=_amount(rng),
        )
        for _ in range(rng.randint(40, 80))
    ]
    await _log(
        *[
            Interaction(
                contact_id=r.contact_id,
                campaign_id=r.campaign_id,
                date=r.day,
                description="Random",
                user="test",
                campaign_target=r.target,
                campaign_response=r.response,
                canceled=r.canceled,
                postponed=r.postponed,
                cost=r.cost,
                duration=r.duration,
            )
            for r in rows
        ]
    )
    bounds = [None, days[0] - timedelta(days=1), *days, days[-1] + timedelta(days=1)]
    ranges = [(None, None)] + [(rng.choice(bounds), rng.choice(bounds)) for _ in range(12)]

    for start, end in ranges:
        stats = await campaign_statistics(
            manager, [c.id for c in campaigns], date_from=start, date_to=end
        )

        assert stats == {c.id: _brute_force(rows, c, start, end) for c in campaigns}, (start, end)
