"""The interactions area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers.interactions import ledger
from server.resolvers.interactions import templates as template_resolvers
from server.resolvers.mutations import Payload
from server.schema.common import ARG, INPUT, KEY
from server.schema.interactions import inputs as ledger_inputs
from server.schema.interactions import templates as template_types
from server.schema.interactions.templates import InteractionGroup, InteractionTemplate
from server.schema.interactions.types import CampaignEntry, Interaction, LoggedSegment


@strawberry.type(description="Interaction groups and templates.")
class InteractionTemplateQueries:
    """Interaction groups and templates."""

    @strawberry.field(
        description="All interaction groups by code.", graphql_type=list[InteractionGroup]
    )
    async def interaction_groups(self, info: Info) -> list[models.InteractionGroup]:
        return await template_resolvers.interaction_groups(info)

    @strawberry.field(
        description="One interaction group by code.", graphql_type=InteractionGroup | None
    )
    async def interaction_group(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Group code.")]
    ) -> models.InteractionGroup | None:
        return await template_resolvers.interaction_group(info, code)

    @strawberry.field(
        description="All interaction templates by code.", graphql_type=list[InteractionTemplate]
    )
    async def interaction_templates(self, info: Info) -> list[models.InteractionTemplate]:
        return await template_resolvers.interaction_templates(info)

    @strawberry.field(
        description="One interaction template by code.", graphql_type=InteractionTemplate | None
    )
    async def interaction_template(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Template code.")]
    ) -> models.InteractionTemplate | None:
        return await template_resolvers.interaction_template(info, code)


@strawberry.type(description="Changing interaction groups and templates.")
class InteractionTemplateMutations:
    """Changing interaction groups and templates."""

    @strawberry.mutation(
        description="Create an interaction group.",
        graphql_type=template_types.InteractionGroupCreatePayload,
    )
    async def interaction_group_create(
        self,
        info: Info,
        input: Annotated[
            template_types.InteractionGroupCreateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await template_resolvers.group_create(info, input)

    @strawberry.mutation(
        description="Change an interaction group.",
        graphql_type=template_types.InteractionGroupUpdatePayload,
    )
    async def interaction_group_update(
        self,
        info: Info,
        input: Annotated[
            template_types.InteractionGroupUpdateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await template_resolvers.group_update(info, input)

    @strawberry.mutation(
        description="Delete an interaction group no template or interaction uses.",
        graphql_type=template_types.InteractionGroupDeletePayload,
    )
    async def interaction_group_delete(
        self, info: Info, input: Annotated[template_types.InteractionGroupDeleteInput, KEY]
    ) -> Payload:
        return await template_resolvers.group_delete(info, input.code)

    @strawberry.mutation(
        description="Create an interaction template.",
        graphql_type=template_types.InteractionTemplateCreatePayload,
    )
    async def interaction_template_create(
        self,
        info: Info,
        input: Annotated[
            template_types.InteractionTemplateCreateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await template_resolvers.template_create(info, input)

    @strawberry.mutation(
        description="Change an interaction template (what was copied from it stays).",
        graphql_type=template_types.InteractionTemplateUpdatePayload,
    )
    async def interaction_template_update(
        self,
        info: Info,
        input: Annotated[
            template_types.InteractionTemplateUpdateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await template_resolvers.template_update(info, input)

    @strawberry.mutation(
        description="Delete an interaction template nothing uses.",
        graphql_type=template_types.InteractionTemplateDeletePayload,
    )
    async def interaction_template_delete(
        self, info: Info, input: Annotated[template_types.InteractionTemplateDeleteInput, KEY]
    ) -> Payload:
        return await template_resolvers.template_delete(info, input.code)


@strawberry.type(description="The interaction ledger.")
class InteractionQueries:
    """The interaction ledger."""

    @strawberry.field(
        description="One interaction by entry number.", graphql_type=Interaction | None
    )
    async def interaction(
        self, info: Info, entry_no: Annotated[int, strawberry.argument(description="Entry number.")]
    ) -> Any:
        return await ledger.interaction(info, entry_no)

    @strawberry.field(
        description="One campaign entry by entry number.", graphql_type=CampaignEntry | None
    )
    async def campaign_entry(
        self, info: Info, entry_no: Annotated[int, strawberry.argument(description="Entry number.")]
    ) -> Any:
        return await ledger.campaign_entry(info, entry_no)

    @strawberry.field(
        description="One logged segment by entry number.", graphql_type=LoggedSegment | None
    )
    async def logged_segment(
        self, info: Info, entry_no: Annotated[int, strawberry.argument(description="Entry number.")]
    ) -> Any:
        return await ledger.logged_segment(info, entry_no)


@strawberry.type(description="Logging, cancelling, restoring and deleting ledger entries.")
class InteractionMutations:
    """Logging, cancelling, restoring and deleting ledger entries."""

    @strawberry.mutation(
        description="Log every line of a segment at once, or nothing (L1, L2).",
        graphql_type=ledger_inputs.SegmentLogPayload,
    )
    async def segment_log(
        self, info: Info, input: Annotated[ledger_inputs.SegmentLogInput, ARG]
    ) -> Payload:
        return await ledger.segment_log(info, input)

    @strawberry.mutation(
        description="Log one interaction (L3).", graphql_type=ledger_inputs.InteractionLogPayload
    )
    async def interaction_log(
        self, info: Info, input: Annotated[ledger_inputs.InteractionLogInput, ARG]
    ) -> Payload:
        return await ledger.interaction_log(info, input)

    @strawberry.mutation(
        description="Correct an interaction's description, subject or evaluation (L6).",
        graphql_type=ledger_inputs.InteractionUpdatePayload,
    )
    async def interaction_update(
        self, info: Info, input: Annotated[ledger_inputs.InteractionUpdateInput, ARG]
    ) -> Payload:
        return await ledger.interaction_update(info, input)

    @strawberry.mutation(
        description="Cancel an interaction.", graphql_type=ledger_inputs.InteractionCancelPayload
    )
    async def interaction_cancel(
        self, info: Info, input: Annotated[ledger_inputs.InteractionCancelInput, ARG]
    ) -> Payload:
        return await ledger.interaction_set_canceled(info, input.entry_no, True)

    @strawberry.mutation(
        description="Restore a cancelled interaction (not under a cancelled parent, L4).",
        graphql_type=ledger_inputs.InteractionUncancelPayload,
    )
    async def interaction_uncancel(
        self, info: Info, input: Annotated[ledger_inputs.InteractionUncancelInput, ARG]
    ) -> Payload:
        return await ledger.interaction_set_canceled(info, input.entry_no, False)

    @strawberry.mutation(
        description="Delete a cancelled interaction (L5).",
        graphql_type=ledger_inputs.InteractionDeletePayload,
    )
    async def interaction_delete(
        self, info: Info, input: Annotated[ledger_inputs.InteractionDeleteInput, ARG]
    ) -> Payload:
        return await ledger.interaction_delete(info, input.entry_no)

    @strawberry.mutation(
        description="Cancel a campaign entry with its interactions (L4).",
        graphql_type=ledger_inputs.CampaignEntryCancelPayload,
    )
    async def campaign_entry_cancel(
        self, info: Info, input: Annotated[ledger_inputs.CampaignEntryCancelInput, ARG]
    ) -> Payload:
        return await ledger.campaign_entry_set_canceled(info, input.entry_no, True)

    @strawberry.mutation(
        description="Restore a campaign entry with its interactions (L4).",
        graphql_type=ledger_inputs.CampaignEntryUncancelPayload,
    )
    async def campaign_entry_uncancel(
        self, info: Info, input: Annotated[ledger_inputs.CampaignEntryUncancelInput, ARG]
    ) -> Payload:
        return await ledger.campaign_entry_set_canceled(info, input.entry_no, False)

    @strawberry.mutation(
        description="Delete cancelled campaign entries with their interactions (L5).",
        graphql_type=ledger_inputs.CampaignEntriesDeletePayload,
    )
    async def campaign_entries_delete(
        self, info: Info, input: Annotated[ledger_inputs.CampaignEntriesDeleteInput, ARG]
    ) -> Payload:
        return await ledger.campaign_entries_delete(info, list(input.entry_nos))

    @strawberry.mutation(
        description="Cancel a logged segment with its entries and interactions (L4).",
        graphql_type=ledger_inputs.LoggedSegmentCancelPayload,
    )
    async def logged_segment_cancel(
        self, info: Info, input: Annotated[ledger_inputs.LoggedSegmentCancelInput, ARG]
    ) -> Payload:
        return await ledger.logged_segment_set_canceled(info, input.entry_no, True)

    @strawberry.mutation(
        description="Restore a logged segment with its entries and interactions (L4).",
        graphql_type=ledger_inputs.LoggedSegmentUncancelPayload,
    )
    async def logged_segment_uncancel(
        self, info: Info, input: Annotated[ledger_inputs.LoggedSegmentUncancelInput, ARG]
    ) -> Payload:
        return await ledger.logged_segment_set_canceled(info, input.entry_no, False)
