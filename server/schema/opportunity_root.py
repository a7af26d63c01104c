"""Root fields for sales cycles and opportunities, mixed into Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.engine.pagination import Page
from server.resolvers import opportunities as resolve
from server.resolvers.mutations import Payload
from server.schema.common import AfterCursor, BeforeCursor, Connection, PageSize
from server.schema.opportunities import inputs as oi
from server.schema.opportunities import types as o

ARG = strawberry.argument(description="What to do.")


@strawberry.type(description="Sales cycles and opportunities.")
class OpportunityQueries:
    """Sales cycles and opportunities."""

    @strawberry.field(description="All sales cycles by code.", graphql_type=list[o.SalesCycle])
    async def sales_cycles(self, info: Info) -> Any:
        return await resolve.sales_cycles(info)

    @strawberry.field(
        description="One sales cycle by code; null if none.", graphql_type=o.SalesCycle | None
    )
    async def sales_cycle(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Cycle code.")]
    ) -> Any:
        return await resolve.sales_cycle(info, code)

    @strawberry.field(
        description="One opportunity by number; null if none.", graphql_type=o.Opportunity | None
    )
    async def opportunity(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Opportunity no.")]
    ) -> Any:
        return await resolve.opportunity(info, no)

    @strawberry.field(
        description="Opportunities, filtered and sorted, as a keyset-paged connection.",
        graphql_type=Connection[o.Opportunity],
    )
    async def opportunities(
        self,
        info: Info,
        filter: Annotated[
            o.OpportunityFilter | None, strawberry.argument(description="Which opportunities.")
        ] = None,
        order_by: Annotated[
            list[o.OpportunityOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await resolve.opportunities(info, filter, order_by, first, after, last, before)


@strawberry.type(description="Changing sales cycles and opportunities.")
class OpportunityMutations:
    """Changing sales cycles and opportunities."""

    @strawberry.mutation(
        description="Create a sales cycle.", graphql_type=oi.SalesCycleCreatePayload
    )
    async def sales_cycle_create(
        self, info: Info, input: Annotated[oi.SalesCycleCreateInput, ARG]
    ) -> Payload:
        return await resolve.sales_cycle_create(info, input)

    @strawberry.mutation(
        description="Change a sales cycle.", graphql_type=oi.SalesCycleUpdatePayload
    )
    async def sales_cycle_update(
        self, info: Info, input: Annotated[oi.SalesCycleUpdateInput, ARG]
    ) -> Payload:
        return await resolve.sales_cycle_update(info, input)

    @strawberry.mutation(
        description="Delete a sales cycle with its stages; refused while an opportunity in it "
        "is open (O4).",
        graphql_type=oi.SalesCycleDeletePayload,
    )
    async def sales_cycle_delete(
        self, info: Info, input: Annotated[oi.SalesCycleDeleteInput, ARG]
    ) -> Payload:
        return await resolve.sales_cycle_delete(info, input)

    @strawberry.mutation(
        description="Add a stage to a sales cycle.", graphql_type=oi.SalesCycleStageCreatePayload
    )
    async def sales_cycle_stage_create(
        self, info: Info, input: Annotated[oi.SalesCycleStageCreateInput, ARG]
    ) -> Payload:
        return await resolve.stage_create(info, input)

    @strawberry.mutation(
        description="Change a stage of a sales cycle.",
        graphql_type=oi.SalesCycleStageUpdatePayload,
    )
    async def sales_cycle_stage_update(
        self, info: Info, input: Annotated[oi.SalesCycleStageUpdateInput, ARG]
    ) -> Payload:
        return await resolve.stage_update(info, input)

    @strawberry.mutation(
        description="Delete a stage; refused while an opportunity is at it (O4).",
        graphql_type=oi.SalesCycleStageDeletePayload,
    )
    async def sales_cycle_stage_delete(
        self, info: Info, input: Annotated[oi.SalesCycleStageDeleteInput, ARG]
    ) -> Payload:
        return await resolve.stage_delete(info, input)

    @strawberry.mutation(
        description="Create an opportunity (O1 for its campaign).",
        graphql_type=oi.OpportunityCreatePayload,
    )
    async def opportunity_create(
        self, info: Info, input: Annotated[oi.OpportunityCreateInput, ARG]
    ) -> Payload:
        return await resolve.opportunity_create(info, input)

    @strawberry.mutation(
        description="Change an open opportunity (O1 for a new campaign).",
        graphql_type=oi.OpportunityUpdatePayload,
    )
    async def opportunity_update(
        self, info: Info, input: Annotated[oi.OpportunityUpdateInput, ARG]
    ) -> Payload:
        return await resolve.opportunity_update(info, input)

    @strawberry.mutation(
        description="Delete an opportunity with its entries: not while it is in progress (win "
        "or lose it first), nor while a task or an interaction refers to it.",
        graphql_type=oi.OpportunityDeletePayload,
    )
    async def opportunity_delete(
        self, info: Info, input: Annotated[oi.OpportunityDeleteInput, ARG]
    ) -> Payload:
        return await resolve.opportunity_delete(info, input)

    @strawberry.mutation(
        description="Move an opportunity: NEXT, PREVIOUS, JUMP, SKIP, UPDATE, WIN or LOSE (O2, "
        "O3); entering a stage with an activity makes its tasks.",
        graphql_type=oi.OpportunityStageUpdatePayload,
    )
    async def opportunity_stage_update(
        self, info: Info, input: Annotated[oi.OpportunityStageUpdateInput, ARG]
    ) -> Payload:
        return await resolve.opportunity_stage_update(info, input)
