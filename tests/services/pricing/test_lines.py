"""Price and discount agreements: sources, units, dates (C3) and deletion with the campaign (C5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import (
    Campaign,
    CampaignTarget,
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    PriceLine,
    PriceSourceType,
    Role,
    TargetType,
)
from server.services.campaigns import campaign as campaigns
from server.services.core.context import ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.pricing import activation
from server.services.pricing import lines as svc
from server.services.segments import lines as segment_lines
from tests.builders import (
    make_campaign,
    make_contact,
    make_item,
    make_item_discount_group,
    make_segment,
)
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")

SPRING = (date(2026, 4, 1), date(2026, 4, 30))


def _codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return [(e.code, e.field) for e in exc.errors]


async def test_a_campaign_price_takes_the_campaigns_dates(manager: ServiceContext):
    await make_campaign(no="CP1", starting_date=SPRING[0], ending_date=SPRING[1])
    item = await make_item(no="CHAIR")

    line = await svc.create_price_line(
        manager,
        svc.PriceLineDraft(
            item_no="chair",
            source_type=PriceSourceType.CAMPAIGN,
            source_code="cp1",
            unit_price=Decimal("0.30000"),
        ),
    )

    stored = await PriceLine.get(id=line.id)
    assert (stored.item_id, stored.source_code) == (item.id, "CP1")
    assert (stored.starting_date, stored.ending_date) == SPRING
    assert stored.unit_price == Decimal("0.3")


async def test_moving_the_campaign_moves_its_lines_in_the_same_transaction(
    manager: ServiceContext,
):
    campaign = await make_campaign(no="CP1", starting_date=SPRING[0], ending_date=SPRING[1])
    await make_item(no="CHAIR")
    group = await make_item_discount_group(code="SEATS")
    await svc.create_price_line(
        manager,
        svc.PriceLineDraft(
            item_no="CHAIR",
            source_type=PriceSourceType.CAMPAIGN,
            source_code="CP1",
            unit_price=Decimal("10"),
        ),
    )
    await svc.create_discount_line(
        manager,
        svc.DiscountLineDraft(
            type=DiscountType.ITEM_DISCOUNT_GROUP,
            item_discount_group_code=group.code,
            source_type=DiscountSourceType.CAMPAIGN,
            source_code="CP1",
            line_discount_percent=Decimal("12.5"),
        ),
    )

    await campaigns.update_campaign(
        manager,
        "CP1",
        campaigns.CampaignChanges(starting_date=date(2027, 5, 1), ending_date=None),
    )

    for model in (PriceLine, DiscountLine):
        line = await model.get(campaign_id=campaign.id)
        assert (line.starting_date, line.ending_date) == (date(2027, 5, 1), None)


async def test_campaign_lines_refuse_their_own_dates(manager: ServiceContext):
    await make_campaign(no="CP1")
    await make_item(no="CHAIR")

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_price_line(
            manager,
            svc.PriceLineDraft(
                item_no="CHAIR",
                source_type=PriceSourceType.CAMPAIGN,
                source_code="CP1",
                unit_price=Decimal("1"),
                starting_date=date(2026, 1, 1),
            ),
        )

    assert _codes(caught.value) == [(ErrorCode.IMMUTABLE, ("starting_date",))]
    assert await PriceLine.all().count() == 0


async def test_bad_price_lines_report_every_problem(manager: ServiceContext):
    await make_item(no="CHAIR")

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_price_line(
            manager,
            svc.PriceLineDraft(
                item_no="GHOST",
                source_type=PriceSourceType.CUSTOMER,
                source_code="NOBODY",
                unit_price=Decimal("-1"),
                minimum_quantity=Decimal("0.000001"),
                starting_date=date(2026, 5, 1),
                ending_date=date(2026, 4, 1),
            ),
        )
    with pytest.raises(ValidationFailed) as all_with_code:
        await svc.create_price_line(
            manager,
            svc.PriceLineDraft(
                item_no="CHAIR",
                source_type=PriceSourceType.ALL_CUSTOMERS,
                source_code="X",
                unit_price=Decimal("1"),
                unit_of_measure="CRATE",
            ),
        )

    assert _codes(caught.value) == [
        (ErrorCode.NOT_FOUND, ("item_no",)),
        (ErrorCode.NOT_FOUND, ("source_code",)),
        (ErrorCode.INVALID, ("ending_date",)),
        (ErrorCode.OUT_OF_RANGE, ("unit_price",)),
        (ErrorCode.INVALID, ("minimum_quantity",)),
    ]
    assert _codes(all_with_code.value) == [
        (ErrorCode.INVALID, ("source_code",)),
        (ErrorCode.NOT_FOUND, ("unit_of_measure",)),
    ]
    assert await PriceLine.all().count() == 0


@pytest.mark.parametrize(
    ("percent", "code"),
    [
        (Decimal("0"), ErrorCode.OUT_OF_RANGE),
        (Decimal("100.01"), ErrorCode.OUT_OF_RANGE),
        (Decimal("1.234"), ErrorCode.INVALID),
        (None, ErrorCode.REQUIRED),
    ],
)
async def test_discount_percentages_are_above_zero_and_at_most_100(
    manager: ServiceContext, percent: Decimal | None, code: ErrorCode
):
    await make_item(no="CHAIR")

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_discount_line(
            manager,
            svc.DiscountLineDraft(
                type=DiscountType.ITEM,
                item_no="CHAIR",
                source_type=DiscountSourceType.ALL_CUSTOMERS,
                line_discount_percent=percent,  # type: ignore[arg-type]
            ),
        )

    assert _codes(caught.value) == [(code, ("line_discount_percent",))]


async def test_lines_are_updated_and_deleted(manager: ServiceContext):
    await make_item(no="CHAIR")
    line = await svc.create_price_line(
        manager,
        svc.PriceLineDraft(
            item_no="CHAIR", source_type=PriceSourceType.ALL_CUSTOMERS, unit_price=Decimal("5")
        ),
    )

    await svc.update_price_line(
        manager, line.id, svc.PriceLineChanges(unit_price=Decimal("4.5"), allow_line_discount=False)
    )
    stored = await PriceLine.get(id=line.id)
    assert (stored.unit_price, stored.allow_line_discount) == (Decimal("4.5"), False)

    await svc.delete_price_line(manager, line.id)
    assert await PriceLine.all().count() == 0
    with pytest.raises(DomainError) as missing:
        await svc.delete_price_line(manager, line.id)
    assert missing.value.code is ErrorCode.NOT_FOUND


async def test_deleting_a_campaign_takes_its_lines_and_target_group(manager: ServiceContext):
    campaign = await make_campaign(no="CP1")
    await make_item(no="CHAIR")
    await svc.create_price_line(
        manager,
        svc.PriceLineDraft(
            item_no="CHAIR",
            source_type=PriceSourceType.CAMPAIGN,
            source_code="CP1",
            unit_price=Decimal("3"),
        ),
    )
    # A stale row (nothing supports it) must not keep the campaign alive either.
    await CampaignTarget.create(
        campaign=campaign, type=TargetType.CONTACT, contact=await make_contact()
    )

    await campaigns.delete_campaign(manager, "CP1")

    assert await Campaign.filter(id=campaign.id).count() == 0
    assert await PriceLine.all().count() == 0
    assert await CampaignTarget.all().count() == 0


async def test_an_activated_campaign_in_use_by_segments_is_still_refused(
    manager: ServiceContext,
):
    campaign = await make_campaign(no="CP1")
    segment = await make_segment(campaign=campaign, campaign_target=True)
    await make_contact(no="C1")
    await segment_lines.segment_contacts_add(manager, segment.no, ["C1"])
    await activation.activate(manager, "CP1", allow_without_pricing=True)

    with pytest.raises(DomainError) as caught:
        await campaigns.delete_campaign(manager, "CP1")

    assert caught.value.code is ErrorCode.CAMPAIGN_IN_USE
    assert "segments" in caught.value.message
    assert await CampaignTarget.filter(campaign_id=campaign.id).count() == 1


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_managers_change_prices(role: Role):
    await make_item(no="CHAIR")
    with pytest.raises(PermissionDenied):
        await svc.create_price_line(
            make_ctx(role),
            svc.PriceLineDraft(
                item_no="CHAIR",
                source_type=PriceSourceType.ALL_CUSTOMERS,
                unit_price=Decimal("1"),
            ),
        )
    assert await PriceLine.all().count() == 0


async def test_discount_lines_are_updated_refused_and_deleted(manager: ServiceContext):
    await make_campaign(no="CP1", starting_date=date(2026, 3, 1), ending_date=date(2026, 3, 31))
    await make_item(no="CHAIR")
    line = await svc.create_discount_line(
        manager,
        svc.DiscountLineDraft(
            type=DiscountType.ITEM,
            item_no="CHAIR",
            source_type=DiscountSourceType.CAMPAIGN,
            source_code="CP1",
            line_discount_percent=Decimal("10"),
        ),
    )
    assert (line.starting_date, line.ending_date) == (date(2026, 3, 1), date(2026, 3, 31))

    # Every problem at once, in field order, and nothing changed.
    with pytest.raises(ValidationFailed) as caught:
        await svc.update_discount_line(
            manager,
            line.id,
            svc.DiscountLineChanges(
                minimum_quantity=Decimal("-1"),
                line_discount_percent=Decimal("101"),
                ending_date=date(2026, 4, 30),
            ),
        )
    assert [field for _, field in _codes(caught.value)] == [
        ("minimum_quantity",),
        ("line_discount_percent",),
        ("ending_date",),
    ]
    stored = await DiscountLine.get(id=line.id)
    assert (stored.line_discount_percent, stored.minimum_quantity) == (Decimal("10"), Decimal(0))

    await svc.update_discount_line(
        manager,
        line.id,
        svc.DiscountLineChanges(line_discount_percent=Decimal("12.5"), minimum_quantity=Decimal(2)),
    )
    stored = await DiscountLine.get(id=line.id)
    assert (stored.line_discount_percent, stored.minimum_quantity) == (Decimal("12.5"), Decimal(2))
    assert (stored.starting_date, stored.ending_date) == (date(2026, 3, 1), date(2026, 3, 31))

    await svc.delete_discount_line(manager, line.id)
    assert await DiscountLine.all().count() == 0
    for missing in (
        svc.delete_discount_line(manager, line.id),
        svc.update_discount_line(manager, line.id, svc.DiscountLineChanges()),
        svc.update_price_line(manager, line.id, svc.PriceLineChanges()),
    ):
        with pytest.raises(DomainError) as refused:
            await missing
        assert refused.value.code is ErrorCode.NOT_FOUND
