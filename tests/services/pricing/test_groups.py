"""Customer price/discount groups and item discount groups: CRUD, and deletion while in use."""

from __future__ import annotations

import pytest

from server.models import CustomerDiscountGroup, CustomerPriceGroup, ItemDiscountGroup
from server.services.core.context import Role, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.pricing import groups as svc
from tests.builders import (
    make_customer,
    make_customer_discount_group,
    make_item,
    make_item_discount_group,
    make_price_group,
)
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")

KINDS = [CustomerPriceGroup, CustomerDiscountGroup, ItemDiscountGroup]
Kind = type[CustomerPriceGroup] | type[CustomerDiscountGroup] | type[ItemDiscountGroup]


@pytest.mark.parametrize("model", KINDS, ids=lambda m: m.__name__)
async def test_create_update_list_and_delete(manager: ServiceContext, model: Kind):
    created = await svc.create_group(
        manager, model, svc.GroupDraft(code=" retail ", description=" Retail ")
    )
    await svc.create_group(manager, model, svc.GroupDraft(code="A", description="First"))
    updated = await svc.update_group(
        manager, model, "retail", svc.GroupChanges(description="Shops")
    )

    assert (created.code, updated.description) == ("RETAIL", "Shops")
    assert [g.code for g in await svc.groups(manager, model)] == ["A", "RETAIL"]
    found = await svc.group_by_code(manager, model, "retail")
    assert found is not None
    assert found.description == "Shops"
    assert await svc.group_by_code(manager, model, "NOPE") is None

    deleted = await svc.delete_group(manager, model, "A")

    assert deleted.code == "A"
    assert await model.all().values_list("code", flat=True) == ["RETAIL"]


@pytest.mark.parametrize("model", KINDS, ids=lambda m: m.__name__)
async def test_bad_input_duplicates_and_missing_groups(manager: ServiceContext, model: Kind):
    await svc.create_group(manager, model, svc.GroupDraft(code="G1", description="One"))

    with pytest.raises(ValidationFailed) as bad:
        await svc.create_group(manager, model, svc.GroupDraft(code="", description=""))
    with pytest.raises(DomainError) as duplicate:
        await svc.create_group(manager, model, svc.GroupDraft(code="g1", description="Again"))
    with pytest.raises(ValidationFailed) as blank:
        await svc.update_group(manager, model, "G1", svc.GroupChanges(description=" "))
    with pytest.raises(DomainError) as missing:
        await svc.update_group(manager, model, "NOPE", svc.GroupChanges(description="X"))

    assert sorted(e.field for e in bad.value.errors) == [("code",), ("description",)]
    assert duplicate.value.code == ErrorCode.DUPLICATE
    assert [e.code for e in blank.value.errors] == [ErrorCode.REQUIRED]
    assert missing.value.code == ErrorCode.NOT_FOUND
    assert await model.all().values_list("code", "description") == [("G1", "One")]


async def test_groups_in_use_cannot_be_deleted(manager: ServiceContext):
    price = await make_price_group(code="P")
    discount = await make_customer_discount_group(code="D")
    items = await make_item_discount_group(code="I")
    await make_customer(price_group=price, discount_group=discount)
    await make_item(discount_group=items)

    for model, code in [(CustomerPriceGroup, "P"), (CustomerDiscountGroup, "D")]:
        with pytest.raises(DomainError) as caught:
            await svc.delete_group(manager, model, code)
        assert caught.value.code == ErrorCode.IN_USE
        assert "1 customers" in caught.value.message
    with pytest.raises(DomainError) as item_group:
        await svc.delete_group(manager, ItemDiscountGroup, "I")

    assert "1 items" in item_group.value.message
    assert await CustomerPriceGroup.all().count() == 1
    assert await CustomerDiscountGroup.all().count() == 1
    assert await ItemDiscountGroup.all().count() == 1


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_admins_and_managers_change_groups(role: Role):
    await make_price_group(code="P")
    ctx = make_ctx(role, salesperson="AH")

    with pytest.raises(PermissionDenied):
        await svc.create_group(ctx, CustomerPriceGroup, svc.GroupDraft(code="X", description="X"))
    with pytest.raises(PermissionDenied):
        await svc.update_group(ctx, CustomerPriceGroup, "P", svc.GroupChanges(description="X"))
    with pytest.raises(PermissionDenied):
        await svc.delete_group(ctx, CustomerPriceGroup, "P")
    assert [g.code for g in await svc.groups(ctx, CustomerPriceGroup)] == ["P"]
