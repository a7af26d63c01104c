"""The campaigns area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.engine.pagination import Page
from server.resolvers.campaigns import campaign as campaign_resolvers
from server.resolvers.mutations import Payload
from server.schema.campaigns import inputs as campaign_inputs
from server.schema.campaigns.types import Campaign, CampaignFilter, CampaignOrder
from server.schema.common import INPUT, KEY, AfterCursor, BeforeCursor, Connection, PageSize


@strawberry.type(description="Campaigns.")
class CampaignQueries:
    """Campaigns."""

    @strawberry.field(
        description="One campaign by number; null if none.", graphql_type=Campaign | None
    )
    async def campaign(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Campaign number.")]
    ) -> models.Campaign | None:
        return await campaign_resolvers.campaign(info, no)

    @strawberry.field(
        description="Campaigns, filtered and sorted, as a keyset-paged connection.",
        graphql_type=Connection[Campaign],
    )
    async def campaigns(
        self,
        info: Info,
        filter: Annotated[
            CampaignFilter | None, strawberry.argument(description="Which campaigns.")
        ] = None,
        order_by: Annotated[
            list[CampaignOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await campaign_resolvers.campaigns(
            info,
            filter,
            order_by,
            first,
            after,
            last,
            before,
        )


@strawberry.type(description="Changing campaigns.")
class CampaignMutations:
    """Changing campaigns."""

    @strawberry.mutation(
        description="Create a campaign.", graphql_type=campaign_inputs.CampaignCreatePayload
    )
    async def campaign_create(
        self,
        info: Info,
        input: Annotated[
            campaign_inputs.CampaignCreateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await campaign_resolvers.create(info, input)

    @strawberry.mutation(
        description="Change a campaign.", graphql_type=campaign_inputs.CampaignUpdatePayload
    )
    async def campaign_update(
        self,
        info: Info,
        input: Annotated[
            campaign_inputs.CampaignUpdateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await campaign_resolvers.update(info, input)

    @strawberry.mutation(
        description="Delete a campaign nothing refers to.",
        graphql_type=campaign_inputs.CampaignDeletePayload,
    )
    async def campaign_delete(
        self, info: Info, input: Annotated[campaign_inputs.CampaignDeleteInput, KEY]
    ) -> Payload:
        return await campaign_resolvers.delete(info, input.no)
