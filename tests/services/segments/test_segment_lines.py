"""Segment lines: adding and removing contacts (S1), by contact filter (S4), a line's own
template, and the campaign target of the segment or chosen lines (S6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import ContactType, Segment, SegmentLine
from server.services.contacts.contact import ContactFilter
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ValidationFailed
from server.services.segments import lines as lines_svc
from server.services.segments import segment as svc
from tests.builders import (
    make_campaign,
    make_contact,
    make_salesperson,
    make_segment,
    make_template,
)
from tests.services.segments.segment_builders import _lines

pytestmark = pytest.mark.usefixtures("db")


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
