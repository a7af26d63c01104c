"""The demo company loads through the services and is idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.demo.company import load_demo
from server.demo.contacts import demo_contacts
from server.demo.parties import demo_customers
from server.models import (
    Activity,
    Campaign,
    CampaignStatus,
    CampaignTarget,
    Contact,
    ContactType,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    DiscountLine,
    DiscountSourceType,
    Interaction,
    InteractionGroup,
    InteractionTemplate,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
    Opportunity,
    OpportunityEntry,
    OpportunityStatus,
    PriceLine,
    PriceSourceType,
    SalesCycle,
    Salesperson,
    Segment,
    SegmentLine,
    SegmentStatus,
    Task,
    Team,
)
from server.services.contacts import contact
from server.services.customers import customer
from server.services.interactions import statistics
from server.services.items import item
from server.services.pricing import activation
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


async def test_demo_loads_once_and_reruns_add_nothing():
    first = await load_demo(make_ctx())
    second = await load_demo(make_ctx())

    assert first == "demo company ready (998 records added)"
    assert second == "demo company ready (0 records added)"
    assert await CampaignStatus.all().count() == 5
    assert await Salesperson.all().count() == 10
    assert await Team.all().count() == 3
    assert await Campaign.all().count() == 8
    running = await Campaign.filter(status__code="RUNNING").count()
    assert running == 3
    assert await InteractionGroup.all().count() == 5
    assert await InteractionTemplate.all().count() == 9
    assert await Contact.filter(type=ContactType.COMPANY).count() == 60
    assert await Contact.filter(type=ContactType.PERSON).count() == 213
    assert await Segment.filter(status=SegmentStatus.LOGGED).count() == 4
    assert await Segment.filter(status=SegmentStatus.OPEN).count() == 2
    assert await Interaction.filter(segment_id__isnull=True).count() == 120
    assert await Activity.all().count() == 4  # 3 for tasks, 1 for a sales cycle stage
    assert await Task.all().count() == 15  # 4 made by opportunities entering a stage
    assert await Task.filter(closed=True).count() == 2


async def test_demo_campaigns_have_figures_and_an_open_segment_with_untargeted_lines():
    await load_demo(make_ctx())
    fair = await Campaign.get(no="CP00003")
    roadshow = await Segment.get(no="SEG00005")

    figures = (await statistics.campaign_statistics(make_ctx(), [fair.id]))[fair.id]

    assert figures.target_contacts_contacted > 15  # companies and their persons
    assert figures.contacts_responded > 0
    assert figures.cost > 0
    assert await SegmentLine.filter(segment_id=roadshow.id, campaign_target=False).count() == 3
    assert await Interaction.filter(evaluation__isnull=False).exists()


async def test_demo_contacts_are_deterministic_and_keep_the_contact_rules():
    await load_demo(make_ctx())

    companies = await Contact.filter(type=ContactType.COMPANY).prefetch_related("persons")
    persons = await Contact.filter(type=ContactType.PERSON).prefetch_related("company")

    assert demo_contacts() == demo_contacts()
    assert all(3 <= len(c.persons) <= 4 and c.company_id is None for c in companies)  # type: ignore[attr-defined]
    assert all(p.company is not None and p.company.type is ContactType.COMPANY for p in persons)
    assert len({c.name for c in companies}) == 60
    assert await Contact.filter(blocked=True).count() == 6
    assert await Contact.filter(salesperson__code="AH").exists()


async def test_a_contact_created_after_the_demo_gets_the_next_free_number():
    await load_demo(make_ctx())

    created = await contact.create_contact(
        make_ctx(), contact.ContactDraft(type=ContactType.COMPANY, name="After the demo")
    )

    assert created.no == "CT00274"


async def test_demo_templates_carry_their_defaults():
    await load_demo(make_ctx())

    fair = await InteractionTemplate.get(code="TRADESHOW").prefetch_related("group", "campaign")

    assert (fair.group.code, fair.campaign and fair.campaign.no) == ("EVENT", "CP00003")
    assert (str(fair.unit_cost), str(fair.unit_duration)) == ("85.00", "30.00")
    assert (fair.campaign_target, fair.campaign_response) == (True, True)


async def test_demo_customers_are_linked_to_companies_and_items_have_their_units():
    await load_demo(make_ctx())

    customers = await Customer.all().prefetch_related("contact")
    companies = await Contact.filter(type=ContactType.COMPANY).count()
    items = await Item.all().prefetch_related("units_of_measure")

    assert demo_customers() == demo_customers()
    assert len(customers) == 54  # every tenth of the 60 companies is a prospect
    assert companies - len(customers) == 6
    assert all(c.contact is not None and c.contact.type is ContactType.COMPANY for c in customers)
    assert all(c.name == c.contact.name for c in customers if c.contact is not None)
    assert len({c.contact_id for c in customers}) == 54
    assert await Customer.filter(price_group__code="WHOLESALE").count() == 18
    assert await Customer.filter(discount_group_id__isnull=True).count() == 0
    assert await CustomerPriceGroup.all().count() == 3
    assert await CustomerDiscountGroup.all().count() == 3
    assert await ItemDiscountGroup.all().count() == 4
    assert len(items) == 20
    assert all(i.base_unit_of_measure == "PCS" and i.unit_price > 0 for i in items)
    assert await ItemUnitOfMeasure.filter(code="PCS", quantity_per_unit=1).count() == 20
    assert await ItemUnitOfMeasure.filter(code="PALLET", quantity_per_unit=200).count() == 20
    assert await ItemUnitOfMeasure.filter(code="BOX", quantity_per_unit=10).count() == 6


async def test_customers_and_items_created_after_the_demo_get_the_next_free_numbers():
    await load_demo(make_ctx())
    ctx = make_ctx()

    new_customer = await customer.create_customer(ctx, customer.CustomerDraft(name="Walk-in"))
    new_item = await item.create_item(
        ctx, item.ItemDraft(description="Chair mat", base_unit_of_measure="PCS")
    )

    assert (new_customer.no, new_item.no) == ("C00055", "I00021")


async def test_demo_tasks_come_from_activities_dated_from_today():
    ctx = make_ctx()
    await load_demo(ctx)
    today = ctx.clock.today()

    onboarding = await Task.filter(activity__code="ONBOARD").order_by("no")
    team_meeting = await Task.get(activity__code="KEY-VISIT", type="MEETING")

    assert onboarding[0].date == today
    assert onboarding[1].date == today + timedelta(days=7)
    assert team_meeting.salesperson_id is not None  # the meeting organizer holds it
    assert await Task.filter(closed=False, date__lt=today).exists()  # something is overdue


async def test_demo_pricing_has_every_source_and_two_activated_campaigns():
    await load_demo(make_ctx())

    sources = set(await PriceLine.all().values_list("source_type", flat=True))
    discounts = set(await DiscountLine.all().values_list("source_type", flat=True))
    activated = await activation.activated_campaign_ids(
        make_ctx(), await Campaign.all().values_list("id", flat=True)
    )
    winter = await PriceLine.get(item__no="I00001", source_code="CP00004").prefetch_related(
        "campaign"
    )

    assert await PriceLine.all().count() == 10
    assert await DiscountLine.all().count() == 6
    assert sources == set(PriceSourceType)
    assert discounts == set(DiscountSourceType)
    assert {c.no for c in await Campaign.filter(id__in=activated)} == {
        "CP00003",
        "CP00004",
        "CP00005",
    }
    assert (winter.starting_date, winter.ending_date) == (
        winter.campaign.starting_date,
        winter.campaign.ending_date,
    )
    assert await CampaignTarget.filter(campaign__no="CP00004").count() > 10


async def test_demo_opportunities_move_through_their_cycles_and_show_in_statistics():
    await load_demo(make_ctx())
    fair = await Campaign.get(no="CP00003")

    figures = (await statistics.campaign_statistics(make_ctx(), [fair.id]))[fair.id]

    assert await SalesCycle.all().count() == 2
    statuses = sorted(await Opportunity.all().values_list("status", flat=True))
    assert statuses == sorted(
        [
            OpportunityStatus.WON,
            OpportunityStatus.LOST,
            OpportunityStatus.IN_PROGRESS,
            OpportunityStatus.IN_PROGRESS,
        ]
    )
    for opportunity in await Opportunity.all():
        assert await OpportunityEntry.filter(opportunity=opportunity, active=True).count() == 1
    assert figures.opportunity_count == 2  # one won, one lost
    assert figures.estimated_value > figures.calculated_current_value > 0
    assert await Task.filter(opportunity__description="Office fit-out").count() == 2
