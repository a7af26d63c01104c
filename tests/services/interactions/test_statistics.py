"""Campaign statistics (T1-T5, T7): NAV's counts, distinct contacts, exact money, one statement."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import pytest

from server.models import (
    ActionTaken,
    Campaign,
    Contact,
    ContactType,
    Interaction,
    Opportunity,
    OpportunityEntry,
    Role,
    Salesperson,
)
from server.services.core.context import ServiceContext
from server.services.interactions.statistics import CampaignStatistics, campaign_statistics
from tests.builders import make_campaign
from tests.conftest import BACKEND, StatementCounter, make_ctx

pytestmark = pytest.mark.usefixtures("db")

DAY = date(2026, 3, 1)
_contact_batch = iter(range(1, 10**6))


async def _contacts(count: int) -> list[int]:
    """Ids of `count` new company contacts."""
    prefix = f"ST{next(_contact_batch)}-"
    await Contact.bulk_create(
        [
            Contact(no=f"{prefix}{i:03d}", type=ContactType.COMPANY, name=f"C{i}")
            for i in range(count)
        ]
    )
    ids = await Contact.filter(no__startswith=prefix).order_by("no").values_list("id", flat=True)
    return list(ids)


def _interaction(campaign: Campaign | None, contact_id: int, **values: Any) -> Interaction:
    """An interaction as logging would leave it, with the given values."""
    values.setdefault("date", DAY)
    return Interaction(
        contact_id=contact_id,
        campaign_id=campaign.id if campaign else None,
        description="Interaction",
        user="test",
        **values,
    )


async def _log(*interactions: Interaction) -> None:
    await Interaction.bulk_create(list(interactions))


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


@pytest.mark.parametrize(
    ("contacted", "responded", "rate"),
    [
        (3, 1, "33.3"),
        (3, 2, "66.7"),
        (16, 1, "6.3"),  # 6.25: half up, where half-even would give 6.2
        (8, 1, "12.5"),
        (7, 7, "100.0"),
        (1, 2, "200.0"),  # responses need not come from targeted interactions
        (0, 2, "0.0"),
    ],
)
async def test_the_response_rate_is_rounded_half_up_to_one_decimal(
    manager: ServiceContext, contacted: int, responded: int, rate: str
):
    campaign = await make_campaign()
    people = await _contacts(max(contacted, responded))
    await _log(
        *[_interaction(campaign, people[i], campaign_target=True) for i in range(contacted)],
        *[_interaction(campaign, people[i], campaign_response=True) for i in range(responded)],
    )

    figures = (await campaign_statistics(manager, [campaign.id]))[campaign.id]

    assert str(figures.response_rate_percent) == rate


async def test_averages_per_response_are_rounded_half_up_to_cents(manager: ServiceContext):
    halves, thirds = await make_campaign(), await make_campaign()
    people = await _contacts(3)
    await _log(
        # 0.05 / 2 = 0.025 -> 0.03 (half up); 2.00 / 2 = 1.00
        _interaction(halves, people[0], campaign_response=True, cost=Decimal("0.01"), duration=2),
        _interaction(halves, people[1], campaign_response=True, cost=Decimal("0.04")),
        # 1.00 / 3 = 0.333.. -> 0.33; 2.00 / 3 = 0.666.. -> 0.67
        *[
            _interaction(thirds, p, campaign_response=True, cost=Decimal("0.20") * (i + 1))
            for i, p in enumerate(people[:2])
        ],
        _interaction(thirds, people[2], campaign_response=True, cost=Decimal("0.40"), duration=2),
    )

    stats = await campaign_statistics(manager, [halves.id, thirds.id])

    assert (
        str(stats[halves.id].average_cost_per_response),
        str(stats[halves.id].average_duration_per_response),
    ) == ("0.03", "1.00")
    assert (
        str(stats[thirds.id].average_cost_per_response),
        str(stats[thirds.id].average_duration_per_response),
    ) == ("0.33", "0.67")


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


async def test_money_is_summed_exactly(manager: ServiceContext):
    tenths, large, many = await make_campaign(), await make_campaign(), await make_campaign()
    (ann,) = await _contacts(1)
    await _log(
        _interaction(tenths, ann, cost=Decimal("0.10"), duration=Decimal("0.10")),
        _interaction(tenths, ann, cost=Decimal("0.20"), duration=Decimal("0.20")),
        _interaction(large, ann, cost=Decimal("12345678901234.99"), duration=Decimal("0.01")),
        _interaction(large, ann, cost=Decimal("0.01"), duration=Decimal("999999999999999.99")),
        *[_interaction(many, ann, cost=Decimal("0.10")) for _ in range(10)],
        *[_interaction(many, ann, cost=Decimal("999999999999999.99")) for _ in range(3)],
    )

    stats = await campaign_statistics(manager, [tenths.id, large.id, many.id])

    assert (str(stats[tenths.id].cost), str(stats[tenths.id].duration)) == ("0.30", "0.30")
    assert str(stats[large.id].cost) == "12345678901235.00"
    assert str(stats[large.id].duration) == "1000000000000000.00"
    assert str(stats[many.id].cost) == "3000000000000000.97"


async def test_amounts_stored_in_any_text_form_are_summed_as_the_orm_reads_them(
    manager: ServiceContext, sql: StatementCounter
):
    # On SQLite the stored text is str(Decimal): a default is "0", an update keeps the
    # value's own form ("7.5", "1E+1", "0.125", "-0.50"). Plain forms are summed in SQL;
    # the others are added from a second look-up, the way the ORM reads them.
    campaign = await make_campaign()
    (ann,) = await _contacts(1)
    await _log(*[_interaction(campaign, ann) for _ in range(7)])
    entry_nos = await Interaction.filter(campaign_id=campaign.id).values_list("entry_no", flat=True)
    forms = ["7.5", "1E+1", "0.125", "-0.50", "3", "1.05", "100000000000000000"]
    for entry_no, form in zip(sorted(entry_nos), forms, strict=True):
        await Interaction.filter(entry_no=entry_no).update(cost=Decimal(form))
    await Interaction.filter(entry_no=min(entry_nos)).update(duration=Decimal("2E+1"))
    read = await Interaction.filter(campaign_id=campaign.id)
    sql.statements.clear()

    figures = (await campaign_statistics(manager, [campaign.id]))[campaign.id]

    assert figures.cost == sum(i.cost for i in read)
    assert figures.duration == sum(i.duration for i in read) == Decimal("20.00")
    assert sql.count == (2 if BACKEND == "sqlite" else 1)


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


# --- T5: opportunity figures -------------------------------------------------------------


async def _opportunity_entries(
    campaign: Campaign, created: date, *entries: tuple[bool, str, str]
) -> None:
    """One opportunity of `campaign` with entries (active, estimated, calculated value)."""
    n = next(_contact_batch)
    (contact_id,) = await _contacts(1)
    person = await Salesperson.create(code=f"SP{n}", name="Sales")
    opportunity = await Opportunity.create(
        no=f"OPS{n}",
        description="Deal",
        contact_id=contact_id,
        salesperson=person,
        campaign=campaign,
        creation_date=created,
    )
    for active, estimated, current in entries:
        await OpportunityEntry.create(
            opportunity=opportunity,
            stage=1,
            active=active,
            date_of_change=created,
            action_taken=ActionTaken.NEXT,
            estimated_value=Decimal(estimated),
            calculated_current_value=Decimal(current),
        )


async def test_t5_sums_the_active_entries_of_the_campaigns_opportunities(
    manager: ServiceContext, sql: StatementCounter
):
    campaign, other, empty = await make_campaign(), await make_campaign(), await make_campaign()
    await _opportunity_entries(campaign, DAY, (False, "1.00", "1.00"), (True, "1000.10", "250.03"))
    await _opportunity_entries(campaign, DAY, (True, "0.20", "0.10"))
    await _opportunity_entries(campaign, DAY)  # not started: no active entry
    await _opportunity_entries(other, DAY, (True, "5.00", "5.00"))
    sql.statements.clear()

    stats = await campaign_statistics(manager, [campaign.id, other.id, empty.id])

    assert sql.count == 1
    figures = stats[campaign.id]
    assert (figures.opportunity_count, figures.estimated_value) == (2, Decimal("1000.30"))
    assert figures.calculated_current_value == Decimal("250.13")
    assert (stats[other.id].opportunity_count, stats[other.id].estimated_value) == (
        1,
        Decimal("5.00"),
    )
    assert (stats[empty.id].opportunity_count, str(stats[empty.id].estimated_value)) == (0, "0.00")
    assert str(stats[empty.id].calculated_current_value) == "0.00"


async def test_t5_takes_opportunities_created_within_the_date_range(manager: ServiceContext):
    campaign = await make_campaign()
    for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=9), DAY + timedelta(days=10)):
        await _opportunity_entries(campaign, day, (True, "10.00", "1.00"))

    ranged = await campaign_statistics(
        manager, [campaign.id], date_from=DAY, date_to=DAY + timedelta(days=9)
    )
    since = await campaign_statistics(manager, [campaign.id], date_from=DAY)

    assert (ranged[campaign.id].opportunity_count, ranged[campaign.id].estimated_value) == (
        2,
        Decimal("20.00"),
    )
    assert since[campaign.id].opportunity_count == 3


async def test_t5_values_stored_in_any_text_form_are_summed_as_the_orm_reads_them(
    manager: ServiceContext,
):
    campaign = await make_campaign()
    await _opportunity_entries(campaign, DAY, (True, "1.00", "1.00"))
    await _opportunity_entries(campaign, DAY, (True, "2.00", "2.00"))
    first, second = await OpportunityEntry.all().order_by("entry_no")
    await OpportunityEntry.filter(entry_no=first.entry_no).update(estimated_value=Decimal("1E+1"))
    await OpportunityEntry.filter(entry_no=second.entry_no).update(
        calculated_current_value=Decimal("0.125")
    )
    read = await OpportunityEntry.all()

    figures = (await campaign_statistics(manager, [campaign.id]))[campaign.id]

    assert figures.estimated_value == sum(e.estimated_value for e in read) == Decimal("12.00")
    assert figures.calculated_current_value == sum(e.calculated_current_value for e in read)
