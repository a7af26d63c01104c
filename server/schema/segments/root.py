"""The segments area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.resolvers import segments
from server.resolvers.mutations import Payload
from server.schema.common import ARG
from server.schema.connection import BY_NUMBER, connection
from server.schema.segments import inputs as segment_inputs
from server.schema.segments import types as segment_types


@strawberry.type(description="Segments.")
class SegmentQueries:
    """Segments."""

    @strawberry.field(
        description="One segment by number; null if none.",
        graphql_type=segment_types.Segment | None,
    )
    async def segment(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Segment number.")]
    ) -> Any:
        return await segments.segment(info, no)

    segments = connection(
        segment_types.Segment,
        "Segments, filtered and sorted, as a keyset-paged connection.",
        segments.SEGMENTS,
        filter=(segment_types.SegmentFilter, "Which segments."),
        order=(segment_types.SegmentOrder, BY_NUMBER),
    )


@strawberry.type(description="Changing segments and their lines.")
class SegmentMutations:
    """Changing segments and their lines."""

    @strawberry.mutation(
        description="Create an open segment.", graphql_type=segment_inputs.SegmentCreatePayload
    )
    async def segment_create(
        self, info: Info, input: Annotated[segment_inputs.SegmentCreateInput, ARG]
    ) -> Payload:
        return await segments.create(info, input)

    @strawberry.mutation(
        description="Change a segment; by default its lines follow (S3).",
        graphql_type=segment_inputs.SegmentUpdatePayload,
    )
    async def segment_update(
        self, info: Info, input: Annotated[segment_inputs.SegmentUpdateInput, ARG]
    ) -> Payload:
        return await segments.update(info, input)

    @strawberry.mutation(
        description="Delete an open segment with its lines.",
        graphql_type=segment_inputs.SegmentDeletePayload,
    )
    async def segment_delete(
        self, info: Info, input: Annotated[segment_inputs.SegmentDeleteInput, ARG]
    ) -> Payload:
        return await segments.delete(info, input)

    @strawberry.mutation(
        description="Add contacts by number and/or filter (each once; blocked ones skipped).",
        graphql_type=segment_inputs.SegmentContactsAddPayload,
    )
    async def segment_contacts_add(
        self, info: Info, input: Annotated[segment_inputs.SegmentContactsAddInput, ARG]
    ) -> Payload:
        return await segments.contacts_add(info, input)

    @strawberry.mutation(
        description="Remove contacts by number and/or filter (reduce).",
        graphql_type=segment_inputs.SegmentContactsRemovePayload,
    )
    async def segment_contacts_remove(
        self, info: Info, input: Annotated[segment_inputs.SegmentContactsRemoveInput, ARG]
    ) -> Payload:
        return await segments.contacts_remove(info, input)

    @strawberry.mutation(
        description="Keep only lines whose contact matches the filter (refine).",
        graphql_type=segment_inputs.SegmentContactsRefinePayload,
    )
    async def segment_contacts_refine(
        self, info: Info, input: Annotated[segment_inputs.SegmentContactsRefineInput, ARG]
    ) -> Payload:
        return await segments.contacts_refine(info, input)

    @strawberry.mutation(
        description="Change one segment line.", graphql_type=segment_inputs.SegmentLineUpdatePayload
    )
    async def segment_line_update(
        self, info: Info, input: Annotated[segment_inputs.SegmentLineUpdateInput, ARG]
    ) -> Payload:
        return await segments.line_update(info, input)

    @strawberry.mutation(
        description="Set Campaign Target on a segment and, by default, all its lines.",
        graphql_type=segment_inputs.SegmentCampaignTargetSetPayload,
    )
    async def segment_campaign_target_set(
        self, info: Info, input: Annotated[segment_inputs.SegmentCampaignTargetSetInput, ARG]
    ) -> Payload:
        return await segments.campaign_target_set(info, input)

    @strawberry.mutation(
        description="Set Campaign Target on chosen lines at once.",
        graphql_type=segment_inputs.SegmentLinesCampaignTargetSetPayload,
    )
    async def segment_lines_campaign_target_set(
        self, info: Info, input: Annotated[segment_inputs.SegmentLinesCampaignTargetSetInput, ARG]
    ) -> Payload:
        return await segments.lines_campaign_target_set(info, input)
