"""The setup area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import setup as setup_resolvers
from server.resolvers.mutations import Payload
from server.schema.common import INPUT, KEY
from server.schema.setup import types as setup_types
from server.schema.setup.types import CampaignStatus, Salesperson, Team


@strawberry.type(description="Salespeople, teams and campaign status codes.")
class SetupQueries:
    """Salespeople, teams and campaign status codes."""

    @strawberry.field(description="All salespeople by code.", graphql_type=list[Salesperson])
    async def salespeople(self, info: Info) -> list[models.Salesperson]:
        return await setup_resolvers.salespeople(info)

    @strawberry.field(description="One salesperson by code.", graphql_type=Salesperson | None)
    async def salesperson(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Salesperson code.")]
    ) -> models.Salesperson | None:
        return await setup_resolvers.salesperson(info, code)

    @strawberry.field(description="All teams by code.", graphql_type=list[Team])
    async def teams(self, info: Info) -> list[models.Team]:
        return await setup_resolvers.teams(info)

    @strawberry.field(description="One team by code.", graphql_type=Team | None)
    async def team(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Team code.")]
    ) -> models.Team | None:
        return await setup_resolvers.team(info, code)

    @strawberry.field(
        description="All campaign status codes in sort order.", graphql_type=list[CampaignStatus]
    )
    async def campaign_statuses(self, info: Info) -> list[models.CampaignStatus]:
        return await setup_resolvers.campaign_statuses(info)

    @strawberry.field(
        description="One campaign status by code.", graphql_type=CampaignStatus | None
    )
    async def campaign_status(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Status code.")]
    ) -> models.CampaignStatus | None:
        return await setup_resolvers.campaign_status(info, code)


@strawberry.type(description="Changing salespeople, teams and campaign status codes.")
class SetupMutations:
    """Changing salespeople, teams and campaign status codes."""

    @strawberry.mutation(
        description="Create a salesperson.", graphql_type=setup_types.SalespersonCreatePayload
    )
    async def salesperson_create(
        self,
        info: Info,
        input: Annotated[
            setup_types.SalespersonCreateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await setup_resolvers.salesperson_create(info, input)

    @strawberry.mutation(
        description="Change a salesperson.", graphql_type=setup_types.SalespersonUpdatePayload
    )
    async def salesperson_update(
        self,
        info: Info,
        input: Annotated[
            setup_types.SalespersonUpdateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await setup_resolvers.salesperson_update(info, input)

    @strawberry.mutation(
        description="Delete a salesperson nothing refers to.",
        graphql_type=setup_types.SalespersonDeletePayload,
    )
    async def salesperson_delete(
        self, info: Info, input: Annotated[setup_types.SalespersonDeleteInput, KEY]
    ) -> Payload:
        return await setup_resolvers.salesperson_delete(info, input.code)

    @strawberry.mutation(description="Create a team.", graphql_type=setup_types.TeamCreatePayload)
    async def team_create(
        self,
        info: Info,
        input: Annotated[setup_types.TeamCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await setup_resolvers.team_create(info, input)

    @strawberry.mutation(description="Change a team.", graphql_type=setup_types.TeamUpdatePayload)
    async def team_update(
        self,
        info: Info,
        input: Annotated[setup_types.TeamUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await setup_resolvers.team_update(info, input)

    @strawberry.mutation(
        description="Delete a team nothing refers to.", graphql_type=setup_types.TeamDeletePayload
    )
    async def team_delete(
        self, info: Info, input: Annotated[setup_types.TeamDeleteInput, KEY]
    ) -> Payload:
        return await setup_resolvers.team_delete(info, input.code)

    @strawberry.mutation(
        description="Create a campaign status code.",
        graphql_type=setup_types.CampaignStatusCreatePayload,
    )
    async def campaign_status_create(
        self,
        info: Info,
        input: Annotated[
            setup_types.CampaignStatusCreateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await setup_resolvers.campaign_status_create(info, input)

    @strawberry.mutation(
        description="Change a campaign status code.",
        graphql_type=setup_types.CampaignStatusUpdatePayload,
    )
    async def campaign_status_update(
        self,
        info: Info,
        input: Annotated[
            setup_types.CampaignStatusUpdateInput, strawberry.argument(description=INPUT)
        ],
    ) -> Payload:
        return await setup_resolvers.campaign_status_update(info, input)

    @strawberry.mutation(
        description="Delete a campaign status code no campaign uses.",
        graphql_type=setup_types.CampaignStatusDeletePayload,
    )
    async def campaign_status_delete(
        self, info: Info, input: Annotated[setup_types.CampaignStatusDeleteInput, KEY]
    ) -> Payload:
        return await setup_resolvers.campaign_status_delete(info, input.code)
