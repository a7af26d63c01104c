"""Activation (A1-A6): who a campaign reaches (customers or companies), what counts, what is
refused, idempotence and deactivation, status and dates ignored, who may, and large groups."""

from __future__ import annotations

from datetime import date

import pytest

from server.models import (
    CampaignTarget,
    Contact,
    ContactType,
    Customer,
    PriceLine,
    Role,
    SegmentLine,
    TargetType,
)
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied
from server.services.interactions import logging
from server.services.pricing import activation
from server.services.segments import lines as segment_lines
from tests.builders import make_campaign, make_contact, make_segment, make_status
from tests.conftest import make_ctx
from tests.services.pricing.activation_builders import _priced_campaign

pytestmark = pytest.mark.usefixtures("db")


async def test_activation_resolves_contacts_to_customers_or_companies(manager: ServiceContext):
    campaign = await _priced_campaign()
    linked = await make_contact(no="ACME")
    customer = await Customer.create(no="C1", name="Acme", contact=linked)
    acme_person = await make_contact(linked, no="P1")
    loose = await make_contact(no="LOOSE")
    lonely = await make_contact(no="SOLO", type=ContactType.PERSON)
    segment = await make_segment(campaign=campaign, campaign_target=True)
    await segment_lines.segment_contacts_add(manager, segment.no, ["P1", "LOOSE", "SOLO"])

    result = await activation.activate(manager, "cp1")

    assert (result.customers, result.contacts) == (1, 2)
    assert await activation.stored_targets(campaign.id) == {
        (TargetType.CUSTOMER, customer.id),
        (TargetType.CONTACT, loose.id),
        (TargetType.CONTACT, lonely.id),
    }
    assert acme_person.id not in {t.contact_id for t in await CampaignTarget.all()}


async def test_untargeted_lines_and_postponed_interactions_do_not_count(manager: ServiceContext):
    campaign = await _priced_campaign()
    segment = await make_segment(campaign=campaign, campaign_target=True)
    await make_contact(no="IN")
    await make_contact(no="OUT")
    await make_contact(no="LATER")
    await segment_lines.segment_contacts_add(manager, segment.no, ["IN", "OUT"])
    await segment_lines.segment_lines_campaign_target_set(
        manager, segment.no, False, contact_nos=["OUT"]
    )
    await logging.interaction_log(
        manager,
        logging.InteractionDraft(
            contact_no="LATER",
            description="x",
            campaign_no="CP1",
            campaign_target=True,
            postponed=True,
        ),
    )

    await activation.activate(manager, "CP1")

    nos = await CampaignTarget.filter(campaign_id=campaign.id).values_list("contact__no", flat=True)
    assert list(nos) == ["IN"]


async def test_nothing_to_target_or_no_pricing_refuses_and_changes_nothing(
    manager: ServiceContext,
):
    bare = await make_campaign(no="BARE")
    segment = await make_segment(campaign=bare, campaign_target=True)
    await make_contact(no="C1")

    with pytest.raises(DomainError) as empty:
        await activation.activate(manager, "BARE")
    await segment_lines.segment_contacts_add(manager, segment.no, ["C1"])
    with pytest.raises(DomainError) as unpriced:
        await activation.activate(manager, "BARE")

    assert empty.value.code is ErrorCode.NO_CAMPAIGN_TARGETS
    assert unpriced.value.code is ErrorCode.NO_CAMPAIGN_PRICING
    assert await CampaignTarget.all().count() == 0

    allowed = await activation.activate(manager, "BARE", allow_without_pricing=True)
    assert allowed.contacts == 1


async def test_activation_is_idempotent_and_deactivation_keeps_prices(manager: ServiceContext):
    campaign = await _priced_campaign()
    segment = await make_segment(campaign=campaign, campaign_target=True)
    await make_contact(no="C1")
    await segment_lines.segment_contacts_add(manager, segment.no, ["C1"])

    await activation.activate(manager, "CP1")
    first = list(await CampaignTarget.all().values_list("id", flat=True))
    await activation.activate(manager, "CP1")
    assert list(await CampaignTarget.all().values_list("id", flat=True)) == first

    await activation.deactivate(manager, "CP1")
    assert await CampaignTarget.all().count() == 0
    assert await PriceLine.filter(campaign_id=campaign.id).count() == 1


@pytest.mark.parametrize(
    ("starting", "ending"),
    [
        (date(2020, 1, 1), date(2020, 12, 31)),  # over long ago
        (date(2999, 1, 1), None),  # not started yet
    ],
)
async def test_activation_ignores_the_campaigns_status_and_dates(
    manager: ServiceContext, starting: date, ending: date | None
):
    # A5: dates act through the price lines, the status is informational.
    campaign = await _priced_campaign()
    campaign.status = await make_status(code="CLOSED")
    campaign.starting_date, campaign.ending_date = starting, ending
    await campaign.save()
    segment = await make_segment(campaign=campaign, campaign_target=True)
    await make_contact(no="C1")
    await segment_lines.segment_contacts_add(manager, segment.no, ["C1"])

    result = await activation.activate(manager, "CP1")

    assert (result.customers, result.contacts) == (0, 1)
    assert await CampaignTarget.filter(campaign_id=campaign.id).count() == 1


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_managers_activate(role: Role):
    await _priced_campaign()
    with pytest.raises(PermissionDenied):
        await activation.activate(make_ctx(role), "CP1")
    with pytest.raises(PermissionDenied):
        await activation.deactivate(make_ctx(role), "CP1")


async def test_activation_scales_past_the_databases_parameter_limits(manager: ServiceContext):
    # 35,000 targeted companies: more ids than PostgreSQL takes parameters in one statement.
    campaign = await make_campaign(no="BIG")
    segment = await make_segment(campaign=campaign)
    await Contact.bulk_create(
        [Contact(no=f"B{i:06d}", type=ContactType.COMPANY, name=f"Big {i}") for i in range(35_000)],
        batch_size=2000,
    )
    ids = await Contact.filter(no__startswith="B").order_by("no").values_list("id", flat=True)
    await SegmentLine.bulk_create(
        [
            SegmentLine(
                segment_id=segment.id,
                line_no=(n + 1) * 10000,
                contact_id=contact_id,
                campaign_id=campaign.id,
                campaign_target=True,
            )
            for n, contact_id in enumerate(ids)
        ],
        batch_size=2000,
    )

    result = await activation.activate(manager, "BIG", allow_without_pricing=True)
    await SegmentLine.filter(segment_id=segment.id, line_no__gt=100_000_000).update(
        campaign_target=False
    )
    await activation.refresh([campaign.id])

    assert (result.customers, result.contacts) == (0, 35_000)
    assert await CampaignTarget.filter(campaign_id=campaign.id).count() == 10_000
