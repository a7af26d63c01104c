"""The root Query type."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.engine.pagination import Page
from server.resolvers import accounts as auth_resolvers
from server.resolvers import contacts as contact_resolvers
from server.resolvers import node as node_resolvers
from server.resolvers import setup as setup_resolvers
from server.resolvers.campaigns import campaign as campaign_resolvers
from server.resolvers.interactions import templates as template_resolvers
from server.schema.accounts.types import User, Viewer
from server.schema.campaigns.types import Campaign, CampaignFilter, CampaignOrder
from server.schema.common import AfterCursor, BeforeCursor, Connection, Node, PageSize
from server.schema.contacts.types import Contact, ContactFilter, ContactOrder
from server.schema.interactions.templates import InteractionGroup, InteractionTemplate
from server.schema.ledger_root import LedgerQueries
from server.schema.opportunity_root import OpportunityQueries
from server.schema.parties_root import PartyQueries
from server.schema.sales_root import SalesQueries
from server.schema.setup.types import CampaignStatus, Salesperson, Team
from server.schema.work_root import WorkQueries


@strawberry.type(description="Everything that can be read.")
class Query(PartyQueries, LedgerQueries, WorkQueries, OpportunityQueries, SalesQueries):
    """Everything that can be read."""

    @strawberry.field(description="Any object by its global ID; null if it does not exist.")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
    ) -> Node | None:
        result: Node | None = await node_resolvers.node(info, id)
        return result

    @strawberry.field(description="Several objects by global ID, in order; null for unknown IDs.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="Up to 100 global IDs.")
        ],
    ) -> list[Node | None]:
        result: list[Node | None] = await node_resolvers.nodes(info, list(ids))
        return result

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

    @strawberry.field(
        description="One contact by number; null if none.", graphql_type=Contact | None
    )
    async def contact(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Contact number.")]
    ) -> models.Contact | None:
        return await contact_resolvers.contact(info, no)

    @strawberry.field(
        description="Contacts (companies and persons), filtered and sorted, keyset-paged.",
        graphql_type=Connection[Contact],
    )
    async def contacts(
        self,
        info: Info,
        filter: Annotated[
            ContactFilter | None, strawberry.argument(description="Which contacts.")
        ] = None,
        order_by: Annotated[
            list[ContactOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await contact_resolvers.contacts(info, filter, order_by, first, after, last, before)

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

    @strawberry.field(
        description="Who is asking: identity, role and salesperson.", graphql_type=Viewer
    )
    async def viewer(self, info: Info) -> auth_resolvers.ViewerRow:
        return await auth_resolvers.viewer(info)

    @strawberry.field(description="All users by username (ADMIN only).", graphql_type=list[User])
    async def users(self, info: Info) -> list[models.User]:
        return await auth_resolvers.users(info)

    @strawberry.field(description="One user by username (ADMIN only).", graphql_type=User | None)
    async def user(
        self, info: Info, username: Annotated[str, strawberry.argument(description="Username.")]
    ) -> models.User | None:
        return await auth_resolvers.user(info, username)
