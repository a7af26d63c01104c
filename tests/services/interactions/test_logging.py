"""Logging segments and single interactions (L1-L3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import (
    CampaignEntry,
    Contact,
    ContactType,
    InformationFlow,
    Interaction,
    LoggedSegment,
    Role,
    Segment,
    SegmentLine,
    SegmentStatus,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.interactions import logging as svc
from tests.builders import (
    make_campaign,
    make_contact,
    make_salesperson,
    make_segment,
    make_template,
)
from tests.conftest import TODAY, make_ctx

pytestmark = pytest.mark.usefixtures("db")

DAY = date(2026, 3, 1)


async def _ready_segment(contacts: int, **overrides: object) -> Segment:
    """An open segment whose lines all have a date, a salesperson and a template."""
    seller = overrides.pop("salesperson", None) or await make_salesperson()
    template = overrides.pop("template", None) or await make_template(
        information_flow=InformationFlow.OUTBOUND
    )
    segment = await make_segment(
        salesperson=seller,
        interaction_template=template,
        date=DAY,
        information_flow=InformationFlow.OUTBOUND,
        **overrides,
    )
    people = [
        Contact(no=f"L{segment.id}-{i:04d}", type=ContactType.COMPANY, name=f"C{i}")
        for i in range(contacts)
    ]
    await Contact.bulk_create(people)
    ids = (
        await Contact.filter(no__startswith=f"L{segment.id}-")
        .order_by("no")
        .values_list("id", flat=True)
    )
    await SegmentLine.bulk_create(
        [
            SegmentLine(
                segment_id=segment.id,
                line_no=(i + 1) * 10000,
                contact_id=contact_id,
                campaign_id=segment.campaign_id,
                campaign_target=segment.campaign_target,
                salesperson_id=seller.id,
                interaction_template_id=template.id,
                cost=Decimal("1.50"),
                duration=Decimal("2"),
                date=DAY,
            )
            for i, contact_id in enumerate(ids)
        ]
    )
    return segment


async def test_logging_records_one_interaction_per_line_and_one_entry_per_campaign(
    manager: ServiceContext,
):
    spring, autumn = await make_campaign(no="SPRING"), await make_campaign(no="AUTUMN")
    segment = await _ready_segment(3, campaign=spring, campaign_target=True, description="Mailing")
    await SegmentLine.filter(segment_id=segment.id, line_no=30000).update(
        campaign_id=autumn.id, campaign_response=True
    )

    result = await svc.segment_log(manager, segment.no)

    assert result.interaction_count == 3
    logged = await LoggedSegment.get(segment_id=segment.id)
    assert (logged.description, logged.creation_date, logged.user) == (
        "Mailing",
        TODAY.date(),
        "test-manager",
    )
    entries = await CampaignEntry.all().order_by("entry_no")
    assert [(e.campaign_id, e.date, e.description) for e in entries] == [
        (spring.id, DAY, "Mailing"),
        (autumn.id, DAY, "Mailing"),
    ]
    rows = await Interaction.all().order_by("entry_no")
    assert [(r.campaign_id, r.campaign_entry_id) for r in rows] == [
        (spring.id, entries[0].entry_no),
        (spring.id, entries[0].entry_no),
        (autumn.id, entries[1].entry_no),
    ]
    assert [(r.campaign_target, r.campaign_response) for r in rows] == [
        (True, False),
        (True, False),
        (True, True),
    ]
    assert {(r.cost, r.duration, r.date, r.user) for r in rows} == {
        (Decimal("1.50"), Decimal("2"), DAY, "test-manager")
    }
    assert {r.logged_segment_id for r in rows} == {logged.entry_no}
    assert {r.information_flow for r in rows} == {InformationFlow.OUTBOUND}
    assert (await Segment.get(id=segment.id)).status is SegmentStatus.LOGGED
    line_entries = (
        await SegmentLine.filter(segment_id=segment.id)
        .order_by("line_no")
        .values_list("campaign_entry_id", flat=True)
    )
    assert list(line_entries) == [entries[0].entry_no, entries[0].entry_no, entries[1].entry_no]


async def test_a_thousand_lines_log_at_once_or_not_at_all(manager: ServiceContext):
    campaign = await make_campaign()
    segment = await _ready_segment(1000, campaign=campaign, description="Big mailing")
    await SegmentLine.filter(segment_id=segment.id, line_no__in=[7310000, 9990000]).update(
        salesperson_id=None
    )
    await SegmentLine.filter(segment_id=segment.id, line_no=20000).update(date=None)

    with pytest.raises(ValidationFailed) as caught:
        await svc.segment_log(manager, segment.no)

    assert [e.field for e in caught.value.errors] == [
        ("lines", 20000, "date"),
        ("lines", 7310000, "salesperson_code"),
        ("lines", 9990000, "salesperson_code"),
    ]
    assert "Line 7310000" in caught.value.errors[1].message
    assert await Interaction.all().count() == 0
    assert await LoggedSegment.all().count() == 0
    assert await CampaignEntry.all().count() == 0
    assert (await Segment.get(id=segment.id)).status is SegmentStatus.OPEN

    await SegmentLine.filter(segment_id=segment.id).update(
        salesperson_id=segment.salesperson_id, date=DAY
    )
    result = await svc.segment_log(manager, segment.no)

    assert result.interaction_count == 1000
    assert await Interaction.filter(campaign_id=campaign.id).count() == 1000
    assert await LoggedSegment.all().count() == 1
    assert await CampaignEntry.all().count() == 1


async def test_segments_that_cannot_be_logged_are_refused(manager: ServiceContext):
    empty = await make_segment()
    logged = await _ready_segment(1)
    await svc.segment_log(manager, logged.no)
    nameless = await _ready_segment(1, description="")

    cases = [(empty.no, ErrorCode.SEGMENT_EMPTY), (logged.no, ErrorCode.SEGMENT_ALREADY_LOGGED)]
    for no, code in cases:
        with pytest.raises(DomainError) as caught:
            await svc.segment_log(manager, no)
        assert caught.value.code is code
    with pytest.raises(ValidationFailed) as blank:
        await svc.segment_log(manager, nameless.no)

    assert [e.field for e in blank.value.errors] == [("description",)]
    assert await LoggedSegment.all().count() == 1
    assert await Interaction.all().count() == 1


async def test_a_follow_up_segment_gets_the_same_campaign_and_contacts(manager: ServiceContext):
    campaign = await make_campaign()
    segment = await _ready_segment(3, campaign=campaign)

    result = await svc.segment_log(manager, segment.no, create_follow_up=True)

    follow_up = result.follow_up
    assert follow_up is not None
    assert follow_up.description == f"Follow-up on segment {segment.no}"
    assert (follow_up.status, follow_up.campaign_id) == (SegmentStatus.OPEN, campaign.id)
    original = await SegmentLine.filter(segment_id=segment.id).values_list("contact_id", flat=True)
    copied = await SegmentLine.filter(segment_id=follow_up.id).values_list("contact_id", flat=True)
    assert sorted(copied) == sorted(original)


async def test_sales_log_their_own_segments_as_themselves():
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    own = await _ready_segment(2, salesperson=ann)
    mixed = await _ready_segment(2, salesperson=ann)
    await SegmentLine.filter(segment_id=mixed.id, line_no=20000).update(salesperson_id=bob.id)
    ctx = make_ctx(Role.SALES, salesperson="ANN")

    await svc.segment_log(ctx, own.no)
    with pytest.raises(PermissionDenied):
        await svc.segment_log(ctx, mixed.no)
    with pytest.raises(PermissionDenied):
        await svc.segment_log(make_ctx(Role.VIEWER), mixed.no)

    assert await Interaction.filter(segment_id=own.id).count() == 2
    assert await Interaction.filter(segment_id=mixed.id).count() == 0


# --- single interactions (L3) ----------------------------------------------------------------


async def test_single_interactions_share_the_campaigns_open_entry(manager: ServiceContext):
    campaign = await make_campaign(no="CP1")
    await make_contact(no="P1", type=ContactType.PERSON, company=await make_contact(no="CO"))
    await make_template(code="CALL", unit_cost=Decimal("3"), unit_duration=Decimal("10"))
    draft = svc.InteractionDraft(
        contact_no="p1", description="Call", interaction_template_code="call", campaign_no="cp1"
    )

    first = await svc.interaction_log(manager, draft)
    second = await svc.interaction_log(manager, draft)
    await CampaignEntry.filter(entry_no=first.campaign_entry_id).update(canceled=True)
    third = await svc.interaction_log(manager, draft)

    assert first.campaign_entry_id == second.campaign_entry_id
    assert third.campaign_entry_id != first.campaign_entry_id
    entries = await CampaignEntry.filter(campaign_id=campaign.id).order_by("entry_no")
    assert [(e.single_interactions, e.description, e.canceled) for e in entries] == [
        (True, svc.SINGLE_INTERACTIONS, True),
        (True, svc.SINGLE_INTERACTIONS, False),
    ]
    stored = await Interaction.get(entry_no=first.entry_no)
    assert (stored.cost, stored.duration, stored.date) == (
        Decimal("3"),
        Decimal("10"),
        TODAY.date(),
    )
    assert stored.contact_company_id == (await Contact.get(no="CO")).id
    assert stored.user == "test-manager"


async def test_a_postponed_interaction_gets_no_campaign_entry(manager: ServiceContext):
    await make_campaign(no="CP1")
    await make_contact(no="C1")

    postponed = await svc.interaction_log(
        manager,
        svc.InteractionDraft(
            contact_no="C1", description="Later", campaign_no="CP1", postponed=True
        ),
    )

    assert postponed.postponed is True
    assert postponed.campaign_entry_id is None
    assert await CampaignEntry.all().count() == 0


async def test_single_interaction_refusals_list_every_problem(manager: ServiceContext):
    with pytest.raises(ValidationFailed) as caught:
        await svc.interaction_log(
            manager,
            svc.InteractionDraft(
                contact_no="NOPE",
                description="",
                interaction_template_code="NONE",
                campaign_no="NONE",
                salesperson_code="GHOST",
                cost=Decimal("-1"),
            ),
        )

    assert [(e.code, e.field) for e in caught.value.errors] == [
        (ErrorCode.REQUIRED, ("description",)),
        (ErrorCode.NOT_FOUND, ("contact_no",)),
        (ErrorCode.NOT_FOUND, ("interaction_template_code",)),
        (ErrorCode.NOT_FOUND, ("campaign_no",)),
        (ErrorCode.NOT_FOUND, ("salesperson_code",)),
        (ErrorCode.OUT_OF_RANGE, ("cost",)),
    ]
    assert await Interaction.all().count() == 0


async def test_sales_log_single_interactions_only_as_themselves():
    await make_salesperson(code="ANN")
    await make_salesperson(code="BOB")
    await make_contact(no="C1")
    ctx = make_ctx(Role.SALES, salesperson="ANN")

    mine = await svc.interaction_log(ctx, svc.InteractionDraft(contact_no="C1", description="Hi"))
    with pytest.raises(PermissionDenied):
        await svc.interaction_log(
            ctx, svc.InteractionDraft(contact_no="C1", description="As Bob", salesperson_code="BOB")
        )

    assert (
        await Interaction.get(entry_no=mine.entry_no).select_related("salesperson")
    ).salesperson.code == "ANN"
    assert await Interaction.all().count() == 1
