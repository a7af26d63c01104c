"""Interaction groups and templates: the kinds of interaction and the defaults they give
segments, lines and logged interactions (docs/domain.md "Setup")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from tortoise.models import Model

from server.models import (
    Campaign,
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionTemplate,
)
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCode, ErrorCollector, NotFound
from server.services.core.storage import (
    create_unique,
    delete_unreferenced,
    existing,
    find,
    get_locked,
)
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    UNSET,
    Unset,
    clean_key,
    clean_money,
    clean_text,
    given,
    lookup_key,
    not_null,
)

M = TypeVar("M", bound=Model)

# --- interaction groups --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InteractionGroupDraft:
    """Input for a new interaction group."""

    code: str
    description: str


@dataclass(frozen=True, kw_only=True)
class InteractionGroupChanges:
    """Partial update of an interaction group; the code is immutable."""

    description: str | Unset | None = UNSET


async def create_interaction_group(
    ctx: ServiceContext, draft: InteractionGroupDraft
) -> InteractionGroup:
    """Create an interaction group (code 1-10 characters, unique)."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    code = clean_key(errors, draft.code, "code", max_length=CODE_MAX)
    description = clean_text(errors, draft.description, "description")
    errors.raise_if_any()
    async with transaction():
        return await create_unique(
            InteractionGroup, "Interaction group", "code", code=code, description=description
        )


async def update_interaction_group(
    ctx: ServiceContext, code: str, changes: InteractionGroupChanges
) -> InteractionGroup:
    """Change an interaction group's description."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    values: dict[str, object] = {}
    if given(changes.description):
        values["description"] = clean_text(errors, changes.description, "description")
    errors.raise_if_any()
    async with transaction():
        group = await get_locked(
            InteractionGroup, "Interaction group", "code", code=lookup_key(code)
        )
        await group.update_from_dict(values).save()
        return group


async def delete_interaction_group(ctx: ServiceContext, code: str) -> InteractionGroup:
    """Delete an interaction group; refused while templates or interactions use it."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        group = await get_locked(
            InteractionGroup, "Interaction group", "code", code=lookup_key(code)
        )
        await delete_unreferenced(group, "Interaction group", group.code)
        return group


async def interaction_groups(ctx: ServiceContext) -> list[InteractionGroup]:
    """All interaction groups by code."""
    ctx.require(Permission.READ)
    return await InteractionGroup.all().order_by("code")


async def interaction_group_by_code(ctx: ServiceContext, code: str) -> InteractionGroup | None:
    """One interaction group by code, or None."""
    ctx.require(Permission.READ)
    return await find(InteractionGroup, code=lookup_key(code))


# --- interaction templates -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InteractionTemplateDraft:
    """Input for a new interaction template."""

    code: str
    description: str
    group_code: str
    unit_cost: Decimal | None = None
    unit_duration: Decimal | None = None
    information_flow: InformationFlow | None = InformationFlow.NONE
    initiated_by: InitiatedBy | None = InitiatedBy.NONE
    campaign_no: str | None = None
    campaign_target: bool | None = False
    campaign_response: bool | None = False
    correspondence_type: CorrespondenceType | None = CorrespondenceType.NONE


@dataclass(frozen=True, kw_only=True)
class InteractionTemplateChanges:
    """Partial update of an interaction template; None clears an optional value (a null cost
    or duration becomes 0), UNSET leaves it."""

    description: str | Unset | None = UNSET
    group_code: str | Unset | None = UNSET
    unit_cost: Decimal | Unset | None = UNSET
    unit_duration: Decimal | Unset | None = UNSET
    information_flow: InformationFlow | Unset | None = UNSET
    initiated_by: InitiatedBy | Unset | None = UNSET
    campaign_no: str | Unset | None = UNSET
    campaign_target: bool | Unset | None = UNSET
    campaign_response: bool | Unset | None = UNSET
    correspondence_type: CorrespondenceType | Unset | None = UNSET


#: Fields that may be left out but never cleared.
_NOT_NULL = (
    "information_flow",
    "initiated_by",
    "campaign_target",
    "campaign_response",
    "correspondence_type",
)


