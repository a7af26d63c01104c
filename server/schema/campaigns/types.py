"""The Campaign type, its filter, ordering, inputs and payloads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import activities as activity_resolvers
from server.resolvers import opportunities as opportunity_resolvers
from server.resolvers import sales
from server.resolvers import segments as segment_lists
from server.resolvers.campaigns import campaign as resolve
from server.resolvers.interactions import ledger
from server.resolvers.pricing import lines as pricing
from server.schema.common import Node, served_from
from server.schema.connection import connection, order_input
from server.schema.enums import described_enum
from server.schema.interactions.filter import InteractionFilter, InteractionOrder
from server.schema.interactions.statistics import CampaignStatistics
from server.schema.setup.types import CampaignStatus, Salesperson
from server.services.pricing.activation import ActivationState

if TYPE_CHECKING:
    from server.schema.activities.types import Task
    from server.schema.interactions.types import (
        CampaignEntry,
        Interaction,
    )
    from server.schema.opportunities.types import Opportunity
    from server.schema.pricing.types import CampaignTarget, DiscountLine, PriceLine
    from server.schema.sales.types import SalesDocument
    from server.schema.segments.types import Segment

U = strawberry.UNSET
_LEDGER = "server.schema.interactions.types"
SegmentRef = Annotated["Segment", strawberry.lazy("server.schema.segments.types")]
EntryRef = Annotated["CampaignEntry", strawberry.lazy(_LEDGER)]
InteractionRef = Annotated["Interaction", strawberry.lazy(_LEDGER)]
_PRICING = "server.schema.pricing.types"
PriceLineRef = Annotated["PriceLine", strawberry.lazy(_PRICING)]
DiscountLineRef = Annotated["DiscountLine", strawberry.lazy(_PRICING)]
CampaignTargetRef = Annotated["CampaignTarget", strawberry.lazy(_PRICING)]
TaskRef = Annotated["Task", strawberry.lazy("server.schema.activities.types")]
OpportunityRef = Annotated["Opportunity", strawberry.lazy("server.schema.opportunities.types")]
SalesDocumentRef = Annotated["SalesDocument", strawberry.lazy("server.schema.sales.types")]


described_enum(
    ActivationState,
    name="ActivationState",
    description="Where a campaign stands with activation (C4, A4-A7).",
    values={
        "INACTIVE": "Not activated (never, or deactivated since): its prices reach nobody.",
        "ACTIVE": "Activated with a target group: its prices reach its targets' sales lines.",
        "AWAITING_TARGETS": "Activated, but nothing qualifies at the moment, so the target "
        "group is empty (`activated` is false); it fills again by itself as soon as a target "
        "line or interaction qualifies, without another activation.",
    },
)


@strawberry.type(description="A marketing campaign: dates, status, owner, budget.")
class Campaign(Node):
    """A marketing campaign."""

    no: str = strawberry.field(description="Campaign number (e.g. CP00001), unique, immutable.")
    description: str = strawberry.field(description="What the campaign is about.")
    starting_date: date | None = strawberry.field(
        description="First day of the campaign; null = open start."
    )
    ending_date: date | None = strawberry.field(
        description="Last day of the campaign; null = open end."
    )
    last_date_modified: date = strawberry.field(description="Day of the last change.")
    budgeted_cost: Decimal = strawberry.field(description="Planned cost (2 decimals).")
    expected_revenue: Decimal = strawberry.field(description="Planned revenue (2 decimals).")
    notes: str | None = strawberry.field(description="Free-form notes.")
    created_by: str | None = strawberry.field(
        description="Username of whoever created the campaign (null for imported ones)."
    )

    @strawberry.field(
        description="Informational status (never affects pricing or statistics).",
        graphql_type=CampaignStatus | None,
    )
    async def status(
        self, root: strawberry.Parent[models.Campaign], info: Info
    ) -> models.CampaignStatus | None:
        return await resolve.status(info, root)

    @strawberry.field(
        description="Salesperson responsible for the campaign.",
        graphql_type=Salesperson | None,
    )
    async def salesperson(
        self, root: strawberry.Parent[models.Campaign], info: Info
    ) -> models.Salesperson | None:
        return await resolve.salesperson(info, root)

    segments = connection(
        SegmentRef, "The campaign's segments, by number.", segment_lists.CAMPAIGN_SEGMENTS
    )
    entries = connection(
        EntryRef,
        "The campaign's entries (one per logging event), in entry order.",
        ledger.CAMPAIGN_ENTRIES,
    )
    interactions = connection(
        InteractionRef,
        "The campaign's interactions, filtered and sorted (default: entry order).",
        ledger.CAMPAIGN_INTERACTIONS,
        filter=(InteractionFilter, "Which interactions."),
        order=(InteractionOrder, "Sort keys."),
    )

    @strawberry.field(
        description="Figures over the campaign's counted interactions (not cancelled, not "
        "postponed), optionally within an inclusive date range.",
        graphql_type=CampaignStatistics,
    )
    async def statistics(
        self,
        root: strawberry.Parent[models.Campaign],
        info: Info,
        from_: Annotated[
            date | None,
            strawberry.argument(name="from", description="First interaction date counted."),
        ] = None,
        to: Annotated[
            date | None, strawberry.argument(description="Last interaction date counted.")
        ] = None,
    ) -> Any:
        return await resolve.statistics(info, root, from_, to)

    @strawberry.field(
        description="True when the campaign has a target group (C4): its "
        "prices and discounts reach its targets' sales lines."
    )
    async def activated(self, root: strawberry.Parent[models.Campaign], info: Info) -> bool:
        return await pricing.activated(info, root)

    @strawberry.field(
        description="Where the campaign stands with activation: INACTIVE, ACTIVE, or "
        "AWAITING_TARGETS (activated, but its target group is empty for now and refills by "
        "itself when targets qualify; `activated` is false meanwhile)."
    )
    async def activation_state(
        self, root: strawberry.Parent[models.Campaign], info: Info
    ) -> ActivationState:
        return await pricing.activation_state(info, root)

    price_lines = connection(
        PriceLineRef,
        "The campaign's sales prices (dated like the campaign).",
        pricing.CAMPAIGN_PRICE_LINES,
    )
    discount_lines = connection(
        DiscountLineRef,
        "The campaign's line discounts (dated like the campaign).",
        pricing.CAMPAIGN_DISCOUNT_LINES,
    )
    target_group = connection(
        CampaignTargetRef,
        "Who the campaign's prices reach while it is activated (A1-A7).",
        pricing.CAMPAIGN_TARGETS,
    )
    tasks = connection(
        TaskRef, "Its tasks, by number (or as sorted).", activity_resolvers.CAMPAIGN_TASKS
    )
    opportunities = connection(
        OpportunityRef,
        "Its opportunities, by number.",
        opportunity_resolvers.CAMPAIGN_OPPORTUNITIES,
    )
    sales_documents = connection(
        SalesDocumentRef,
        "Sales documents attributed to the campaign, by number.",
        sales.CAMPAIGN_DOCUMENTS,
    )

    is_type_of = served_from(models.Campaign)


@strawberry.input(description="Which campaigns to list; every given criterion must hold.")
class CampaignFilter:
    """Which campaigns to list."""

    search: str | None = strawberry.field(
        default=U, description="Text contained in the number or description (case-insensitive)."
    )
    status_codes: list[str] | None = strawberry.field(
        default=U, description="Only campaigns with one of these status codes."
    )
    salesperson_codes: list[str] | None = strawberry.field(
        default=U, description="Only campaigns of one of these salespeople."
    )
    active_on: date | None = strawberry.field(
        default=U,
        description="Only campaigns whose date range contains this day (open ends count).",
    )
    starting_after: date | None = strawberry.field(
        default=U, description="Only campaigns starting strictly after this day."
    )
    starting_before: date | None = strawberry.field(
        default=U, description="Only campaigns starting strictly before this day."
    )


CampaignOrder = order_input(
    "CampaignOrder",
    resolve.SORT,
    description="One sort key for campaigns.",
    fields="What campaigns can be sorted by (ties broken by number).",
)
