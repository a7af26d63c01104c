"""The root Mutation type: one `input` argument, a payload with `errors` (API.md)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server.resolvers import accounts as auth_resolvers
from server.resolvers import contacts as contact_resolvers
from server.resolvers import setup as setup_resolvers
from server.resolvers.campaigns import campaign as campaign_resolvers
from server.resolvers.interactions import templates as template_resolvers
from server.resolvers.mutations import Payload
from server.schema import delete_inputs as di
from server.schema.accounts import types as a
from server.schema.campaigns import inputs as cc
from server.schema.contacts import types as ct
from server.schema.interactions import templates as t
from server.schema.ledger_root import LedgerMutations, SegmentMutations
from server.schema.opportunity_root import OpportunityMutations
from server.schema.parties_root import PartyMutations
from server.schema.pricing_root import PricingMutations
from server.schema.sales_root import SalesMutations
from server.schema.setup import types as s
from server.schema.work_root import WorkMutations

INPUT = "What to do."


@strawberry.type(description="Everything that changes data.")
class Mutation(
    PartyMutations,
    PricingMutations,
    SegmentMutations,
    LedgerMutations,
    WorkMutations,
    OpportunityMutations,
    SalesMutations,
):
    """Everything that changes data."""

    @strawberry.mutation(description="Create a campaign.", graphql_type=cc.CampaignCreatePayload)
    async def campaign_create(
        self,
        info: Info,
        input: Annotated[cc.CampaignCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await campaign_resolvers.create(info, input)

    @strawberry.mutation(description="Change a campaign.", graphql_type=cc.CampaignUpdatePayload)
    async def campaign_update(
        self,
        info: Info,
        input: Annotated[cc.CampaignUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await campaign_resolvers.update(info, input)

    @strawberry.mutation(
        description="Delete a campaign nothing refers to.", graphql_type=cc.CampaignDeletePayload
    )
    async def campaign_delete(
        self, info: Info, input: Annotated[di.CampaignDeleteInput, di.KEY]
    ) -> Payload:
        return await campaign_resolvers.delete(info, input.no)

    @strawberry.mutation(
        description="Create a company or person contact.", graphql_type=ct.ContactCreatePayload
    )
    async def contact_create(
        self,
        info: Info,
        input: Annotated[ct.ContactCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await contact_resolvers.create(info, input)

    @strawberry.mutation(description="Change a contact.", graphql_type=ct.ContactUpdatePayload)
    async def contact_update(
        self,
        info: Info,
        input: Annotated[ct.ContactUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await contact_resolvers.update(info, input)

    @strawberry.mutation(
        description="Delete a contact nothing refers to (a company with persons stays).",
        graphql_type=ct.ContactDeletePayload,
    )
    async def contact_delete(
        self, info: Info, input: Annotated[di.ContactDeleteInput, di.KEY]
    ) -> Payload:
        return await contact_resolvers.delete(info, input.no)

    @strawberry.mutation(
        description="Create a salesperson.", graphql_type=s.SalespersonCreatePayload
    )
    async def salesperson_create(
        self,
        info: Info,
        input: Annotated[s.SalespersonCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await setup_resolvers.salesperson_create(info, input)

    @strawberry.mutation(
        description="Change a salesperson.", graphql_type=s.SalespersonUpdatePayload
    )
    async def salesperson_update(
        self,
        info: Info,
        input: Annotated[s.SalespersonUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await setup_resolvers.salesperson_update(info, input)

    @strawberry.mutation(
        description="Delete a salesperson nothing refers to.",
        graphql_type=s.SalespersonDeletePayload,
    )
    async def salesperson_delete(
        self, info: Info, input: Annotated[di.SalespersonDeleteInput, di.KEY]
    ) -> Payload:
        return await setup_resolvers.salesperson_delete(info, input.code)

    @strawberry.mutation(description="Create a team.", graphql_type=s.TeamCreatePayload)
    async def team_create(
        self,
        info: Info,
        input: Annotated[s.TeamCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await setup_resolvers.team_create(info, input)

    @strawberry.mutation(description="Change a team.", graphql_type=s.TeamUpdatePayload)
    async def team_update(
        self,
        info: Info,
        input: Annotated[s.TeamUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await setup_resolvers.team_update(info, input)

    @strawberry.mutation(
        description="Delete a team nothing refers to.", graphql_type=s.TeamDeletePayload
    )
    async def team_delete(
        self, info: Info, input: Annotated[di.TeamDeleteInput, di.KEY]
    ) -> Payload:
        return await setup_resolvers.team_delete(info, input.code)

    @strawberry.mutation(
        description="Create a campaign status code.", graphql_type=s.CampaignStatusCreatePayload
    )
    async def campaign_status_create(
        self,
        info: Info,
        input: Annotated[s.CampaignStatusCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await setup_resolvers.campaign_status_create(info, input)

    @strawberry.mutation(
        description="Change a campaign status code.", graphql_type=s.CampaignStatusUpdatePayload
    )
    async def campaign_status_update(
        self,
        info: Info,
        input: Annotated[s.CampaignStatusUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await setup_resolvers.campaign_status_update(info, input)

    @strawberry.mutation(
        description="Delete a campaign status code no campaign uses.",
        graphql_type=s.CampaignStatusDeletePayload,
    )
    async def campaign_status_delete(
        self, info: Info, input: Annotated[di.CampaignStatusDeleteInput, di.KEY]
    ) -> Payload:
        return await setup_resolvers.campaign_status_delete(info, input.code)

    @strawberry.mutation(
        description="Create an interaction group.", graphql_type=t.InteractionGroupCreatePayload
    )
    async def interaction_group_create(
        self,
        info: Info,
        input: Annotated[t.InteractionGroupCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await template_resolvers.group_create(info, input)

    @strawberry.mutation(
        description="Change an interaction group.", graphql_type=t.InteractionGroupUpdatePayload
    )
    async def interaction_group_update(
        self,
        info: Info,
        input: Annotated[t.InteractionGroupUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await template_resolvers.group_update(info, input)

    @strawberry.mutation(
        description="Delete an interaction group no template or interaction uses.",
        graphql_type=t.InteractionGroupDeletePayload,
    )
    async def interaction_group_delete(
        self, info: Info, input: Annotated[di.InteractionGroupDeleteInput, di.KEY]
    ) -> Payload:
        return await template_resolvers.group_delete(info, input.code)

    @strawberry.mutation(
        description="Create an interaction template.",
        graphql_type=t.InteractionTemplateCreatePayload,
    )
    async def interaction_template_create(
        self,
        info: Info,
        input: Annotated[t.InteractionTemplateCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await template_resolvers.template_create(info, input)

    @strawberry.mutation(
        description="Change an interaction template (what was copied from it stays).",
        graphql_type=t.InteractionTemplateUpdatePayload,
    )
    async def interaction_template_update(
        self,
        info: Info,
        input: Annotated[t.InteractionTemplateUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await template_resolvers.template_update(info, input)

    @strawberry.mutation(
        description="Delete an interaction template nothing uses.",
        graphql_type=t.InteractionTemplateDeletePayload,
    )
    async def interaction_template_delete(
        self, info: Info, input: Annotated[di.InteractionTemplateDeleteInput, di.KEY]
    ) -> Payload:
        return await template_resolvers.template_delete(info, input.code)

    @strawberry.mutation(
        description="Create a user (ADMIN only).", graphql_type=a.UserCreatePayload
    )
    async def user_create(
        self,
        info: Info,
        input: Annotated[a.UserCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await auth_resolvers.user_create(info, input)

    @strawberry.mutation(
        description="Change a user's name, role, salesperson or active flag (ADMIN only).",
        graphql_type=a.UserUpdatePayload,
    )
    async def user_update(
        self,
        info: Info,
        input: Annotated[a.UserUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await auth_resolvers.user_update(info, input)

    @strawberry.mutation(
        description="Issue an API token; the payload shows its secret once (ADMIN only).",
        graphql_type=a.ApiTokenCreatePayload,
    )
    async def api_token_create(
        self,
        info: Info,
        input: Annotated[a.ApiTokenCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await auth_resolvers.api_token_create(info, input)

    @strawberry.mutation(
        description="Revoke an API token for good (ADMIN only).",
        graphql_type=a.ApiTokenRevokePayload,
    )
    async def api_token_revoke(
        self, info: Info, input: Annotated[di.ApiTokenRevokeInput, di.KEY]
    ) -> Payload:
        return await auth_resolvers.api_token_revoke(info, input.id)
