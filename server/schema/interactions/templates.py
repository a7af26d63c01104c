"""Interaction groups and templates, with their inputs and payloads."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers.interactions import templates as resolve
from server.schema.campaigns.types import Campaign
from server.schema.common import Node, UserError, served_from
from server.schema.enums import CorrespondenceType, InformationFlow, InitiatedBy

U = strawberry.UNSET


@strawberry.type(description="A group of interaction templates (letters, calls, meetings).")
class InteractionGroup(Node):
    """An interaction group."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    description: str = strawberry.field(description="What the group holds.")

    is_type_of = served_from(models.InteractionGroup)


@strawberry.type(
    description="A kind of interaction, with the defaults it gives segments, lines and logged "
    "interactions."
)
class InteractionTemplate(Node):
    """An interaction template."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    description: str = strawberry.field(description="What kind of interaction it is.")
    unit_cost: Decimal = strawberry.field(description="Cost per interaction (>= 0, 2 decimals).")
    unit_duration: Decimal = strawberry.field(
        description="Minutes per interaction (>= 0, 2 decimals)."
    )
    information_flow: InformationFlow = strawberry.field(description="Which way it goes.")
    initiated_by: InitiatedBy = strawberry.field(description="Who starts it.")
    campaign_target: bool = strawberry.field(
        description="Default: the contacts are campaign targets."
    )
    campaign_response: bool = strawberry.field(
        description="Default: the interaction is a response to the campaign."
    )
    correspondence_type: CorrespondenceType = strawberry.field(
        description="How correspondence is sent."
    )

    @strawberry.field(
        description="The group the template belongs to.", graphql_type=InteractionGroup
    )
    async def group(
        self, root: strawberry.Parent[models.InteractionTemplate], info: Info
    ) -> models.InteractionGroup:
        return await resolve.template_group(info, root)

    @strawberry.field(
        description="Default campaign for segments without one.", graphql_type=Campaign | None
    )
    async def campaign(
        self, root: strawberry.Parent[models.InteractionTemplate], info: Info
    ) -> models.Campaign | None:
        return await resolve.template_campaign(info, root)

    is_type_of = served_from(models.InteractionTemplate)


# --- inputs --------------------------------------------------------------------------------


@strawberry.input(description="A new interaction group.")
class InteractionGroupCreateInput:
    """A new interaction group."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    description: str = strawberry.field(description="What the group holds.")


@strawberry.input(description="Changes to an interaction group; omitted fields stay.")
class InteractionGroupUpdateInput:
    """Changes to an interaction group."""

    code: str = strawberry.field(description="Which group (the code cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")


@strawberry.input(description="A new interaction template.")
class InteractionTemplateCreateInput:
    """A new interaction template."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    description: str = strawberry.field(description="What kind of interaction it is.")
    group_code: str = strawberry.field(description="Code of its interaction group.")
    unit_cost: Decimal | None = strawberry.field(
        default=U, description="Cost per interaction, >= 0 (default 0)."
    )
    unit_duration: Decimal | None = strawberry.field(
        default=U, description="Minutes per interaction, >= 0 (default 0)."
    )
    information_flow: InformationFlow | None = strawberry.field(
        default=U, description="Which way it goes (default NONE)."
    )
    initiated_by: InitiatedBy | None = strawberry.field(
        default=U, description="Who starts it (default NONE)."
    )
    campaign_no: str | None = strawberry.field(default=U, description="Default campaign.")
    campaign_target: bool | None = strawberry.field(
        default=U, description="Default campaign target flag (default false)."
    )
    campaign_response: bool | None = strawberry.field(
        default=U, description="Default campaign response flag (default false)."
    )
    correspondence_type: CorrespondenceType | None = strawberry.field(
        default=U, description="How correspondence is sent (default NONE)."
    )


@strawberry.input(
    description="Changes to an interaction template; omitted fields stay, null clears."
)
class InteractionTemplateUpdateInput:
    """Changes to an interaction template."""

    code: str = strawberry.field(description="Which template (the code cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")
    group_code: str | None = strawberry.field(default=U, description="New group (not null).")
    unit_cost: Decimal | None = strawberry.field(
        default=U, description="New cost per interaction (null: 0)."
    )
    unit_duration: Decimal | None = strawberry.field(
        default=U, description="New minutes per interaction (null: 0)."
    )
    information_flow: InformationFlow | None = strawberry.field(
        default=U, description="New information flow."
    )
    initiated_by: InitiatedBy | None = strawberry.field(default=U, description="New initiator.")
    campaign_no: str | None = strawberry.field(
        default=U, description="New default campaign (null: none)."
    )
    campaign_target: bool | None = strawberry.field(
        default=U, description="New default campaign target flag."
    )
    campaign_response: bool | None = strawberry.field(
        default=U, description="New default campaign response flag."
    )
    correspondence_type: CorrespondenceType | None = strawberry.field(
        default=U, description="New correspondence type."
    )


# --- payloads ------------------------------------------------------------------------------


@strawberry.type(description="Result of an interaction group mutation.")
class InteractionGroupPayload:
    """Result of an interaction group mutation."""

    interaction_group: InteractionGroup | None = strawberry.field(
        description="The group, if saved."
    )
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating an interaction group.")
class InteractionGroupCreatePayload(InteractionGroupPayload):
    """Result of creating an interaction group."""


@strawberry.type(description="Result of changing an interaction group.")
class InteractionGroupUpdatePayload(InteractionGroupPayload):
    """Result of changing an interaction group."""


@strawberry.type(description="Result of deleting an interaction group.")
class InteractionGroupDeletePayload(InteractionGroupPayload):
    """Result of deleting an interaction group."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted record.")


@strawberry.type(description="Result of an interaction template mutation.")
class InteractionTemplatePayload:
    """Result of an interaction template mutation."""

    interaction_template: InteractionTemplate | None = strawberry.field(
        description="The template, if saved."
    )
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating an interaction template.")
class InteractionTemplateCreatePayload(InteractionTemplatePayload):
    """Result of creating an interaction template."""


@strawberry.type(description="Result of changing an interaction template.")
class InteractionTemplateUpdatePayload(InteractionTemplatePayload):
    """Result of changing an interaction template."""


@strawberry.type(description="Result of deleting an interaction template.")
class InteractionTemplateDeletePayload(InteractionTemplatePayload):
    """Result of deleting an interaction template."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted record.")


@strawberry.input(description="Which interaction group to delete (nothing may refer to it).")
class InteractionGroupDeleteInput:
    """Which interaction group to delete."""

    code: str = strawberry.field(description="Interaction group code.")


@strawberry.input(description="Which interaction template to delete (nothing may refer to it).")
class InteractionTemplateDeleteInput:
    """Which interaction template to delete."""

    code: str = strawberry.field(description="Interaction template code.")
