"""Assigning an activity (K2, K3): one task per step, each dated from the start date."""

from __future__ import annotations

from datetime import date

import pytest

from server.models import (
    ActivityStep,
    Priority,
    Role,
    SegmentLine,
    Task,
    TaskAttendee,
    TaskType,
)
from server.services.activities import assign as svc
from server.services.core.context import ServiceContext
from server.services.core.errors import ErrorCode, PermissionDenied, ValidationFailed
from tests.builders import (
    make_activity,
    make_campaign,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
    make_segment,
    make_team,
)
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")

START = date(2018, 1, 10)
FAIR = [
    (TaskType.PHONE_CALL, "0D"),
    (TaskType.MEETING, "1W"),
    (TaskType.NONE, "CM+1D"),
    (TaskType.NONE, "2W"),
]


async def _tasks() -> list[Task]:
    return await Task.all().order_by("no")


async def test_each_step_is_dated_from_the_start_date_not_chained(manager: ServiceContext):
    ann = await make_salesperson(code="ANN")
    activity = await make_activity(FAIR, code="FAIR")
    await ActivityStep.filter(activity_id=activity.id, step_no=2).update(priority=Priority.HIGH)

    created = await svc.activity_assign(manager, "fair", START, salesperson_code="ann")

    tasks = await _tasks()
    assert [t.no for t in created] == [t.no for t in tasks] == [f"TD0000{n}" for n in (1, 2, 3, 4)]
    assert [t.date for t in tasks] == [
        date(2018, 1, 10),
        date(2018, 1, 17),
        date(2018, 2, 1),
        date(2018, 1, 24),
    ]
    assert [(t.type, t.priority, t.description) for t in tasks] == [
        (TaskType.PHONE_CALL, Priority.NORMAL, "Step 1"),
        (TaskType.MEETING, Priority.HIGH, "Step 2"),
        (TaskType.NONE, Priority.NORMAL, "Step 3"),
        (TaskType.NONE, Priority.NORMAL, "Step 4"),
    ]
    assert {(t.salesperson_id, t.team_id, t.activity_id) for t in tasks} == {
        (ann.id, None, activity.id)
    }
    assert await TaskAttendee.all().count() == 0


async def test_an_activity_without_steps_yields_one_task(manager: ServiceContext):
    await make_salesperson(code="ANN")
    await make_activity(code="PLAIN", description="Plain visit")

    await svc.activity_assign(manager, "PLAIN", START, salesperson_code="ANN")

    tasks = await _tasks()
    assert [(t.description, t.date, t.type) for t in tasks] == [
        ("Plain visit", START, TaskType.NONE)
    ]


async def test_k2_needs_the_activity_a_start_date_and_an_assignee(manager: ServiceContext):
    with pytest.raises(ValidationFailed) as caught:
        await svc.activity_assign(manager, "NOPE", None)

    assert {(e.code, e.field) for e in caught.value.errors} == {
        (ErrorCode.NOT_FOUND, ("activity_code",)),
        (ErrorCode.REQUIRED, ("start_date",)),
        (ErrorCode.REQUIRED, ("salesperson_code",)),
    }
    with pytest.raises(ValidationFailed) as blank:
        await svc.activity_assign(manager, " ", START, salesperson_code="X")
    assert (ErrorCode.REQUIRED, ("activity_code",)) in {
        (e.code, e.field) for e in blank.value.errors
    }
    assert await Task.all().count() == 0


async def test_a_team_with_a_meeting_step_needs_a_meeting_organizer(manager: ServiceContext):
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    await make_team([ann, bob], code="T1")
    await make_activity(FAIR, code="FAIR")

    with pytest.raises(ValidationFailed) as caught:
        await svc.activity_assign(manager, "FAIR", START, team_code="T1")

    assert [(e.code, e.field) for e in caught.value.errors] == [
        (ErrorCode.MEETING_ORGANIZER_REQUIRED, ("meeting_organizer_code",))
    ]
    assert await Task.all().count() == 0


async def test_team_tasks_have_members_and_contact_as_attendees_and_the_organizer_meets(
    manager: ServiceContext,
):
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    team = await make_team([ann, bob], code="T1")
    company = await make_contact(no="CO")
    person = await make_contact(company, no="PE")
    campaign = await make_campaign(no="CP1")
    await make_activity(FAIR[:2], code="FAIR")

    await svc.activity_assign(
        manager,
        "FAIR",
        START,
        team_code="T1",
        meeting_organizer_code="BOB",
        contact_no="PE",
        campaign_no="CP1",
    )

    tasks = await _tasks()
    assert [(t.type, t.team_id, t.salesperson_id) for t in tasks] == [
        (TaskType.PHONE_CALL, team.id, None),
        (TaskType.MEETING, team.id, bob.id),
    ]
    assert {(t.contact_id, t.contact_company_id, t.campaign_id) for t in tasks} == {
        (person.id, company.id, campaign.id)
    }
    for task in tasks:
        attendees = await TaskAttendee.filter(task_id=task.id).order_by("id")
        assert [(a.salesperson_id, a.contact_id) for a in attendees] == [
            (ann.id, None),
            (bob.id, None),
            (None, person.id),
        ]


