"""Customer price groups, customer discount groups and item discount groups (docs/domain.md "Parties
and products").

The three are alike (`code`, description) and share one implementation; each model keeps its
own table so a price line's source can name exactly one kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from server.models import CustomerDiscountGroup, CustomerPriceGroup, ItemDiscountGroup
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCode, ErrorCollector
from server.services.core.storage import create_unique, delete_unreferenced, find, get_locked
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    UNSET,
    Unset,
    clean_key,
    clean_text,
    given,
    lookup_key,
)

G = TypeVar("G", CustomerPriceGroup, CustomerDiscountGroup, ItemDiscountGroup)

#: What each kind of group is called in messages.
GROUP_NAMES: dict[type[object], str] = {
    CustomerPriceGroup: "Customer price group",
    CustomerDiscountGroup: "Customer discount group",
    ItemDiscountGroup: "Item discount group",
}


@dataclass(frozen=True, kw_only=True)
class GroupDraft:
    """Input for a new group."""

    code: str
    description: str


@dataclass(frozen=True, kw_only=True)
class GroupChanges:
    """Partial update of a group; the code is immutable."""

    description: str | Unset | None = UNSET


async def create_group(ctx: ServiceContext, model: type[G], draft: GroupDraft) -> G:
    """Create a group (code 1-10 characters, unique per kind)."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    code = clean_key(errors, draft.code, "code", max_length=CODE_MAX)
    description = clean_text(errors, draft.description, "description")
    errors.raise_if_any()
    async with transaction():
        return await create_unique(
            model, GROUP_NAMES[model], "code", code=code, description=description
        )


async def update_group(ctx: ServiceContext, model: type[G], code: str, changes: GroupChanges) -> G:
    """Change a group's description."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    values: dict[str, object] = {}
    if given(changes.description):
        values["description"] = clean_text(errors, changes.description, "description")
    errors.raise_if_any()
    async with transaction():
        group = await get_locked(model, GROUP_NAMES[model], "code", code=lookup_key(code))
        await group.update_from_dict(values).save()
        return group


async def delete_group(ctx: ServiceContext, model: type[G], code: str) -> G:
    """Delete a group; refused while customers or items belong to it."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        group = await get_locked(model, GROUP_NAMES[model], "code", code=lookup_key(code))
        await delete_unreferenced(group, GROUP_NAMES[model], group.code)
        return group


async def groups(ctx: ServiceContext, model: type[G]) -> list[G]:
    """All groups of one kind by code."""
    ctx.require(Permission.READ)
    return await model.all().order_by("code")


async def group_by_code(ctx: ServiceContext, model: type[G], code: str) -> G | None:
    """One group by code, or None."""
    ctx.require(Permission.READ)
    return await find(model, code=lookup_key(code))


async def existing_group(
    errors: ErrorCollector, model: type[G], code: str | None, field: str
) -> G | None:
    """Resolve an optional group code named in an input (blank: none), recording NOT_FOUND."""
    text = (code or "").strip()
    if not text:
        return None
    group = await find(model, code=lookup_key(text))
    if group is None:
        errors.add(ErrorCode.NOT_FOUND, f"{GROUP_NAMES[model]} {text!r} does not exist.", field)
    return group
