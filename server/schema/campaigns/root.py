"""The campaigns area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers.campaigns import campaign as campaign_resolvers
from server.resolvers.mutations import Payload
from server.schema.campaigns import inputs as campaign_inputs
from server.schema.campaigns.types import Campaign, CampaignFilter, CampaignOrder
from server.schema.common import INPUT, KEY
from server.schema.connection import BY_NUMBER, connection


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

    campaigns = connection(
        Campaign,
        "Campaigns, filtered and sorted, as a keyset-paged connection.",
        campaign_resolvers.CAMPAIGNS,
        filter=(CampaignFilter, "Which campaigns."),
        order=(CampaignOrder, BY_NUMBER),
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
