"""Interaction groups and templates: setup CRUD, the template's defaults, refusals while used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.models import (
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    Interaction,
    InteractionGroup,
    InteractionTemplate,
    Segment,
)
from server.services.core.context import Role, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, PermissionDenied, ValidationFailed
from server.services.interactions import templates as svc
from tests.builders import make_campaign, make_contact, make_group, make_template
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


def codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return sorted(((e.code, e.field) for e in exc.errors), key=str)


async def templates() -> list[tuple[object, ...]]:
    return list(
        await InteractionTemplate.all()
        .order_by("code")
        .values_list("code", "description", "group__code", "unit_cost", "campaign__no")
    )


# --- groups --------------------------------------------------------------------------------


async def test_group_create_update_and_list(manager: ServiceContext):
    await svc.create_interaction_group(
        manager, svc.InteractionGroupDraft(code=" phone ", description=" Phone calls ")
    )
    await svc.create_interaction_group(
        manager, svc.InteractionGroupDraft(code="letter", description="Letters")
    )

    await svc.update_interaction_group(
        manager, "Phone", svc.InteractionGroupChanges(description="Calls")
    )

    assert [(g.code, g.description) for g in await svc.interaction_groups(manager)] == [
        ("LETTER", "Letters"),
        ("PHONE", "Calls"),
    ]
    found = await svc.interaction_group_by_code(manager, " phone")
    assert found is not None
    assert found.description == "Calls"
    assert await svc.interaction_group_by_code(manager, "X" * 11) is None


async def test_group_bad_input_and_duplicates_store_nothing(manager: ServiceContext):
    group = await make_group(code="PHONE")

    with pytest.raises(ValidationFailed) as bad:
        await svc.create_interaction_group(
            manager, svc.InteractionGroupDraft(code="TOO-LONG-CODE", description="\x07")
        )
    with pytest.raises(DomainError) as duplicate:
        await svc.create_interaction_group(
            manager, svc.InteractionGroupDraft(code="phone", description="Again")
        )
    with pytest.raises(ValidationFailed) as cleared:
        await svc.update_interaction_group(
            manager, "PHONE", svc.InteractionGroupChanges(description=None)
        )

    assert codes(bad.value) == [
        (ErrorCode.INVALID, ("description",)),
        (ErrorCode.TOO_LONG, ("code",)),
    ]
    assert (duplicate.value.code, duplicate.value.field) == (ErrorCode.DUPLICATE, ("code",))
    assert codes(cleared.value) == [(ErrorCode.REQUIRED, ("description",))]
    assert [(g.code, g.description) for g in await InteractionGroup.all()] == [
        ("PHONE", group.description)
    ]


async def test_group_delete_is_refused_while_templates_or_interactions_use_it(
    manager: ServiceContext,
):
    with_template = await make_group(code="LETTER")
    await make_template(with_template)
    with_interaction = await make_group(code="PHONE")
    await Interaction.create(
        entry_no=1,
        contact=await make_contact(),
        date=date(2026, 3, 1),
        description="Call",
        user="x",
        group=with_interaction,
    )
    await make_group(code="SPARE")

    refusals = []
    for code in ("letter", "phone"):
        with pytest.raises(DomainError) as caught:
            await svc.delete_interaction_group(manager, code)
        refusals.append((caught.value.code, caught.value.message))
    deleted = await svc.delete_interaction_group(manager, "spare")

    assert refusals == [
        (ErrorCode.IN_USE, "Interaction group LETTER is still used by 1 templates."),
        (ErrorCode.IN_USE, "Interaction group PHONE is still used by 1 interactions."),
    ]
    assert deleted.code == "SPARE"
    assert [g.code for g in await InteractionGroup.all().order_by("code")] == ["LETTER", "PHONE"]


# --- templates -----------------------------------------------------------------------------


async def test_template_create_with_every_default(manager: ServiceContext):
    await make_group(code="EVENT")
    await make_campaign(no="CP1")

    created = await svc.create_interaction_template(
        manager,
        svc.InteractionTemplateDraft(
            code="fair",
            description="Trade show visit",
            group_code=" event ",
            unit_cost=Decimal("85.5"),
            unit_duration=Decimal("30.25"),
            information_flow=InformationFlow.INBOUND,
            initiated_by=InitiatedBy.THEM,
            campaign_no="cp1",
            campaign_target=True,
            campaign_response=True,
            correspondence_type=CorrespondenceType.HARD_COPY,
        ),
    )

    stored = await InteractionTemplate.get(code="FAIR").prefetch_related("group", "campaign")
    assert created.code == "FAIR"
    assert (stored.group.code, stored.campaign and stored.campaign.no) == ("EVENT", "CP1")
    assert (stored.unit_cost, stored.unit_duration) == (Decimal("85.50"), Decimal("30.25"))
    assert (stored.information_flow, stored.initiated_by, stored.correspondence_type) == (
        InformationFlow.INBOUND,
        InitiatedBy.THEM,
        CorrespondenceType.HARD_COPY,
    )
    assert (stored.campaign_target, stored.campaign_response) == (True, True)


async def test_template_defaults_are_zero_none_and_false(manager: ServiceContext):
    await make_group(code="LETTER")

    await svc.create_interaction_template(
        manager, svc.InteractionTemplateDraft(code="L", description="Letter", group_code="LETTER")
    )

    stored = await InteractionTemplate.get(code="L")
    assert (stored.unit_cost, stored.unit_duration, stored.campaign_id) == (0, 0, None)  # type: ignore[attr-defined]
    assert (stored.information_flow, stored.initiated_by, stored.correspondence_type) == (
        InformationFlow.NONE,
        InitiatedBy.NONE,
        CorrespondenceType.NONE,
    )
    assert (stored.campaign_target, stored.campaign_response) == (False, False)


async def test_template_create_reports_every_bad_field_and_stores_nothing(
    manager: ServiceContext,
):
    draft = svc.InteractionTemplateDraft(
        code="",
        description="D" * 101,
        group_code="NOPE",
        unit_cost=Decimal("-0.01"),
        unit_duration=Decimal("1.234"),
        information_flow=None,
        campaign_no="NOPE",
        campaign_target=None,
    )

    with pytest.raises(ValidationFailed) as caught:
        await svc.create_interaction_template(manager, draft)

    assert codes(caught.value) == sorted(
        [
            (ErrorCode.REQUIRED, ("code",)),
            (ErrorCode.TOO_LONG, ("description",)),
            (ErrorCode.NOT_FOUND, ("group_code",)),
            (ErrorCode.OUT_OF_RANGE, ("unit_cost",)),
            (ErrorCode.INVALID, ("unit_duration",)),
            (ErrorCode.REQUIRED, ("information_flow",)),
            (ErrorCode.NOT_FOUND, ("campaign_no",)),
            (ErrorCode.REQUIRED, ("campaign_target",)),
        ],
        key=str,
    )
    assert await InteractionTemplate.all().count() == 0


@pytest.mark.parametrize("group_code", ["", "  "])
async def test_template_group_is_required(manager: ServiceContext, group_code: str):
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_interaction_template(
            manager, svc.InteractionTemplateDraft(code="L", description="L", group_code=group_code)
        )

    assert codes(caught.value) == [(ErrorCode.REQUIRED, ("group_code",))]
    assert await InteractionTemplate.all().count() == 0


async def test_template_code_is_unique(manager: ServiceContext):
    group = await make_group(code="LETTER")
    await make_template(group, code="L")

    with pytest.raises(DomainError) as caught:
        await svc.create_interaction_template(
            manager, svc.InteractionTemplateDraft(code="l", description="L", group_code="LETTER")
        )

    assert (caught.value.code, caught.value.field) == (ErrorCode.DUPLICATE, ("code",))
    assert await InteractionTemplate.all().count() == 1


async def test_template_update_moves_group_and_sets_and_clears_the_campaign(
    manager: ServiceContext,
):
    await make_template(await make_group(code="A"), code="T", description="Old")
    await make_group(code="B")
    await make_campaign(no="CP1")

    await svc.update_interaction_template(
        manager,
        "t",
        svc.InteractionTemplateChanges(
            description="New", group_code="b", campaign_no="CP1", unit_cost=Decimal("2")
        ),
    )
    moved = await templates()
    await svc.update_interaction_template(
        manager, "T", svc.InteractionTemplateChanges(campaign_no=None, unit_cost=None)
    )

    assert moved == [("T", "New", "B", Decimal("2.00"), "CP1")]
    assert await templates() == [("T", "New", "B", Decimal("0.00"), None)]


async def test_template_update_refusals_change_nothing(manager: ServiceContext):
    await make_template(await make_group(code="A"), code="T", description="Old")
    before = await templates()

    with pytest.raises(ValidationFailed) as caught:
        await svc.update_interaction_template(
            manager,
            "T",
            svc.InteractionTemplateChanges(
                description="New",
                group_code=None,
                unit_duration=Decimal("-1"),
                initiated_by=None,
                correspondence_type=None,
                campaign_response=None,
            ),
        )

    assert codes(caught.value) == sorted(
        [
            (ErrorCode.REQUIRED, ("group_code",)),
            (ErrorCode.OUT_OF_RANGE, ("unit_duration",)),
            (ErrorCode.REQUIRED, ("initiated_by",)),
            (ErrorCode.REQUIRED, ("correspondence_type",)),
            (ErrorCode.REQUIRED, ("campaign_response",)),
        ],
        key=str,
    )
    assert await templates() == before


async def test_template_delete_is_refused_while_segments_or_interactions_use_it(
    manager: ServiceContext,
):
    in_segment = await make_template(code="SEG")
    await Segment.create(no="SEG1", description="Fair", interaction_template=in_segment)
    logged = await make_template(code="LOG")
    await Interaction.create(
        entry_no=1,
        contact=await make_contact(),
        date=date(2026, 3, 1),
        description="Call",
        user="x",
        template=logged,
    )
    await make_template(code="SPARE")

    refusals = []
    for code in ("SEG", "LOG"):
        with pytest.raises(DomainError) as caught:
            await svc.delete_interaction_template(manager, code)
        refusals.append((caught.value.code, caught.value.message))
    await svc.delete_interaction_template(manager, "spare")

    assert refusals == [
        (ErrorCode.IN_USE, "Interaction template SEG is still used by 1 segments."),
        (ErrorCode.IN_USE, "Interaction template LOG is still used by 1 interactions."),
    ]
    assert [t.code for t in await svc.interaction_templates(manager)] == ["LOG", "SEG"]


async def test_a_campaign_used_as_a_template_default_cannot_be_deleted(manager: ServiceContext):
    from server.services.campaigns import campaign

    await make_template(code="T", campaign=await make_campaign(no="CP1"))

    with pytest.raises(DomainError) as caught:
        await campaign.delete_campaign(manager, "CP1")

    assert caught.value.code == ErrorCode.CAMPAIGN_IN_USE
    assert "1 templates" in caught.value.message


async def test_unknown_groups_and_templates_are_not_found(manager: ServiceContext):
    for call in (
        svc.update_interaction_group(manager, "X", svc.InteractionGroupChanges(description="Y")),
        svc.delete_interaction_group(manager, "X"),
        svc.update_interaction_template(
            manager, "X", svc.InteractionTemplateChanges(description="Y")
        ),
        svc.delete_interaction_template(manager, "X"),
    ):
        with pytest.raises(DomainError) as caught:
            await call
        assert caught.value.code == ErrorCode.NOT_FOUND
    assert await svc.interaction_template_by_code(manager, "x") is None


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER])
async def test_only_managers_and_admins_change_groups_and_templates(role: Role):
    group = await make_group(code="G", description="Group")
    await make_template(group, code="T")
    ctx = make_ctx(role)
    before = (await templates(), [g.description for g in await InteractionGroup.all()])

    calls = (
        svc.create_interaction_group(ctx, svc.InteractionGroupDraft(code="N", description="N")),
        svc.update_interaction_group(ctx, "G", svc.InteractionGroupChanges(description="X")),
        svc.delete_interaction_group(ctx, "G"),
        svc.create_interaction_template(
            ctx, svc.InteractionTemplateDraft(code="N", description="N", group_code="G")
        ),
        svc.update_interaction_template(ctx, "T", svc.InteractionTemplateChanges(description="X")),
        svc.delete_interaction_template(ctx, "T"),
    )
    for call in calls:
        with pytest.raises(PermissionDenied):
            await call

    assert (await templates(), [g.description for g in await InteractionGroup.all()]) == before
    assert [t.code for t in await svc.interaction_templates(ctx)] == ["T"]
    assert [g.code for g in await svc.interaction_groups(ctx)] == ["G"]
