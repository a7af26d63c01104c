"""Campaign statistics' arithmetic (T3, T4): the response rate and the averages per response rounded
half up, and money summed exactly whatever text form the amounts are stored in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from server.models import Interaction
from server.services.core.context import ServiceContext
from server.services.interactions.statistics import campaign_statistics
from tests.builders import make_campaign
from tests.conftest import BACKEND, StatementCounter
from tests.services.interactions.statistics_builders import _contacts, _interaction, _log

pytestmark = pytest.mark.usefixtures("db")


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
