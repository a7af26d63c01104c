"""The demo company loads through the services and is idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.models import (
    Activity,
    Campaign,
    CampaignStatus,
    Contact,
    ContactType,
    Interaction,
    InteractionGroup,
    InteractionTemplate,
    Salesperson,
    Segment,
    SegmentLine,
    SegmentStatus,
    Task,
    Team,
)
from server.services import contact, statistics
from server.services.demo import load_demo
from server.services.demo_contacts import demo_contacts
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


async def test_demo_loads_once_and_reruns_add_nothing():
    first = await load_demo(make_ctx())
    second = await load_demo(make_ctx())

    assert first == "demo company ready (805 records added)"
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
    assert await Activity.all().count() == 3
    assert await Task.all().count() == 11
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
