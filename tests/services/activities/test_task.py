"""Tasks: K1 create/update, K4 close/cancel/reopen, K5 meetings, and SALES own vs others'."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from server.models import Priority, Role, Task, TaskAttendee, TaskStatus, TaskType
from server.services.activities import task as svc
from server.services.activities import task_queries as queries
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from tests.builders import (
    make_campaign,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
    make_segment,
    make_task,
    make_team,
)
from tests.conftest import TODAY, make_ctx

pytestmark = pytest.mark.usefixtures("db")

DAY = date(2026, 4, 1)


async def _attendees(task: Task) -> list[tuple[int | None, int | None]]:
    rows = await TaskAttendee.filter(task_id=task.id).order_by("id")
    return [(a.salesperson_id, a.contact_id) for a in rows]


async def test_create_draws_a_number_and_resolves_every_reference(manager: ServiceContext):
    ann = await make_salesperson(code="ANN")
    company = await make_contact(no="CO")
    person = await make_contact(company, no="PE")
    campaign = await make_campaign(no="CP1")
    segment = await make_segment(no="SEG1")

    task = await svc.create_task(
        manager,
        svc.TaskDraft(
            description=" Call back ",
            type=TaskType.PHONE_CALL,
            date=DAY,
            start_time=time(9, 30),
            duration=Decimal("15"),
            priority=Priority.HIGH,
            salesperson_code="ann",
            contact_no="pe",
            campaign_no="cp1",
            segment_no="seg1",
        ),
    )

    stored = await Task.get(id=task.id)
    assert stored.no == "TD00001"
    assert (stored.description, stored.type, stored.date) == ("Call back", TaskType.PHONE_CALL, DAY)
    assert (stored.start_time, stored.duration, stored.priority) == (
        "09:30:00",
        Decimal("15.00"),
        Priority.HIGH,
    )
    assert stored.status is TaskStatus.NOT_STARTED
    assert (stored.salesperson_id, stored.team_id) == (ann.id, None)
    assert (stored.contact_id, stored.contact_company_id) == (person.id, company.id)
    assert (stored.campaign_id, stored.segment_id) == (campaign.id, segment.id)
    assert stored.created_by == "test-manager"
    assert await _attendees(stored) == [(None, person.id)]


async def test_k1_a_task_needs_an_assignee_a_date_and_a_description(manager: ServiceContext):
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_task(manager, svc.TaskDraft(description=" "))

    assert {(e.code, e.field) for e in caught.value.errors} == {
        (ErrorCode.REQUIRED, ("description",)),
        (ErrorCode.REQUIRED, ("date",)),
        (ErrorCode.REQUIRED, ("salesperson_code",)),
    }
    assert await Task.all().count() == 0


async def test_create_refuses_unknown_references_and_blocked_salespeople(
    manager: ServiceContext,
):
    await make_salesperson(code="OLD", blocked=True)

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_task(
            manager,
            svc.TaskDraft(
                description="X",
                date=DAY,
                salesperson_code="OLD",
                team_code="NOPE",
                contact_no="NOPE",
                campaign_no="NOPE",
                segment_no="NOPE",
            ),
        )

    assert {(e.code, e.field[0]) for e in caught.value.errors} == {
        (ErrorCode.BLOCKED, "salesperson_code"),
        (ErrorCode.NOT_FOUND, "team_code"),
        (ErrorCode.NOT_FOUND, "contact_no"),
        (ErrorCode.NOT_FOUND, "campaign_no"),
        (ErrorCode.NOT_FOUND, "segment_no"),
    }
    assert await Task.all().count() == 0


async def test_a_team_task_has_the_members_and_the_contact_as_attendees(
    manager: ServiceContext,
):
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    await make_team([bob, ann], code="T1")
    company = await make_contact(no="CO")

    task = await svc.create_task(
        manager,
        svc.TaskDraft(no="t-1", description="Visit", date=DAY, team_code="t1", contact_no="CO"),
    )

    stored = await Task.get(no="T-1")
    assert stored.salesperson_id is None
    assert (stored.contact_id, stored.contact_company_id) == (company.id, company.id)
    assert await _attendees(task) == [(ann.id, None), (bob.id, None), (None, company.id)]


async def test_update_changes_fields_and_regroups_attendees(manager: ServiceContext):
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    await make_team([bob], code="T1")
    task = await make_task(no="T", salesperson=ann)

    await svc.update_task(
        manager,
        "t",
        svc.TaskChanges(
            description="Changed",
            date=DAY,
            status=TaskStatus.IN_PROGRESS,
            team_code="T1",
            salesperson_code=None,
            duration=None,
        ),
    )

    stored = await Task.get(id=task.id)
    assert (stored.description, stored.date, stored.status) == (
        "Changed",
        DAY,
        TaskStatus.IN_PROGRESS,
    )
    assert (stored.salesperson_id, stored.team_id is not None) == (None, True)
    assert await _attendees(stored) == [(bob.id, None)]


async def test_update_keeps_k1_and_refuses_completing_by_status(manager: ServiceContext):
    task = await make_task(no="T", salesperson=await make_salesperson(), description="Kept")

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_task(
            manager,
            "T",
            svc.TaskChanges(
                description="New", salesperson_code=None, date=None, status=TaskStatus.COMPLETED
            ),
        )

    assert {(e.code, e.field) for e in caught.value.errors} == {
        (ErrorCode.REQUIRED, ("salesperson_code",)),
        (ErrorCode.REQUIRED, ("date",)),
        (ErrorCode.INVALID, ("status",)),
    }
    assert (await Task.get(id=task.id)).description == "Kept"


@pytest.mark.parametrize(
    ("before", "after"),
    [(TaskType.MEETING, TaskType.PHONE_CALL), (TaskType.NONE, TaskType.MEETING)],
)
async def test_k5_a_meeting_stays_a_meeting_and_nothing_becomes_one(
    manager: ServiceContext, before: TaskType, after: TaskType
):
    task = await make_task(no="T", salesperson=await make_salesperson(), type=before)

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_task(manager, "T", svc.TaskChanges(type=after))

    assert [(e.code, e.field) for e in caught.value.errors] == [
        (ErrorCode.TASK_TYPE_CHANGE, ("type",))
    ]
    assert (await Task.get(id=task.id)).type is before


async def test_k5_other_type_changes_are_allowed(manager: ServiceContext):
    task = await make_task(no="T", salesperson=await make_salesperson(), type=TaskType.NONE)

    await svc.update_task(manager, "T", svc.TaskChanges(type=TaskType.PHONE_CALL))

    assert (await Task.get(id=task.id)).type is TaskType.PHONE_CALL


async def test_k4_close_a_team_task_records_who_completed_it():
    ann = await make_salesperson(code="ANN")
    team = await make_team([ann], code="T1")
    task = await make_task(no="T", team=team, status=TaskStatus.IN_PROGRESS)

    await svc.close_task(make_ctx(Role.SALES, salesperson="ANN"), "T")

    stored = await Task.get(id=task.id)
    assert (stored.status, stored.closed, stored.canceled) == (TaskStatus.COMPLETED, True, False)
    assert (stored.date_closed, stored.completed_by) == (TODAY.date(), "ANN")
    with pytest.raises(DomainError) as caught:
        await svc.close_task(make_ctx(Role.MANAGER), "T")
    assert caught.value.code is ErrorCode.INVALID


async def test_k4_a_personal_task_records_no_completed_by(manager: ServiceContext):
    task = await make_task(no="T", salesperson=await make_salesperson())

    await svc.close_task(manager, "T")

    stored = await Task.get(id=task.id)
    assert (stored.closed, stored.completed_by) == (True, None)


async def test_k4_cancel_closes_and_reopen_clears_everything(manager: ServiceContext):
    task = await make_task(no="T", salesperson=await make_salesperson())

    await svc.cancel_task(manager, "T")
    cancelled = await Task.get(id=task.id)
    assert (cancelled.closed, cancelled.canceled, cancelled.date_closed) == (
        True,
        True,
        TODAY.date(),
    )
    assert cancelled.status is TaskStatus.NOT_STARTED
    with pytest.raises(DomainError):
        await svc.cancel_task(manager, "T")

    await svc.reopen_task(manager, "T")
    reopened = await Task.get(id=task.id)
    assert (reopened.closed, reopened.canceled, reopened.date_closed) == (False, False, None)
    with pytest.raises(DomainError) as caught:
        await svc.reopen_task(manager, "T")
    assert caught.value.code is ErrorCode.INVALID


async def test_reopen_after_close_resets_the_status(manager: ServiceContext):
    ann = await make_salesperson(code="ANN")
    task = await make_task(no="T", team=await make_team([ann]))
    await svc.close_task(make_ctx(Role.MANAGER, salesperson="ANN"), "T")

    await svc.reopen_task(manager, "T")

    stored = await Task.get(id=task.id)
    assert (stored.status, stored.completed_by, stored.closed) == (
        TaskStatus.NOT_STARTED,
        None,
        False,
    )


async def test_unknown_tasks_are_not_found(manager: ServiceContext):
    with pytest.raises(DomainError) as caught:
        await svc.close_task(manager, "NOPE")
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, ("no",))


# --- SALES: own tasks and their teams' -------------------------------------------------------


async def test_sales_creates_for_themselves_by_default_and_for_their_teams():
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    await make_team([ann], code="MINE")
    await make_team([bob], code="OTHER")
    sales = make_ctx(Role.SALES, salesperson="ANN")

    own = await svc.create_task(sales, svc.TaskDraft(description="Mine", date=DAY))
    team = await svc.create_task(
        sales, svc.TaskDraft(description="Ours", date=DAY, team_code="MINE")
    )
    with pytest.raises(PermissionDenied):
        await svc.create_task(
            sales, svc.TaskDraft(description="His", date=DAY, salesperson_code="BOB")
        )
    with pytest.raises(PermissionDenied):
        await svc.create_task(
            sales, svc.TaskDraft(description="Theirs", date=DAY, team_code="OTHER")
        )

    assert (await Task.get(id=own.id)).salesperson_id == ann.id
    assert (await Task.get(id=team.id)).salesperson_id is None
    assert await Task.all().count() == 2


async def test_sales_changes_only_tasks_of_themselves_or_their_teams():
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    await make_task(no="MINE", salesperson=ann)
    await make_task(no="TEAM", team=await make_team([ann, bob]))
    await make_task(no="HIS", salesperson=bob, description="His")
    sales = make_ctx(Role.SALES, salesperson="ANN")

    await svc.update_task(sales, "MINE", svc.TaskChanges(description="Mine"))
    await svc.close_task(sales, "TEAM")
    for operation in (svc.close_task, svc.cancel_task, svc.reopen_task):
        with pytest.raises(PermissionDenied):
            await operation(sales, "HIS")
    with pytest.raises(PermissionDenied):
        await svc.update_task(sales, "HIS", svc.TaskChanges(description="Mine now"))
    with pytest.raises(PermissionDenied):
        await svc.update_task(sales, "MINE", svc.TaskChanges(salesperson_code="BOB"))

    assert (await Task.get(no="HIS")).description == "His"
    assert (await Task.get(no="MINE")).salesperson_id == ann.id
    assert (await Task.get(no="TEAM")).closed is True


async def test_viewers_cannot_create_tasks():
    await make_salesperson(code="ANN")
    with pytest.raises(PermissionDenied):
        await svc.create_task(
            make_ctx(Role.VIEWER),
            svc.TaskDraft(description="X", date=DAY, salesperson_code="ANN"),
        )


# --- reads -----------------------------------------------------------------------------------


async def test_filters_and_overdue(manager: ServiceContext):
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    team = await make_team([bob], code="T1")
    campaign = await make_campaign(no="CP1")
    contact = await make_contact(no="CO")
    today = TODAY.date()
    await make_task(no="LATE", salesperson=ann, date=today - timedelta(days=1), campaign=campaign)
    await make_task(no="DONE", salesperson=ann, date=today - timedelta(days=3), closed=True)
    await make_task(no="NOW", team=team, date=today, contact=contact, status=TaskStatus.WAITING)
    opportunity = await make_opportunity(
        no="OP1",
        contact=contact,
        salesperson=ann,
        sales_cycle=await make_sales_cycle([("10", "50")]),
    )
    await Task.filter(no="DONE").update(opportunity_id=opportunity.id)

    async def nos(**criteria: object) -> list[str]:
        query = queries.tasks_query(manager, queries.TaskFilter(**criteria))  # type: ignore[arg-type]
        return sorted(await query.values_list("no", flat=True))  # type: ignore[type-var]

    assert await nos() == ["DONE", "LATE", "NOW"]
    assert await nos(overdue=True) == ["LATE"]
    assert await nos(overdue=False) == ["DONE", "NOW"]
    assert await nos(salesperson_codes=["ann"]) == ["DONE", "LATE"]
    assert await nos(team_code="t1") == ["NOW"]
    assert await nos(status=TaskStatus.WAITING) == ["NOW"]
    assert await nos(date_from=today - timedelta(days=1), date_to=today - timedelta(days=1)) == [
        "LATE"
    ]
    assert await nos(campaign_no="cp1") == ["LATE"]
    assert await nos(contact_no="co") == ["NOW"]
    assert await nos(opportunity_no="op1") == ["DONE"]
    assert await nos(closed=True) == ["DONE"]
    assert (await queries.task_by_no(manager, "late")) is not None
    assert await queries.task_by_no(manager, "nope") is None


async def test_open_tasks_are_the_viewers_own_and_their_teams_by_date():
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    team = await make_team([ann, bob])
    await make_task(no="B", salesperson=ann, date=DAY)
    await make_task(no="A", team=team, date=DAY - timedelta(days=1))
    await make_task(no="C", salesperson=ann, date=DAY, closed=True)
    await make_task(no="D", salesperson=bob, date=DAY)

    mine = await queries.open_tasks_for(make_ctx(Role.SALES, salesperson="ANN"))

    assert [t.no for t in mine] == ["A", "B"]
    assert await queries.open_tasks_for(make_ctx(Role.MANAGER)) == []
