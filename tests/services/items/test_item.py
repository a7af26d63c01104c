"""Item service: numbering, prices, the base unit and other units of measure, deletion, the
item filter."""

from __future__ import annotations

from decimal import Decimal

import pytest

from server.models import Item, ItemUnitOfMeasure
from server.services.core.context import Role, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.items import item as svc
from tests.builders import make_item, make_item_discount_group
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")

D = Decimal


def codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return sorted(((e.code, e.field) for e in exc.errors), key=str)


async def units(no: str) -> list[tuple[str, Decimal]]:
    return [
        (code, qty.normalize())
        for code, qty in await ItemUnitOfMeasure.filter(item__no=no)
        .order_by("code")
        .values_list("code", "quantity_per_unit")
    ]


# --- items ---------------------------------------------------------------------------------


async def test_create_draws_numbers_and_adds_the_base_unit(manager: ServiceContext):
    await make_item_discount_group(code="CHAIRS")

    chair = await svc.create_item(
        manager,
        svc.ItemDraft(
            description=" Office chair ",
            base_unit_of_measure=" pcs ",
            unit_price=D("129.99500"),
            discount_group_code="chairs",
        ),
    )
    desk = await svc.create_item(
        manager, svc.ItemDraft(description="Desk", base_unit_of_measure="PCS")
    )

    assert (chair.no, chair.description, chair.base_unit_of_measure) == (
        "I00001",
        "Office chair",
        "PCS",
    )
    stored = await Item.get(no="I00001").prefetch_related("discount_group")
    assert stored.unit_price == D("129.995")
    assert stored.discount_group is not None
    assert stored.discount_group.code == "CHAIRS"
    assert desk.no == "I00002"
    assert (await Item.get(no="I00002")).unit_price == 0
    assert await units("I00001") == [("PCS", D(1))]


@pytest.mark.parametrize(
    ("price", "code"),
    [
        (D("-0.01"), ErrorCode.OUT_OF_RANGE),
        (D("0.000001"), ErrorCode.INVALID),
        (D("1e15"), ErrorCode.OUT_OF_RANGE),
        (D("NaN"), ErrorCode.INVALID),
    ],
)
async def test_unit_price_is_non_negative_with_at_most_5_decimals(
    manager: ServiceContext, price: Decimal, code: ErrorCode
):
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_item(
            manager, svc.ItemDraft(description="X", base_unit_of_measure="PCS", unit_price=price)
        )

    assert codes(caught.value) == [(code, ("unit_price",))]
    assert await Item.all().count() == 0


async def test_create_reports_every_bad_value(manager: ServiceContext):
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_item(
            manager,
            svc.ItemDraft(
                no="x" * 21,
                description="",
                base_unit_of_measure="TOO LONG UNIT",
                discount_group_code="NOPE",
                blocked=None,
            ),
        )

    assert codes(caught.value) == [
        (ErrorCode.NOT_FOUND, ("discount_group_code",)),
        (ErrorCode.REQUIRED, ("blocked",)),
        (ErrorCode.REQUIRED, ("description",)),
        (ErrorCode.TOO_LONG, ("base_unit_of_measure",)),
        (ErrorCode.TOO_LONG, ("no",)),
    ]
    assert await Item.all().count() == 0


async def test_update_changes_values_and_clears_the_group(manager: ServiceContext):
    group = await make_item_discount_group(code="DESKS")
    await make_item(no="I1", discount_group=group)

    item = await svc.update_item(
        manager,
        "i1",
        svc.ItemChanges(
            description="Standing desk",
            unit_price=D("499.5"),
            discount_group_code=None,
            blocked=True,
        ),
    )

    assert (item.description, item.unit_price, item.blocked) == ("Standing desk", D("499.5"), True)
    stored = await Item.get(no="I1")
    assert (stored.unit_price, stored.discount_group_id, stored.blocked) == (
        D("499.5"),
        None,
        True,
    )


async def test_unit_price_cannot_be_cleared(manager: ServiceContext):
    await make_item(no="I1", unit_price="10")

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_item(manager, "I1", svc.ItemChanges(unit_price=None))

    assert codes(caught.value) == [(ErrorCode.REQUIRED, ("unit_price",))]
    assert (await Item.get(no="I1")).unit_price == 10


async def test_changing_the_base_unit_adds_it_or_needs_quantity_1(manager: ServiceContext):
    item = await make_item(no="I1")
    await ItemUnitOfMeasure.create(item=item, code="BOX", quantity_per_unit=10)

    await svc.update_item(manager, "I1", svc.ItemChanges(base_unit_of_measure="set"))
    assert await units("I1") == [("BOX", D(10)), ("PCS", D(1)), ("SET", D(1))]
    await svc.update_item(manager, "I1", svc.ItemChanges(base_unit_of_measure="PCS"))
    with pytest.raises(ValidationFailed) as caught:
        await svc.update_item(manager, "I1", svc.ItemChanges(base_unit_of_measure="BOX"))

    assert codes(caught.value) == [(ErrorCode.BASE_UNIT_OF_MEASURE, ("base_unit_of_measure",))]
    assert (await Item.get(no="I1")).base_unit_of_measure == "PCS"


async def test_delete_removes_the_item_with_its_units(manager: ServiceContext):
    item = await make_item(no="I1")
    await ItemUnitOfMeasure.create(item=item, code="BOX", quantity_per_unit=10)

    deleted = await svc.delete_item(manager, "I1")

    assert deleted.no == "I1"
    assert await Item.all().count() == 0
    assert await ItemUnitOfMeasure.all().count() == 0


