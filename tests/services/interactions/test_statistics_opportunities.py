"""Campaign statistics (T5): the opportunity figures, summed over the active entries of the
campaign's opportunities created within the date range."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from server.models import ActionTaken, Campaign, Opportunity, OpportunityEntry, Salesperson
from server.services.core.context import ServiceContext
from server.services.interactions.statistics import campaign_statistics
from tests.builders import make_campaign
from tests.conftest import StatementCounter
from tests.services.interactions.statistics_builders import DAY, _contact_batch, _contacts

pytestmark = pytest.mark.usefixtures("db")


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
