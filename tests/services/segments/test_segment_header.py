"""Segment headers: creating (S2), who may create and change them, header changes reaching the
lines (S3), read-only once logged (S5), deleting, and what is not found."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import InformationFlow, InitiatedBy, Role, Segment, SegmentLine, SegmentStatus
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.segments import lines as lines_svc
from server.services.segments import segment as svc
from tests.builders import (
    make_campaign,
    make_contact,
    make_salesperson,
    make_segment,
    make_template,
)
from tests.conftest import make_ctx
from tests.services.segments.segment_builders import _lines

pytestmark = pytest.mark.usefixtures("db")


# --- the header -----------------------------------------------------------------------------


async def test_create_draws_a_number_and_a_template_brings_its_defaults(manager: ServiceContext):
    campaign = await make_campaign(no="CP1")
    template = await make_template(
        code="CALL",
        unit_cost=Decimal("2.50"),
        unit_duration=Decimal("5"),
        information_flow=InformationFlow.OUTBOUND,
        initiated_by=InitiatedBy.US,
        campaign_target=True,
        campaign=campaign,
    )

    segment = await svc.create_segment(
        manager,
        svc.SegmentDraft(
            description="Calls", interaction_template_code="call", unit_duration=Decimal("7")
        ),
    )

    stored = await Segment.get(id=segment.id)
    assert stored.no == "SEG00001"
    assert stored.status is SegmentStatus.OPEN
    assert (stored.unit_cost, stored.unit_duration) == (Decimal("2.50"), Decimal("7.00"))
    assert (stored.information_flow, stored.initiated_by) == (
        InformationFlow.OUTBOUND,
        InitiatedBy.US,
    )
    assert stored.campaign_target is True
    assert stored.campaign_id == campaign.id  # S2: the template's campaign when it has none
    assert stored.interaction_template_id == template.id
    assert stored.created_by == "test-manager"


async def test_create_reports_every_bad_reference_and_stores_nothing(manager: ServiceContext):
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_segment(
            manager,
            svc.SegmentDraft(
                description=" ",
                campaign_no="NOPE",
                salesperson_code="GHOST",
                interaction_template_code="NONE",
                unit_cost=Decimal("-1"),
            ),
        )

    assert [(e.code, e.field) for e in caught.value.errors] == [
        (ErrorCode.REQUIRED, ("description",)),
        (ErrorCode.OUT_OF_RANGE, ("unit_cost",)),
        (ErrorCode.NOT_FOUND, ("campaign_no",)),
        (ErrorCode.NOT_FOUND, ("salesperson_code",)),
        (ErrorCode.NOT_FOUND, ("interaction_template_code",)),
    ]
    assert await Segment.all().count() == 0


async def test_sales_create_their_own_segments_only():
    await make_salesperson(code="ANN")
    await make_salesperson(code="BOB")
    ann = make_ctx(Role.SALES, salesperson="ANN")

    mine = await svc.create_segment(ann, svc.SegmentDraft(description="Mine"))
    with pytest.raises(PermissionDenied):
        await svc.create_segment(ann, svc.SegmentDraft(description="His", salesperson_code="BOB"))
    with pytest.raises(PermissionDenied):
        await svc.create_segment(make_ctx(Role.VIEWER), svc.SegmentDraft(description="X"))

    assert (await Segment.get(id=mine.id).select_related("salesperson")).salesperson.code == "ANN"
    assert await Segment.all().count() == 1


async def test_sales_change_their_own_segment_but_not_anothers_nor_hand_it_over():
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    own = await make_segment(no="S1", salesperson=ann)
    other = await make_segment(no="S2", salesperson=bob)
    ctx = make_ctx(Role.SALES, salesperson="ANN")

    await svc.update_segment(ctx, "s1", svc.SegmentChanges(description="Renamed"))
    with pytest.raises(PermissionDenied):
        await svc.update_segment(ctx, "S2", svc.SegmentChanges(description="Taken"))
    with pytest.raises(PermissionDenied):
        await svc.update_segment(ctx, "S1", svc.SegmentChanges(salesperson_code="BOB"))

    assert (await Segment.get(id=own.id)).description == "Renamed"
    assert (await Segment.get(id=own.id)).salesperson_id == ann.id
    assert (await Segment.get(id=other.id)).description == other.description


# --- header to lines (S3) --------------------------------------------------------------------


async def test_header_changes_reach_lines_with_the_segments_template_only(
    manager: ServiceContext,
):
    letter, call = await make_template(code="LETTER"), await make_template(code="CALL")
    segment = await make_segment(interaction_template=letter)
    for no in ("C1", "C2"):
        await make_contact(no=no)
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1", "C2"])
    await lines_svc.segment_line_update(
        manager, segment.no, 20000, lines_svc.LineChanges(interaction_template_code="CALL")
    )

    await svc.update_segment(
        manager,
        segment.no,
        svc.SegmentChanges(date=date(2026, 5, 1), unit_cost=Decimal("4"), description="New"),
    )

    same, other = await _lines(segment)
    assert (same.date, same.cost, same.description) == (date(2026, 5, 1), Decimal("4"), "New")
    assert (other.date, other.interaction_template_id) == (None, call.id)


async def test_changing_the_template_reaches_every_line(manager: ServiceContext):
    letter = await make_template(code="LETTER")
    meeting = await make_template(code="MEET", unit_cost=Decimal("50"), campaign_response=True)
    segment = await make_segment(interaction_template=letter)
    for no in ("C1", "C2"):
        await make_contact(no=no)
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1", "C2"])
    await lines_svc.segment_line_update(
        manager, segment.no, 20000, lines_svc.LineChanges(interaction_template_code=None)
    )

    await svc.update_segment(
        manager, segment.no, svc.SegmentChanges(interaction_template_code="MEET")
    )

    rows = await _lines(segment)
    assert {(r.interaction_template_id, r.cost, r.campaign_response) for r in rows} == {
        (meeting.id, Decimal("50"), True)
    }


async def test_apply_to_lines_false_changes_only_the_header(manager: ServiceContext):
    segment = await make_segment()
    await make_contact(no="C1")
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1"])

    await svc.update_segment(
        manager, segment.no, svc.SegmentChanges(unit_cost=Decimal("9")), apply_to_lines=False
    )

    assert (await Segment.get(id=segment.id)).unit_cost == Decimal("9")
    assert (await _lines(segment))[0].cost == Decimal("0")


async def test_clearing_the_segment_salesperson_gives_lines_their_contacts_own(
    manager: ServiceContext,
):
    seller = await make_salesperson(code="SEL")
    own = await make_salesperson(code="OWN")
    blocked = await make_salesperson(code="BLK", blocked=True)
    segment = await make_segment(salesperson=seller)
    await make_contact(no="C1", salesperson=own)
    await make_contact(no="C2", salesperson=blocked)
    await make_contact(no="C3")
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1", "C2", "C3"])
    assert {r.salesperson_id for r in await _lines(segment)} == {seller.id}

    await svc.update_segment(manager, segment.no, svc.SegmentChanges(salesperson_code=None))

    assert [r.salesperson_id for r in await _lines(segment)] == [own.id, None, None]
    assert (await Segment.get(id=segment.id)).salesperson_id is None


# --- read-only once logged (S5), deleting ------------------------------------------------------


async def test_a_logged_segment_is_read_only(manager: ServiceContext):
    segment = await make_segment(status=SegmentStatus.LOGGED)
    await make_contact(no="C1")

    attempts = [
        svc.update_segment(manager, segment.no, svc.SegmentChanges(description="X")),
        lines_svc.segment_contacts_add(manager, segment.no, ["C1"]),
        lines_svc.segment_campaign_target_set(manager, segment.no, True),
        svc.delete_segment(manager, segment.no),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as caught:
            await attempt
        assert caught.value.code is ErrorCode.SEGMENT_LOGGED_READ_ONLY

    stored = await Segment.get(id=segment.id)
    assert (stored.description, stored.campaign_target) == (segment.description, False)
    assert await SegmentLine.all().count() == 0


async def test_deleting_an_open_segment_takes_its_lines(manager: ServiceContext):
    segment = await make_segment()
    await make_contact(no="C1")
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1"])

    await svc.delete_segment(manager, segment.no)

    assert await Segment.all().count() == 0
    assert await SegmentLine.all().count() == 0


async def test_a_missing_segment_or_line_is_not_found(manager: ServiceContext):
    segment = await make_segment()

    with pytest.raises(DomainError) as missing:
        await svc.update_segment(manager, "NOPE", svc.SegmentChanges(description="X"))
    with pytest.raises(DomainError) as no_line:
        await lines_svc.segment_line_update(manager, segment.no, 10000, lines_svc.LineChanges())

    assert (missing.value.code, missing.value.field) == (ErrorCode.NOT_FOUND, ("segment_no",))
    assert (no_line.value.code, no_line.value.field) == (ErrorCode.NOT_FOUND, ("line_no",))