def _template_values(
    errors: ErrorCollector, data: InteractionTemplateDraft | InteractionTemplateChanges
) -> dict[str, object]:
    """Validate the fields that need no database look-up."""
    values: dict[str, object] = {}
    if given(data.description):
        values["description"] = clean_text(errors, data.description, "description")
    # Cost is an amount and duration minutes, both >= 0 with 2 decimals: clean_money's rule.
    for name in ("unit_cost", "unit_duration"):
        value = getattr(data, name)
        if given(value):
            values[name] = clean_money(errors, value, name)
    for name in _NOT_NULL:
        value = getattr(data, name)
        if given(value):
            values[name] = not_null(errors, value, name)
    return values


async def _referenced(
    errors: ErrorCollector, model: type[M], entity: str, field: str, **key: str
) -> M | None:
    """A record the template will point at, row-locked so it cannot be deleted meanwhile."""
    try:
        return await get_locked(model, entity, field, no_key=False, **key)
    except NotFound as missing:
        errors.extend([missing])
        return None


async def _template_references(
    errors: ErrorCollector,
    data: InteractionTemplateDraft | InteractionTemplateChanges,
    values: dict[str, object],
) -> None:
    """Resolve the group (required) and the default campaign (optional)."""
    if given(data.group_code):
        code = (data.group_code or "").strip()
        if not code:
            errors.add(ErrorCode.REQUIRED, "Group code is required.", "group_code")
        else:
            group = await _referenced(
                errors, InteractionGroup, "Interaction group", "group_code", code=lookup_key(code)
            )
            values["group_id"] = group.id if group else None
    if given(data.campaign_no):
        no = (data.campaign_no or "").strip()
        campaign = (
            await _referenced(errors, Campaign, "Campaign", "campaign_no", no=lookup_key(no))
            if no
            else None
        )
        values["campaign_id"] = campaign.id if campaign else None


async def create_interaction_template(
    ctx: ServiceContext, draft: InteractionTemplateDraft
) -> InteractionTemplate:
    """Create an interaction template (group required; unit cost and duration >= 0)."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    code = clean_key(errors, draft.code, "code", max_length=CODE_MAX)
    values = _template_values(errors, draft)
    async with transaction():
        await _template_references(errors, draft, values)
        errors.raise_if_any()
        return await create_unique(
            InteractionTemplate, "Interaction template", "code", code=code, **values
        )


async def update_interaction_template(
    ctx: ServiceContext, code: str, changes: InteractionTemplateChanges
) -> InteractionTemplate:
    """Change an interaction template (same rules as creating one; the code is immutable).
    Segments and logged interactions keep the values they copied."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    values = _template_values(errors, changes)
    async with transaction():
        template = await get_locked(
            InteractionTemplate, "Interaction template", "code", code=lookup_key(code)
        )
        await _template_references(errors, changes, values)
        errors.raise_if_any()
        await template.update_from_dict(values).save()
        return template


async def delete_interaction_template(ctx: ServiceContext, code: str) -> InteractionTemplate:
    """Delete an interaction template; refused while segments, lines or interactions use it."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        template = await get_locked(
            InteractionTemplate, "Interaction template", "code", code=lookup_key(code)
        )
        await delete_unreferenced(template, "Interaction template", template.code)
        return template


async def interaction_templates(ctx: ServiceContext) -> list[InteractionTemplate]:
    """All interaction templates by code."""
    ctx.require(Permission.READ)
    return await InteractionTemplate.all().order_by("code")


async def interaction_template_by_code(
    ctx: ServiceContext, code: str
) -> InteractionTemplate | None:
    """One interaction template by code, or None."""
    ctx.require(Permission.READ)
    return await find(InteractionTemplate, code=lookup_key(code))


async def existing_template(
    errors: ErrorCollector, code: str | None, *field: str | int
) -> InteractionTemplate | None:
    """Resolve an interaction template code named in an input (blank: none), recording NOT_FOUND."""
    return await existing(errors, InteractionTemplate, "Interaction template", code, *field)
