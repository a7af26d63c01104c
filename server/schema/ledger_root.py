"""Root fields for segments and the interaction ledger, mixed into Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.engine.pagination import Page
from server.resolvers import segments
from server.resolvers.interactions import ledger
from server.resolvers.mutations import Payload
from server.schema.common import AfterCursor, BeforeCursor, Connection, PageSize
from server.schema.interactions import inputs as g
from server.schema.interactions.types import CampaignEntry, Interaction, LoggedSegment
from server.schema.segments import inputs as sc
from server.schema.segments import types as s

INPUT = "What to do."


ARG = strawberry.argument(description=INPUT)


@strawberry.type(description="Segments and the interaction ledger.")
class LedgerQueries:
    """Segments and the interaction ledger."""

    @strawberry.field(
        description="One segment by number; null if none.", graphql_type=s.Segment | None
    )
    async def segment(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Segment number.")]
    ) -> Any:
        return await segments.segment(info, no)

    @strawberry.field(
        description="Segments, filtered and sorted, as a keyset-paged connection.",
        graphql_type=Connection[s.Segment],
    )
    async def segments(
        self,
        info: Info,
        filter: Annotated[
            s.SegmentFilter | None, strawberry.argument(description="Which segments.")
        ] = None,
        order_by: Annotated[
            list[s.SegmentOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await segments.segments(info, filter, order_by, first, after, last, before)

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


@strawberry.type(description="Changing segments and their lines.")
class SegmentMutations:
    """Changing segments and their lines."""

    @strawberry.mutation(
        description="Create an open segment.", graphql_type=sc.SegmentCreatePayload
    )
    async def segment_create(
        self, info: Info, input: Annotated[sc.SegmentCreateInput, ARG]
    ) -> Payload:
        return await segments.create(info, input)

    @strawberry.mutation(
        description="Change a segment; by default its lines follow (S3).",
        graphql_type=sc.SegmentUpdatePayload,
    )
    async def segment_update(
        self, info: Info, input: Annotated[sc.SegmentUpdateInput, ARG]
    ) -> Payload:
        return await segments.update(info, input)

    @strawberry.mutation(
        description="Delete an open segment with its lines.", graphql_type=sc.SegmentDeletePayload
    )
    async def segment_delete(
        self, info: Info, input: Annotated[sc.SegmentDeleteInput, ARG]
    ) -> Payload:
        return await segments.delete(info, input)

    @strawberry.mutation(
        description="Add contacts by number and/or filter (each once; blocked ones skipped).",
        graphql_type=sc.SegmentContactsAddPayload,
    )
    async def segment_contacts_add(
        self, info: Info, input: Annotated[sc.SegmentContactsAddInput, ARG]
    ) -> Payload:
        return await segments.contacts_add(info, input)

    @strawberry.mutation(
        description="Remove contacts by number and/or filter (reduce).",
        graphql_type=sc.SegmentContactsRemovePayload,
    )
    async def segment_contacts_remove(
        self, info: Info, input: Annotated[sc.SegmentContactsRemoveInput, ARG]
    ) -> Payload:
        return await segments.contacts_remove(info, input)

    @strawberry.mutation(
        description="Keep only lines whose contact matches the filter (refine).",
        graphql_type=sc.SegmentContactsRefinePayload,
    )
    async def segment_contacts_refine(
        self, info: Info, input: Annotated[sc.SegmentContactsRefineInput, ARG]
    ) -> Payload:
        return await segments.contacts_refine(info, input)

    @strawberry.mutation(
        description="Change one segment line.", graphql_type=sc.SegmentLineUpdatePayload
    )
    async def segment_line_update(
        self, info: Info, input: Annotated[sc.SegmentLineUpdateInput, ARG]
    ) -> Payload:
        return await segments.line_update(info, input)

    @strawberry.mutation(
        description="Set Campaign Target on a segment and, by default, all its lines.",
        graphql_type=sc.SegmentCampaignTargetSetPayload,
    )
    async def segment_campaign_target_set(
        self, info: Info, input: Annotated[sc.SegmentCampaignTargetSetInput, ARG]
    ) -> Payload:
        return await segments.campaign_target_set(info, input)

    @strawberry.mutation(
        description="Set Campaign Target on chosen lines at once.",
        graphql_type=sc.SegmentLinesCampaignTargetSetPayload,
    )
    async def segment_lines_campaign_target_set(
        self, info: Info, input: Annotated[sc.SegmentLinesCampaignTargetSetInput, ARG]
    ) -> Payload:
        return await segments.lines_campaign_target_set(info, input)


@strawberry.type(description="Logging, cancelling, restoring and deleting ledger entries.")
class LedgerMutations:
    """Logging, cancelling, restoring and deleting ledger entries."""

    @strawberry.mutation(
        description="Log every line of a segment at once, or nothing (L1, L2).",
        graphql_type=g.SegmentLogPayload,
    )
    async def segment_log(self, info: Info, input: Annotated[g.SegmentLogInput, ARG]) -> Payload:
        return await ledger.segment_log(info, input)

    @strawberry.mutation(
        description="Log one interaction (L3).", graphql_type=g.InteractionLogPayload
    )
    async def interaction_log(
        self, info: Info, input: Annotated[g.InteractionLogInput, ARG]
    ) -> Payload:
        return await ledger.interaction_log(info, input)

    @strawberry.mutation(
        description="Correct an interaction's description, subject or evaluation (L6).",
        graphql_type=g.InteractionUpdatePayload,
    )
    async def interaction_update(
        self, info: Info, input: Annotated[g.InteractionUpdateInput, ARG]
    ) -> Payload:
        return await ledger.interaction_update(info, input)

    @strawberry.mutation(
        description="Cancel an interaction.", graphql_type=g.InteractionCancelPayload
    )
    async def interaction_cancel(
        self, info: Info, input: Annotated[g.InteractionCancelInput, ARG]
    ) -> Payload:
        return await ledger.interaction_set_canceled(info, input.entry_no, True)

    @strawberry.mutation(
        description="Restore a cancelled interaction (not under a cancelled parent, L4).",
        graphql_type=g.InteractionUncancelPayload,
    )
    async def interaction_uncancel(
        self, info: Info, input: Annotated[g.InteractionUncancelInput, ARG]
    ) -> Payload:
        return await ledger.interaction_set_canceled(info, input.entry_no, False)

    @strawberry.mutation(
        description="Delete a cancelled interaction (L5).", graphql_type=g.InteractionDeletePayload
    )
    async def interaction_delete(
        self, info: Info, input: Annotated[g.InteractionDeleteInput, ARG]
    ) -> Payload:
        return await ledger.interaction_delete(info, input.entry_no)

    @strawberry.mutation(
        description="Cancel a campaign entry with its interactions (L4).",
        graphql_type=g.CampaignEntryCancelPayload,
    )
    async def campaign_entry_cancel(
        self, info: Info, input: Annotated[g.CampaignEntryCancelInput, ARG]
    ) -> Payload:
        return await ledger.campaign_entry_set_canceled(info, input.entry_no, True)

    @strawberry.mutation(
        description="Restore a campaign entry with its interactions (L4).",
        graphql_type=g.CampaignEntryUncancelPayload,
    )
    async def campaign_entry_uncancel(
        self, info: Info, input: Annotated[g.CampaignEntryUncancelInput, ARG]
    ) -> Payload:
        return await ledger.campaign_entry_set_canceled(info, input.entry_no, False)

    @strawberry.mutation(
        description="Delete cancelled campaign entries with their interactions (L5).",
        graphql_type=g.CampaignEntriesDeletePayload,
    )
    async def campaign_entries_delete(
        self, info: Info, input: Annotated[g.CampaignEntriesDeleteInput, ARG]
    ) -> Payload:
        return await ledger.campaign_entries_delete(info, list(input.entry_nos))

    @strawberry.mutation(
        description="Cancel a logged segment with its entries and interactions (L4).",
        graphql_type=g.LoggedSegmentCancelPayload,
    )
    async def logged_segment_cancel(
        self, info: Info, input: Annotated[g.LoggedSegmentCancelInput, ARG]
    ) -> Payload:
        return await ledger.logged_segment_set_canceled(info, input.entry_no, True)

    @strawberry.mutation(
        description="Restore a logged segment with its entries and interactions (L4).",
        graphql_type=g.LoggedSegmentUncancelPayload,
    )
    async def logged_segment_uncancel(
        self, info: Info, input: Annotated[g.LoggedSegmentUncancelInput, ARG]
    ) -> Payload:
        return await ledger.logged_segment_set_canceled(info, input.entry_no, False)
