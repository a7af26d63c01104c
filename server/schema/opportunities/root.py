"""The opportunities area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.resolvers import opportunities as opportunity_resolvers
from server.resolvers.mutations import Payload
from server.schema.common import ARG
from server.schema.connection import BY_NUMBER, connection
from server.schema.opportunities import inputs as opportunity_inputs
from server.schema.opportunities import types as opportunity_types


@strawberry.type(description="Sales cycles and opportunities.")
class OpportunityQueries:
    """Sales cycles and opportunities."""

    @strawberry.field(
        description="All sales cycles by code.", graphql_type=list[opportunity_types.SalesCycle]
    )
    async def sales_cycles(self, info: Info) -> Any:
        return await opportunity_resolvers.sales_cycles(info)

    @strawberry.field(
        description="One sales cycle by code; null if none.",
        graphql_type=opportunity_types.SalesCycle | None,
    )
    async def sales_cycle(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Cycle code.")]
    ) -> Any:
        return await opportunity_resolvers.sales_cycle(info, code)

    @strawberry.field(
        description="One opportunity by number; null if none.",
        graphql_type=opportunity_types.Opportunity | None,
    )
    async def opportunity(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Opportunity no.")]
    ) -> Any:
        return await opportunity_resolvers.opportunity(info, no)

    opportunities = connection(
        opportunity_types.Opportunity,
        "Opportunities, filtered and sorted, as a keyset-paged connection.",
        opportunity_resolvers.OPPORTUNITIES,
        filter=(opportunity_types.OpportunityFilter, "Which opportunities."),
        order=(opportunity_types.OpportunityOrder, BY_NUMBER),
    )


@strawberry.type(description="Changing sales cycles and opportunities.")
class OpportunityMutations:
    """Changing sales cycles and opportunities."""

    @strawberry.mutation(
        description="Create a sales cycle.", graphql_type=opportunity_inputs.SalesCycleCreatePayload
    )
    async def sales_cycle_create(
        self, info: Info, input: Annotated[opportunity_inputs.SalesCycleCreateInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.sales_cycle_create(info, input)

    @strawberry.mutation(
        description="Change a sales cycle.", graphql_type=opportunity_inputs.SalesCycleUpdatePayload
    )
    async def sales_cycle_update(
        self, info: Info, input: Annotated[opportunity_inputs.SalesCycleUpdateInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.sales_cycle_update(info, input)

    @strawberry.mutation(
        description="Delete a sales cycle with its stages; refused while an opportunity in it "
        "is open (O4).",
        graphql_type=opportunity_inputs.SalesCycleDeletePayload,
    )
    async def sales_cycle_delete(
        self, info: Info, input: Annotated[opportunity_inputs.SalesCycleDeleteInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.sales_cycle_delete(info, input)

    @strawberry.mutation(
        description="Add a stage to a sales cycle.",
        graphql_type=opportunity_inputs.SalesCycleStageCreatePayload,
    )
    async def sales_cycle_stage_create(
        self, info: Info, input: Annotated[opportunity_inputs.SalesCycleStageCreateInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.stage_create(info, input)

    @strawberry.mutation(
        description="Change a stage of a sales cycle.",
        graphql_type=opportunity_inputs.SalesCycleStageUpdatePayload,
    )
    async def sales_cycle_stage_update(
        self, info: Info, input: Annotated[opportunity_inputs.SalesCycleStageUpdateInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.stage_update(info, input)

    @strawberry.mutation(
        description="Delete a stage; refused while an opportunity is at it (O4).",
        graphql_type=opportunity_inputs.SalesCycleStageDeletePayload,
    )
    async def sales_cycle_stage_delete(
        self, info: Info, input: Annotated[opportunity_inputs.SalesCycleStageDeleteInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.stage_delete(info, input)

    @strawberry.mutation(
        description="Create an opportunity (O1 for its campaign).",
        graphql_type=opportunity_inputs.OpportunityCreatePayload,
    )
    async def opportunity_create(
        self, info: Info, input: Annotated[opportunity_inputs.OpportunityCreateInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.opportunity_create(info, input)

    @strawberry.mutation(
        description="Change an open opportunity (O1 for a new campaign).",
        graphql_type=opportunity_inputs.OpportunityUpdatePayload,
    )
    async def opportunity_update(
        self, info: Info, input: Annotated[opportunity_inputs.OpportunityUpdateInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.opportunity_update(info, input)

    @strawberry.mutation(
        description="Delete an opportunity with its entries: not while it is in progress (win "
        "or lose it first), nor while a task or an interaction refers to it.",
        graphql_type=opportunity_inputs.OpportunityDeletePayload,
    )
    async def opportunity_delete(
        self, info: Info, input: Annotated[opportunity_inputs.OpportunityDeleteInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.opportunity_delete(info, input)

    @strawberry.mutation(
        description="Move an opportunity: NEXT, PREVIOUS, JUMP, SKIP, UPDATE, WIN or LOSE (O2, "
        "O3); entering a stage with an activity makes its tasks.",
        graphql_type=opportunity_inputs.OpportunityStageUpdatePayload,
    )
    async def opportunity_stage_update(
        self, info: Info, input: Annotated[opportunity_inputs.OpportunityStageUpdateInput, ARG]
    ) -> Payload:
        return await opportunity_resolvers.opportunity_stage_update(info, input)