async def test_a_duplicate_or_missing_item_is_refused(manager: ServiceContext):
    await make_item(no="I1")

    with pytest.raises(DomainError) as duplicate:
        await svc.create_item(
            manager, svc.ItemDraft(no="I1", description="X", base_unit_of_measure="PCS")
        )
    with pytest.raises(DomainError) as missing:
        await svc.delete_item(manager, "NOPE")

    assert duplicate.value.code == ErrorCode.DUPLICATE
    assert missing.value.code == ErrorCode.NOT_FOUND
    assert await Item.all().count() == 1


# --- units of measure ----------------------------------------------------------------------


async def test_set_adds_a_unit_and_changes_its_quantity(manager: ServiceContext):
    await make_item(no="I1")

    added = await svc.set_unit_of_measure(manager, "i1", " box ", D("10"))
    changed = await svc.set_unit_of_measure(manager, "I1", "BOX", D("12.5"))
    await svc.set_unit_of_measure(manager, "I1", "PCS", D("1.00000"))  # the base stays 1

    assert (added.code, changed.id) == ("BOX", added.id)
    assert await units("I1") == [("BOX", D("12.5")), ("PCS", D(1))]


@pytest.mark.parametrize(
    ("quantity", "code"),
    [
        (D(0), ErrorCode.OUT_OF_RANGE),
        (D(-1), ErrorCode.OUT_OF_RANGE),
        (D("0.000001"), ErrorCode.INVALID),
        (None, ErrorCode.REQUIRED),
    ],
)
async def test_quantity_per_unit_is_positive_with_at_most_5_decimals(
    manager: ServiceContext, quantity: Decimal | None, code: ErrorCode
):
    await make_item(no="I1")

    with pytest.raises(ValidationFailed) as caught:
        await svc.set_unit_of_measure(manager, "I1", "BOX", quantity)

    assert codes(caught.value) == [(code, ("quantity_per_unit",))]
    assert await units("I1") == [("PCS", D(1))]


async def test_the_base_unit_keeps_quantity_1_and_cannot_be_removed(manager: ServiceContext):
    await make_item(no="I1")

    with pytest.raises(ValidationFailed) as change:
        await svc.set_unit_of_measure(manager, "I1", "PCS", D(2))
    with pytest.raises(DomainError) as remove:
        await svc.delete_unit_of_measure(manager, "I1", "pcs")

    assert codes(change.value) == [(ErrorCode.BASE_UNIT_OF_MEASURE, ("quantity_per_unit",))]
    assert (remove.value.code, remove.value.field) == (ErrorCode.BASE_UNIT_OF_MEASURE, ("code",))
    assert await units("I1") == [("PCS", D(1))]


async def test_delete_removes_another_unit(manager: ServiceContext):
    item = await make_item(no="I1")
    await ItemUnitOfMeasure.create(item=item, code="BOX", quantity_per_unit=10)

    removed = await svc.delete_unit_of_measure(manager, "I1", "box")

    assert removed.code == "BOX"
    assert await units("I1") == [("PCS", D(1))]


async def test_units_of_a_missing_item_or_a_missing_unit_are_not_found(manager: ServiceContext):
    await make_item(no="I1")

    with pytest.raises(DomainError) as no_item:
        await svc.set_unit_of_measure(manager, "NOPE", "BOX", D(1))
    with pytest.raises(DomainError) as no_unit:
        await svc.delete_unit_of_measure(manager, "I1", "BOX")

    assert (no_item.value.code, no_item.value.field) == (ErrorCode.NOT_FOUND, ("item_no",))
    assert (no_unit.value.code, no_unit.value.field) == (ErrorCode.NOT_FOUND, ("code",))


async def test_units_of_items_batches_by_item(manager: ServiceContext):
    first = await make_item(no="I1")
    second = await make_item(no="I2")
    await ItemUnitOfMeasure.create(item=first, code="BOX", quantity_per_unit=10)

    found = await svc.units_of_items(manager, [first.id, second.id])

    assert {k: [u.code for u in v] for k, v in found.items()} == {
        first.id: ["BOX", "PCS"],
        second.id: ["PCS"],
    }


# --- reading -------------------------------------------------------------------------------


async def test_the_item_filter(manager: ServiceContext):
    chairs = await make_item_discount_group(code="CHAIRS")
    await make_item(no="I1", description="Office chair", discount_group=chairs)
    await make_item(no="I2", description="Desk", blocked=True)

    async def nos(**criteria: object) -> list[str]:
        query = svc.items_query(manager, svc.ItemFilter(**criteria))  # type: ignore[arg-type]
        return sorted(await query.values_list("no", flat=True))

    assert await nos() == ["I1", "I2"]
    assert await nos(search="CHAIR") == ["I1"]
    assert await nos(search="i2") == ["I2"]
    assert await nos(search="\x00") == []
    assert await nos(discount_group_code=" chairs ") == ["I1"]
    assert await nos(discount_group_code="X" * 11) == []
    assert await nos(blocked=True) == ["I2"]
    found = await svc.item_by_no(manager, "i1")
    assert found is not None
    assert found.no == "I1"


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_admins_and_managers_change_items(role: Role):
    await make_item(no="I1")
    ctx = make_ctx(role, salesperson="AH")

    with pytest.raises(PermissionDenied):
        await svc.create_item(ctx, svc.ItemDraft(description="X", base_unit_of_measure="PCS"))
    with pytest.raises(PermissionDenied):
        await svc.update_item(ctx, "I1", svc.ItemChanges(description="X"))
    with pytest.raises(PermissionDenied):
        await svc.delete_item(ctx, "I1")
    with pytest.raises(PermissionDenied):
        await svc.set_unit_of_measure(ctx, "I1", "BOX", D(10))
    with pytest.raises(PermissionDenied):
        await svc.delete_unit_of_measure(ctx, "I1", "PCS")
    assert await units("I1") == [("PCS", D(1))]
