"""Cancelling, restoring, deleting and correcting logged work (L4-L6)."""

from __future__ import annotations

import pytest

from server.models import (
    CampaignEntry,
    Evaluation,
    Interaction,
    LoggedSegment,
    Role,
    SegmentLine,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.interactions import entries as svc
from server.services.interactions import logging as log
from tests.builders import make_campaign, make_contact, make_salesperson
from tests.conftest import make_ctx
from tests.services.interactions.test_logging import _ready_segment

pytestmark = pytest.mark.usefixtures("db")


async def _logged(manager: ServiceContext, contacts: int = 2) -> log.LogResult:
    segment = await _ready_segment(contacts, campaign=await make_campaign())
    return await log.segment_log(manager, segment.no)


async def _canceled() -> list[bool]:
    return list(await Interaction.all().order_by("entry_no").values_list("canceled", flat=True))


async def test_cancelling_an_entry_cancels_its_interactions_and_restoring_restores_them(
    manager: ServiceContext,
):
    result = await _logged(manager)
    entry = result.campaign_entries[0]

    await svc.campaign_entry_set_canceled(manager, entry.entry_no, True)
    assert await _canceled() == [True, True]
    assert (await CampaignEntry.get(entry_no=entry.entry_no)).canceled is True

    await svc.campaign_entry_set_canceled(manager, entry.entry_no, False)
    assert await _canceled() == [False, False]


async def test_cancelling_a_logged_segment_cascades_to_entries_and_interactions(
    manager: ServiceContext,
):
    result = await _logged(manager)
    entry = result.campaign_entries[0]

    await svc.logged_segment_set_canceled(manager, result.logged_segment.entry_no, True)

    assert (await LoggedSegment.get(entry_no=result.logged_segment.entry_no)).canceled is True
    assert (await CampaignEntry.get(entry_no=entry.entry_no)).canceled is True
    assert await _canceled() == [True, True]

    with pytest.raises(DomainError) as entry_refused:
        await svc.campaign_entry_set_canceled(manager, entry.entry_no, False)
    assert entry_refused.value.code is ErrorCode.PARENT_CANCELED

    await svc.logged_segment_set_canceled(manager, result.logged_segment.entry_no, False)
    assert await _canceled() == [False, False]


async def test_an_interaction_cannot_be_restored_under_a_cancelled_parent(
    manager: ServiceContext,
):
    result = await _logged(manager)
    first = (await Interaction.all().order_by("entry_no").first()).entry_no  # type: ignore[union-attr]
    await svc.campaign_entry_set_canceled(manager, result.campaign_entries[0].entry_no, True)

    with pytest.raises(DomainError) as caught:
        await svc.interaction_set_canceled(manager, first, False)

    assert caught.value.code is ErrorCode.PARENT_CANCELED
    assert await _canceled() == [True, True]


async def test_a_single_interaction_is_cancelled_and_restored_on_its_own(manager: ServiceContext):
    await _logged(manager)
    first = (await Interaction.all().order_by("entry_no").first()).entry_no  # type: ignore[union-attr]

    await svc.interaction_set_canceled(manager, first, True)
    assert await _canceled() == [True, False]
    await svc.interaction_set_canceled(manager, first, False)
    assert await _canceled() == [False, False]


async def test_only_cancelled_entries_are_deleted_with_their_interactions(manager: ServiceContext):
    kept = await _logged(manager)
    gone = await _logged(manager, contacts=3)
    kept_no, gone_no = kept.campaign_entries[0].entry_no, gone.campaign_entries[0].entry_no

    with pytest.raises(ValidationFailed) as caught:
        await svc.campaign_entries_delete(manager, [gone_no, kept_no, 999])
    assert [(e.code, e.field) for e in caught.value.errors] == [
        (ErrorCode.ENTRY_NOT_CANCELED, ("entry_nos", 0)),
        (ErrorCode.ENTRY_NOT_CANCELED, ("entry_nos", 1)),
        (ErrorCode.NOT_FOUND, ("entry_nos", 2)),
    ]
    assert await Interaction.all().count() == 5

    await svc.campaign_entry_set_canceled(manager, gone_no, True)
    deleted = await svc.campaign_entries_delete(manager, [gone_no])

    assert deleted == [gone_no]
    assert await CampaignEntry.filter(entry_no=gone_no).count() == 0
    assert await Interaction.filter(campaign_entry_id=gone_no).count() == 0
    assert await Interaction.all().count() == 2
    assert await SegmentLine.filter(campaign_entry_id=gone_no).count() == 0


async def test_only_cancelled_interactions_are_deleted_one_by_one(manager: ServiceContext):
    await _logged(manager)
    first = (await Interaction.all().order_by("entry_no").first()).entry_no  # type: ignore[union-attr]

    with pytest.raises(DomainError) as caught:
        await svc.interaction_delete(manager, first)
    assert caught.value.code is ErrorCode.ENTRY_NOT_CANCELED

    await svc.interaction_set_canceled(manager, first, True)
    await svc.interaction_delete(manager, first)
    assert await Interaction.filter(entry_no=first).count() == 0
    assert await Interaction.all().count() == 1


async def test_corrections_touch_only_description_subject_and_evaluation(manager: ServiceContext):
    await _logged(manager)
    before = await Interaction.all().order_by("entry_no").first()
    assert before is not None

    await svc.interaction_correct(
        manager,
        before.entry_no,
        svc.InteractionCorrection(
            description="Fixed", subject="Re: offer", evaluation=Evaluation.POSITIVE
        ),
    )

    after = await Interaction.get(entry_no=before.entry_no)
    assert (after.description, after.subject, after.evaluation) == (
        "Fixed",
        "Re: offer",
        Evaluation.POSITIVE,
    )
    assert (after.cost, after.duration, after.contact_id, after.campaign_id) == (
        before.cost,
        before.duration,
        before.contact_id,
        before.campaign_id,
    )


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_managers_cancel_and_delete(manager: ServiceContext, role: Role):
    result = await _logged(manager)
    await make_salesperson(code="ANN")
    ctx = make_ctx(role, salesperson="ANN")
    entry_no = result.campaign_entries[0].entry_no

    for attempt in (
        svc.campaign_entry_set_canceled(ctx, entry_no, True),
        svc.logged_segment_set_canceled(ctx, result.logged_segment.entry_no, True),
        svc.campaign_entries_delete(ctx, [entry_no]),
    ):
        with pytest.raises(PermissionDenied):
            await attempt
    assert await _canceled() == [False, False]


async def test_unknown_entries_are_not_found(manager: ServiceContext):
    await make_contact()
    for attempt in (
        svc.campaign_entry_set_canceled(manager, 404, True),
        svc.logged_segment_set_canceled(manager, 404, True),
        svc.interaction_set_canceled(manager, 404, True),
        svc.interaction_delete(manager, 404),
    ):
        with pytest.raises(DomainError) as caught:
            await attempt
        assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, ("entry_no",))
