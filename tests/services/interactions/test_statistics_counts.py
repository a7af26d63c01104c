"""Campaign statistics: NAV's counts and distinct contacts, what is not counted, the inclusive
date range, zero figures, one statement for many campaigns, and who may read them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from server.models import Role
from server.services.core.context import ServiceContext
from server.services.interactions.statistics import CampaignStatistics, campaign_statistics
from tests.builders import make_campaign
from tests.conftest import StatementCounter, make_ctx
from tests.services.interactions.statistics_builders import DAY, _contacts, _interaction, _log

pytestmark = pytest.mark.usefixtures("db")


async def test_figures_count_entries_and_distinct_contacts(manager: ServiceContext):
    campaign = await make_campaign(budgeted_cost=Decimal("1000"))
    other = await make_campaign()
    ann, bob, cay = await _contacts(3)
    await _log(
        _interaction(campaign, ann, campaign_target=True, cost=Decimal("10.00"), duration=5),
        _interaction(
            campaign,
            ann,
            campaign_target=True,
            campaign_response=True,
            cost=Decimal("2.50"),
            duration=Decimal("1.5"),
        ),
        _interaction(campaign, bob, campaign_target=True, cost=Decimal("0.10")),
        _interaction(campaign, cay, campaign_response=True, cost=Decimal("0.20"), duration=3),
        _interaction(other, ann, campaign_target=True, campaign_response=True, cost=7),
        _interaction(None, bob, campaign_target=True, cost=9),
    )

    stats = await campaign_statistics(manager, [campaign.id])

    figures = stats[campaign.id]
    assert (
        figures.target_contacts_contacted,
        figures.contacts_responded,
        figures.distinct_contacts_contacted,
        figures.distinct_contacts_responded,
    ) == (3, 2, 2, 2)
    # str() pins the scale too: rates have one decimal, money and durations two.
    assert [
        str(figures.response_rate_percent),
        str(figures.cost),
        str(figures.duration),
        str(figures.average_cost_per_response),
        str(figures.average_duration_per_response),
        str(figures.budgeted_cost),
    ] == ["66.7", "12.80", "9.50", "6.40", "4.75", "1000.00"]


async def test_cancelled_and_postponed_interactions_are_not_counted(manager: ServiceContext):
    campaign = await make_campaign()
    ann, bob = await _contacts(2)
    both = {"campaign_target": True, "campaign_response": True}
    await _log(
        _interaction(campaign, ann, cost=1, duration=1, **both),
        _interaction(campaign, bob, cost=20, duration=20, canceled=True, **both),
        _interaction(campaign, bob, cost=300, duration=300, postponed=True, **both),
        _interaction(campaign, bob, cost=4000, canceled=True, postponed=True, **both),
    )

    figures = (await campaign_statistics(manager, [campaign.id]))[campaign.id]

    assert (figures.target_contacts_contacted, figures.contacts_responded) == (1, 1)
    assert (figures.distinct_contacts_contacted, figures.distinct_contacts_responded) == (1, 1)
    assert (figures.cost, figures.duration) == (Decimal("1.00"), Decimal("1.00"))


async def test_the_date_range_is_inclusive_at_both_ends_and_may_be_open(manager: ServiceContext):
    campaign = await make_campaign()
    (ann,) = await _contacts(1)
    await _log(
        *[
            _interaction(campaign, ann, date=DAY + timedelta(days=n), campaign_target=True, cost=c)
            for n, c in enumerate([1, 10, 100, 1000])
        ]
    )

    async def contacted_and_cost(start: date | None, end: date | None) -> tuple[int, Decimal]:
        stats = await campaign_statistics(manager, [campaign.id], date_from=start, date_to=end)
        return stats[campaign.id].target_contacts_contacted, stats[campaign.id].cost

    second, third = DAY + timedelta(days=1), DAY + timedelta(days=2)
    assert await contacted_and_cost(second, third) == (2, Decimal("110.00"))
    assert await contacted_and_cost(second, second) == (1, Decimal("10.00"))
    assert await contacted_and_cost(None, second) == (2, Decimal("11.00"))
    assert await contacted_and_cost(third, None) == (2, Decimal("1100.00"))
    assert await contacted_and_cost(None, None) == (4, Decimal("1111.00"))
    # A range that ends before it starts holds no day at all.
    assert await contacted_and_cost(third, second) == (0, Decimal("0.00"))


async def test_campaigns_without_counted_responses_get_zero_figures(manager: ServiceContext):
    idle = await make_campaign(budgeted_cost=Decimal("250.50"))
    silent = await make_campaign()
    ann, bob = await _contacts(2)
    await _log(
        _interaction(silent, ann, campaign_target=True, cost=Decimal("3.30"), duration=4),
        _interaction(silent, bob, campaign_target=True, cost=Decimal("1.70")),
        _interaction(idle, ann, campaign_target=True, campaign_response=True, canceled=True),
    )

    stats = await campaign_statistics(manager, [idle.id, silent.id])

    assert stats[idle.id] == CampaignStatistics(
        target_contacts_contacted=0,
        contacts_responded=0,
        distinct_contacts_contacted=0,
        distinct_contacts_responded=0,
        response_rate_percent=Decimal("0.0"),
        cost=Decimal("0.00"),
        duration=Decimal("0.00"),
        average_cost_per_response=Decimal("0.00"),
        average_duration_per_response=Decimal("0.00"),
        budgeted_cost=Decimal("250.50"),
        revenue=Decimal("0.00"),
        roi=None,
    )
    assert str(stats[idle.id].cost) == "0.00"
    silent_figures = stats[silent.id]
    assert (silent_figures.target_contacts_contacted, silent_figures.contacts_responded) == (2, 0)
    assert [
        str(silent_figures.response_rate_percent),
        str(silent_figures.cost),
        str(silent_figures.average_cost_per_response),
        str(silent_figures.average_duration_per_response),
    ] == ["0.0", "5.00", "0.00", "0.00"]


async def test_many_campaigns_take_one_statement_and_unknown_ids_are_absent(
    manager: ServiceContext, sql: StatementCounter
):
    campaigns = [await make_campaign() for _ in range(5)]
    people = await _contacts(4)
    await _log(
        *[
            _interaction(c, p, campaign_target=True, cost=Decimal("1.25"))
            for c in campaigns[:4]
            for p in people
        ]
    )
    ids = [c.id for c in campaigns]
    unknown = max(ids) + 1000
    sql.statements.clear()

    stats = await campaign_statistics(manager, [*ids, unknown, ids[0], -7, 2**40])

    assert sql.count == 1, sql.statements
    assert sorted(stats) == sorted(ids)
    assert [stats[i].target_contacts_contacted for i in ids] == [4, 4, 4, 4, 0]
    assert [stats[i].cost for i in ids] == [Decimal("5.00")] * 4 + [Decimal("0.00")]


async def test_no_ids_need_no_statement(manager: ServiceContext, sql: StatementCounter):
    sql.statements.clear()

    assert await campaign_statistics(manager, []) == {}
    assert await campaign_statistics(manager, [2**40]) == {}
    assert sql.count == 0


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_may_read_statistics(role: Role):
    campaign = await make_campaign()
    (ann,) = await _contacts(1)
    await _log(_interaction(campaign, ann, campaign_target=True))

    stats = await campaign_statistics(make_ctx(role), [campaign.id])

    assert stats[campaign.id].target_contacts_contacted == 1
