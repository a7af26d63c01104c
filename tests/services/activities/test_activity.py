"""Activities: steps in order, date formulas checked at input time, delete while unused."""

from __future__ import annotations

import pytest

from server.models import Activity, ActivityStep, Priority, Role, TaskType
from server.services.activities import activity as svc
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from tests.builders import make_activity, make_salesperson, make_task
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


async def _steps(activity: Activity) -> list[tuple[int, str, str, str, str]]:
    rows = await ActivityStep.filter(activity_id=activity.id).order_by("step_no")
    return [
        (s.step_no, s.type.value, s.priority.value, s.description, s.date_formula) for s in rows
    ]


async def test_create_stores_steps_in_order_with_neutral_formulas(manager: ServiceContext):
    activity = await svc.create_activity(
        manager,
        svc.ActivityDraft(
            code=" fair ",
            description="Trade show follow-up",
            steps=[
                svc.StepDraft(description="Call", type=TaskType.PHONE_CALL),
                svc.StepDraft(
                    description="Meet",
                    type=TaskType.MEETING,
                    date_formula="<1w>",
                    priority=Priority.HIGH,
                ),
                svc.StepDraft(description="Letter", date_formula="cm+1d"),
            ],
        ),
    )

    stored = await Activity.get(id=activity.id)
    assert (stored.code, stored.description) == ("FAIR", "Trade show follow-up")
    assert await _steps(stored) == [
        (1, "PHONE_CALL", "NORMAL", "Call", ""),
        (2, "MEETING", "HIGH", "Meet", "1W"),
        (3, "NONE", "NORMAL", "Letter", "CM+1D"),
    ]


async def test_a_malformed_formula_names_its_part_and_the_step(manager: ServiceContext):
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_activity(
            manager,
            svc.ActivityDraft(
                code="BAD",
                description="Bad",
                steps=[
                    svc.StepDraft(description="Fine", date_formula="1D"),
                    svc.StepDraft(description="Broken", date_formula="1D+3X"),
                    svc.StepDraft(description=" "),
                ],
            ),
        )

    errors = {(e.code, e.field) for e in caught.value.errors}
    assert errors == {
        (ErrorCode.DATE_FORMULA_INVALID, ("steps", 1, "date_formula")),
        (ErrorCode.REQUIRED, ("steps", 2, "description")),
    }
    formula_error = next(e for e in caught.value.errors if e.field[-1] == "date_formula")
    assert "3X" in formula_error.message
    assert not await Activity.exists(code="BAD")


async def test_update_replaces_the_steps_and_keeps_them_when_not_given(manager: ServiceContext):
    activity = await make_activity([(TaskType.NONE, "1D"), (TaskType.NONE, "2D")], code="A")

    await svc.update_activity(manager, "a", svc.ActivityChanges(description="Renamed"))
    assert len(await _steps(activity)) == 2

    await svc.update_activity(
        manager,
        "A",
        svc.ActivityChanges(steps=[svc.StepDraft(description="Only", date_formula="-cw")]),
    )
    stored = await Activity.get(id=activity.id)
    assert stored.description == "Renamed"
    assert await _steps(stored) == [(1, "NONE", "NORMAL", "Only", "-CW")]


async def test_update_with_a_bad_formula_changes_nothing(manager: ServiceContext):
    activity = await make_activity([(TaskType.NONE, "1D")], code="A", description="Kept")

    with pytest.raises(ValidationFailed):
        await svc.update_activity(
            manager,
            "A",
            svc.ActivityChanges(
                description="Changed", steps=[svc.StepDraft(description="X", date_formula="Q")]
            ),
        )

    assert (await Activity.get(id=activity.id)).description == "Kept"
    assert await _steps(activity) == [(1, "NONE", "NORMAL", "Step 1", "1D")]


async def test_delete_goes_with_its_steps_but_not_while_tasks_refer(manager: ServiceContext):
    used = await make_activity([(TaskType.NONE, "")], code="USED")
    await make_task(activity=used, salesperson=await make_salesperson())
    unused = await make_activity([(TaskType.NONE, "")], code="FREE")

    with pytest.raises(DomainError) as caught:
        await svc.delete_activity(manager, "used")
    await svc.delete_activity(manager, "free")

    assert caught.value.code is ErrorCode.IN_USE
    assert "1 tasks" in caught.value.message
    assert await Activity.exists(id=used.id)
    assert not await Activity.exists(id=unused.id)
    assert not await ActivityStep.exists(activity_id=unused.id)


async def test_reads_and_the_setup_permission():
    await make_activity([(TaskType.NONE, "1D")], code="A")
    viewer = make_ctx(Role.VIEWER)

    assert [a.code for a in await svc.activities(viewer)] == ["A"]
    found = await svc.activity_by_code(viewer, " a ")
    assert found is not None
    assert list((await svc.activity_steps(viewer, [found.id])).keys()) == [found.id]
    assert await svc.activity_by_code(viewer, "NONE") is None
    with pytest.raises(PermissionDenied):
        await svc.create_activity(
            make_ctx(Role.SALES, salesperson="ANN"), svc.ActivityDraft(code="X", description="X")
        )
    with pytest.raises(ValidationFailed):
        await svc.create_activity(
            make_ctx(Role.MANAGER),
            svc.ActivityDraft(
                code="MANY",
                description="Too many",
                steps=[svc.StepDraft(description="s")] * (svc.MAX_STEPS + 1),
            ),
        )