async def test_a_segment_makes_one_task_per_step_per_contact(manager: ServiceContext):
    await make_salesperson(code="ANN")
    campaign = await make_campaign(no="CP1")
    segment = await make_segment(no="SEG1", campaign=campaign)
    first, second = await make_contact(no="C1"), await make_contact(no="C2")
    await SegmentLine.create(segment=segment, line_no=10000, contact=first)
    await SegmentLine.create(segment=segment, line_no=20000, contact=second)
    await make_activity(FAIR[:2], code="FAIR")

    created = await svc.activity_assign(
        manager, "FAIR", START, salesperson_code="ANN", segment_no="SEG1"
    )

    assert len(created) == 4
    tasks = await _tasks()
    assert [(t.contact_id, t.date) for t in tasks] == [
        (first.id, date(2018, 1, 10)),
        (first.id, date(2018, 1, 17)),
        (second.id, date(2018, 1, 10)),
        (second.id, date(2018, 1, 17)),
    ]
    assert {(t.segment_id, t.campaign_id) for t in tasks} == {(segment.id, campaign.id)}


async def test_a_date_leaving_the_calendar_refuses_the_whole_assignment(manager: ServiceContext):
    await make_salesperson(code="ANN")
    await make_activity([(TaskType.NONE, "0D"), (TaskType.NONE, "1Y")], code="FAR")

    with pytest.raises(ValidationFailed) as caught:
        await svc.activity_assign(manager, "FAR", date(2999, 6, 1), salesperson_code="ANN")

    assert [(e.code, e.field) for e in caught.value.errors] == [
        (ErrorCode.DATE_FORMULA_INVALID, ("start_date",))
    ]
    assert await Task.all().count() == 0


async def test_blocked_or_unknown_references_write_nothing(manager: ServiceContext):
    await make_salesperson(code="OLD", blocked=True)
    await make_activity(FAIR, code="FAIR")

    with pytest.raises(ValidationFailed) as caught:
        await svc.activity_assign(
            manager,
            "FAIR",
            START,
            salesperson_code="OLD",
            meeting_organizer_code="NOPE",
            contact_no="NOPE",
            segment_no="NOPE",
        )

    assert {(e.code, e.field[0]) for e in caught.value.errors} == {
        (ErrorCode.BLOCKED, "salesperson_code"),
        (ErrorCode.NOT_FOUND, "meeting_organizer_code"),
        (ErrorCode.NOT_FOUND, "contact_no"),
        (ErrorCode.NOT_FOUND, "segment_no"),
    }
    assert await Task.all().count() == 0


async def test_sales_assigns_for_themselves_or_their_teams_only():
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    await make_team([ann], code="MINE")
    await make_activity(FAIR[:1], code="CALL")
    sales = make_ctx(Role.SALES, salesperson="ANN")

    await svc.activity_assign(sales, "CALL", START)
    await svc.activity_assign(sales, "CALL", START, team_code="MINE")
    with pytest.raises(PermissionDenied):
        await svc.activity_assign(sales, "CALL", START, salesperson_code="BOB")

    tasks = await _tasks()
    assert [(t.salesperson_id, t.team_id is not None) for t in tasks] == [
        (ann.id, False),
        (None, True),
    ]
    assert bob.id not in {t.salesperson_id for t in tasks}


async def test_an_opportunity_lends_its_salesperson_contact_and_campaign_to_the_tasks(
    manager: ServiceContext,
):
    ann = await make_salesperson(code="ANN")
    contact = await make_contact(no="CT1")
    campaign = await make_campaign(no="CP1")
    opportunity = await make_opportunity(
        no="OP1",
        contact=contact,
        salesperson=ann,
        campaign=campaign,
        sales_cycle=await make_sales_cycle(),
    )
    await make_activity(FAIR[:2], code="FAIR")

    created = await svc.activity_assign(manager, "FAIR", START, opportunity_no="op1")

    assert {(t.opportunity_id, t.salesperson_id, t.contact_id, t.campaign_id) for t in created} == {
        (opportunity.id, ann.id, contact.id, campaign.id)
    }
    with pytest.raises(ValidationFailed) as exc:
        await svc.activity_assign(
            manager, "FAIR", START, salesperson_code="ANN", opportunity_no="NOPE"
        )
    assert [(e.code, e.field) for e in exc.value.errors] == [
        (ErrorCode.NOT_FOUND, ("opportunity_no",))
    ]
    assert await Task.all().count() == 2
