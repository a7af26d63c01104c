"""Segments and their lines: S1-S6 and who may change them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import (
    ContactType,
    InformationFlow,
    InitiatedBy,
    Role,
    Segment,
    SegmentLine,
    SegmentStatus,
)
from server.services.contacts.contact import ContactFilter
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

pytestmark = pytest.mark.usefixtures("db")


async def _lines(segment: Segment) -> list[SegmentLine]:
    return await SegmentLine.filter(segment_id=segment.id).order_by("line_no")


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


# --- adding and removing contacts ------------------------------------------------------------


async def test_new_lines_start_from_the_segment_values(manager: ServiceContext):
    seller = await make_salesperson(code="SEL")
    own_seller = await make_salesperson(code="OWN")
    campaign = await make_campaign()
    template = await make_template()
    segment = await make_segment(
        campaign=campaign,
        campaign_target=True,
        interaction_template=template,
        unit_cost=Decimal("1.25"),
        unit_duration=Decimal("3"),
        date=date(2026, 4, 1),
        description="Spring letters",
    )
    first = await make_contact(no="C1", salesperson=own_seller)
    second = await make_contact(no="C2")

    result = await lines_svc.segment_contacts_add(manager, segment.no, ["c1", "C2"])

    assert result.count == 2
    rows = await _lines(segment)
    assert [(r.line_no, r.contact_id) for r in rows] == [(10000, first.id), (20000, second.id)]
    for row in rows:
        assert (row.campaign_id, row.campaign_target, row.interaction_template_id) == (
            campaign.id,
            True,
            template.id,
        )
        assert (row.cost, row.duration, row.date) == (
            Decimal("1.25"),
            Decimal("3"),
            date(2026, 4, 1),
        )
        assert row.description == "Spring letters"
    # S1: no segment salesperson, so each line takes its contact's
    assert [r.salesperson_id for r in rows] == [own_seller.id, None]

    await svc.update_segment(manager, segment.no, svc.SegmentChanges(salesperson_code="SEL"))
    assert {r.salesperson_id for r in await _lines(segment)} == {seller.id}


async def test_a_contact_is_added_once_and_blocked_ones_are_skipped(manager: ServiceContext):
    segment = await make_segment()
    await make_contact(no="C1")
    await make_contact(no="BLK", blocked=True)

    first = await lines_svc.segment_contacts_add(manager, segment.no, ["C1", "BLK", "C1"])
    again = await lines_svc.segment_contacts_add(manager, segment.no, ["C1"])

    assert (first.count, again.count) == (1, 0)
    assert await SegmentLine.filter(segment_id=segment.id).count() == 1


async def test_include_persons_brings_a_companys_people(manager: ServiceContext):
    segment = await make_segment()
    company = await make_contact(no="ACME")
    await make_contact(no="P1", type=ContactType.PERSON, company=company)
    await make_contact(no="P2", type=ContactType.PERSON, company=company, blocked=True)

    result = await lines_svc.segment_contacts_add(
        manager, segment.no, ["ACME"], include_persons=True
    )

    assert result.count == 2
    nos = await SegmentLine.filter(segment_id=segment.id).values_list("contact__no", flat=True)
    assert sorted(nos) == ["ACME", "P1"]


async def test_unknown_contacts_are_all_reported_and_nothing_is_added(manager: ServiceContext):
    segment = await make_segment()
    await make_contact(no="C1")

    with pytest.raises(ValidationFailed) as caught:
        await lines_svc.segment_contacts_add(manager, segment.no, ["X1", "C1", "X2"])

    assert [e.field for e in caught.value.errors] == [("contact_nos", 0), ("contact_nos", 2)]
    assert await SegmentLine.all().count() == 0


async def test_removing_contacts_reduces_the_segment(manager: ServiceContext):
    segment = await make_segment()
    for no in ("C1", "C2", "C3"):
        await make_contact(no=no)
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1", "C2", "C3"])

    result = await lines_svc.segment_contacts_remove(manager, segment.no, ["C2", "NOT-THERE"])

    assert result.count == 1
    nos = await SegmentLine.filter(segment_id=segment.id).values_list("contact__no", flat=True)
    assert sorted(nos) == ["C1", "C3"]


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


async def test_a_line_template_brings_its_defaults(manager: ServiceContext):
    campaign = await make_campaign()
    await make_template(code="VISIT", unit_duration=Decimal("90"), campaign=campaign)
    segment = await make_segment()
    await make_contact(no="C1")
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1"])

    line = await lines_svc.segment_line_update(
        manager,
        segment.no,
        10000,
        lines_svc.LineChanges(interaction_template_code="visit", cost=Decimal("12.5")),
    )

    assert (line.duration, line.cost, line.campaign_id) == (
        Decimal("90"),
        Decimal("12.5"),
        campaign.id,
    )


# --- campaign target (S6) --------------------------------------------------------------------


async def test_campaign_target_for_the_whole_segment_or_chosen_lines(manager: ServiceContext):
    segment = await make_segment()
    for no in ("C1", "C2", "C3"):
        await make_contact(no=no)
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1", "C2", "C3"])

    whole = await lines_svc.segment_campaign_target_set(manager, segment.no, True)
    chosen = await lines_svc.segment_lines_campaign_target_set(
        manager, segment.no, False, line_nos=[10000], contact_nos=["c3"]
    )

    assert (whole.count, chosen.count) == (3, 2)
    assert (await Segment.get(id=segment.id)).campaign_target is True
    assert [r.campaign_target for r in await _lines(segment)] == [False, True, False]


async def test_unknown_lines_refuse_the_whole_target_change(manager: ServiceContext):
    segment = await make_segment()
    await make_contact(no="C1")
    await lines_svc.segment_contacts_add(manager, segment.no, ["C1"])

    with pytest.raises(ValidationFailed) as caught:
        await lines_svc.segment_lines_campaign_target_set(
            manager, segment.no, True, line_nos=[10000, 99], contact_nos=["NOPE"]
        )

    assert [e.field for e in caught.value.errors] == [("line_nos", 1), ("contact_nos", 0)]
    assert (await _lines(segment))[0].campaign_target is False


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


# --- contact filters (S4) --------------------------------------------------------------------


async def _people() -> None:
    await make_contact(no="OSLO1", city="Oslo")
    await make_contact(no="OSLO2", city="Oslo", blocked=True)
    await make_contact(no="BERG1", city="Bergen")
    await make_contact(no="BERG2", city="Bergen", type=ContactType.PERSON)


async def _nos(segment: Segment) -> list[str]:
    nos = await SegmentLine.filter(segment_id=segment.id).values_list("contact__no", flat=True)
    return sorted(str(no) for no in nos)


async def test_contacts_are_added_by_filter_without_blocked_ones(manager: ServiceContext):

    segment = await make_segment()
    await _people()

    result = await lines_svc.segment_contacts_add(
        manager, segment.no, ["BERG1"], criteria=ContactFilter(city="oslo")
    )

    assert result.count == 2
    assert await _nos(segment) == ["BERG1", "OSLO1"]


async def test_reduce_and_refine_by_filter(manager: ServiceContext):

    segment = await make_segment()
    await _people()
    await lines_svc.segment_contacts_add(manager, segment.no, ["OSLO1", "BERG1", "BERG2"])

    reduced = await lines_svc.segment_contacts_remove(
        manager, segment.no, criteria=ContactFilter(type=ContactType.PERSON)
    )
    refined = await lines_svc.segment_contacts_refine(
        manager, segment.no, ContactFilter(city="Bergen")
    )

    assert (reduced.count, refined.count) == (1, 1)
    assert await _nos(segment) == ["BERG1"]


async def test_adding_or_removing_nothing_named_is_refused(manager: ServiceContext):
    segment = await make_segment()

    with pytest.raises(ValidationFailed) as adding:
        await lines_svc.segment_contacts_add(manager, segment.no)
    with pytest.raises(DomainError) as removing:
        await lines_svc.segment_contacts_remove(manager, segment.no)

    assert [e.code for e in adding.value.errors] == [ErrorCode.REQUIRED]
    assert removing.value.code is ErrorCode.REQUIRED


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
