"""Segment and SegmentLine types, with their filter and ordering (changes: segment_changes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.engine.columns import reads
from server.engine.executor import batched
from server.engine.reads import load_many_by_id
from server.resolvers import activities as activity_resolvers
from server.resolvers import segments as resolve
from server.resolvers.interactions import ledger
from server.schema.common import (
    Node,
    served_from,
)
from server.schema.connection import connection, order_input
from server.schema.contacts.types import Contact
from server.schema.enums import (
    Evaluation,
    InformationFlow,
    InitiatedBy,
    SegmentStatus,
)
from server.schema.interactions.templates import InteractionTemplate
from server.schema.setup.types import Salesperson

if TYPE_CHECKING:
    from server.schema.activities.types import Task
    from server.schema.campaigns.types import Campaign
    from server.schema.interactions.types import CampaignEntry, Interaction, LoggedSegment

U = strawberry.UNSET

CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.campaigns.types")]
InteractionRef = Annotated["Interaction", strawberry.lazy("server.schema.interactions.types")]
EntryRef = Annotated["CampaignEntry", strawberry.lazy("server.schema.interactions.types")]
LoggedRef = Annotated["LoggedSegment", strawberry.lazy("server.schema.interactions.types")]

TaskRef = Annotated["Task", strawberry.lazy("server.schema.activities.types")]


@strawberry.type(
    description="A set of contacts to interact with, with the values its lines start from."
)
class Segment(Node):
    """A segment."""

    no: str = strawberry.field(description="Segment number (e.g. SEG00001), unique, immutable.")
    description: str = strawberry.field(description="What the segment is for.")
    campaign_target: bool = strawberry.field(
        description="Its contacts are campaign targets (the default for new lines)."
    )
    campaign_response: bool = strawberry.field(
        description="Its interactions are responses to the campaign (default for new lines)."
    )
    unit_cost: Decimal = strawberry.field(description="Cost per interaction (new lines).")
    unit_duration: Decimal = strawberry.field(description="Minutes per interaction (new lines).")
    date: date | None = strawberry.field(description="Interaction date for new lines.")
    information_flow: InformationFlow = strawberry.field(description="Way information goes.")
    initiated_by: InitiatedBy = strawberry.field(description="Who starts the interactions.")
    subject: str | None = strawberry.field(description="Subject of the interactions.")
    status: SegmentStatus = strawberry.field(description="Open, or logged and read-only.")
    created_by: str | None = strawberry.field(description="Username of whoever created it.")

    @strawberry.field(
        description="The campaign its lines default to.", graphql_type=CampaignRef | None
    )
    async def campaign(self, root: strawberry.Parent[models.Segment], info: Info) -> Any:
        return await resolve.reference(info, models.Campaign, root.campaign_id)

    @strawberry.field(description="Salesperson who owns it.", graphql_type=Salesperson | None)
    async def salesperson(self, root: strawberry.Parent[models.Segment], info: Info) -> Any:
        return await resolve.reference(info, models.Salesperson, root.salesperson_id)

    @strawberry.field(
        description="Interaction template its lines default to.",
        graphql_type=InteractionTemplate | None,
    )
    async def interaction_template(
        self, root: strawberry.Parent[models.Segment], info: Info
    ) -> Any:
        return await resolve.reference(
            info, models.InteractionTemplate, root.interaction_template_id
        )

    @strawberry.field(
        description="The record of its logging; null while open.", graphql_type=LoggedRef | None
    )
    async def logged_segment(self, root: strawberry.Parent[models.Segment], info: Info) -> Any:
        return await resolve.logged_segment(info, root)

    lines = connection("SegmentLine", "Its lines in line order.", resolve.SEGMENT_LINES)

    tasks = connection(
        TaskRef, "Its tasks, by number (or as sorted).", activity_resolvers.SEGMENT_TASKS
    )

    is_type_of = served_from(models.Segment)


@strawberry.type(description="One contact in a segment, with the values it will be logged with.")
class SegmentLine(Node):
    """A segment line."""

    line_no: int = strawberry.field(description="Line number within the segment (10000 steps).")
    campaign_target: bool = strawberry.field(description="The contact is a campaign target.")
    campaign_response: bool = strawberry.field(description="The interaction is a response.")
    cost: Decimal = strawberry.field(description="Cost of the interaction.")
    duration: Decimal = strawberry.field(description="Minutes the interaction takes.")
    date: date | None = strawberry.field(description="Interaction date.")
    description: str | None = strawberry.field(description="Interaction description.")
    evaluation: Evaluation | None = strawberry.field(description="How it went, if known.")
    attempt_failed: bool = strawberry.field(description="The attempt to interact failed.")

    @strawberry.field(description="The segment.", graphql_type=Segment)
    async def segment(self, root: strawberry.Parent[models.SegmentLine], info: Info) -> Any:
        return await resolve.reference(info, models.Segment, root.segment_id)

    @strawberry.field(description="The contact.", graphql_type=Contact)
    async def contact(self, root: strawberry.Parent[models.SegmentLine], info: Info) -> Any:
        return await resolve.reference(info, models.Contact, root.contact_id)

    @strawberry.field(description="Campaign of the interaction.", graphql_type=CampaignRef | None)
    async def campaign(self, root: strawberry.Parent[models.SegmentLine], info: Info) -> Any:
        return await resolve.reference(info, models.Campaign, root.campaign_id)

    @strawberry.field(description="Salesperson who interacts.", graphql_type=Salesperson | None)
    async def salesperson(self, root: strawberry.Parent[models.SegmentLine], info: Info) -> Any:
        return await resolve.reference(info, models.Salesperson, root.salesperson_id)

    @strawberry.field(description="Interaction template.", graphql_type=InteractionTemplate | None)
    async def interaction_template(
        self, root: strawberry.Parent[models.SegmentLine], info: Info
    ) -> Any:
        return await resolve.reference(
            info, models.InteractionTemplate, root.interaction_template_id
        )

    @strawberry.field(
        description="The campaign entry it was logged under; null while open.",
        graphql_type=EntryRef | None,
    )
    async def campaign_entry(self, root: strawberry.Parent[models.SegmentLine], info: Info) -> Any:
        return await resolve.reference(info, models.CampaignEntry, root.campaign_entry_id)

    interactions = connection(
        InteractionRef,
        "This contact's interactions logged from this line's segment.",
        ledger.LINE_INTERACTIONS,
    )

    is_type_of = served_from(models.SegmentLine)


# What the resolvers above read of their parents (engine/columns).
reads(models.Segment, lines="id")
reads(
    models.SegmentLine,
    segment="segment_id",
    contact="contact_id",
    campaign="campaign_id",
    salesperson="salesperson_id",
    interaction_template="interaction_template_id",
)


@batched("SegmentLine", "contact")
async def _lines_contacts(info: Info, roots: list[models.SegmentLine]) -> list[Any]:
    """SegmentLine.contact for a whole batch of lines (batched execution)."""
    return await load_many_by_id(info, models.Contact, [r.contact_id for r in roots], shown=True)


@strawberry.input(description="Which segments to list; every given criterion must hold.")
class SegmentFilter:
    """Which segments to list."""

    campaign_no: str | None = strawberry.field(default=U, description="Only this campaign's.")
    status: SegmentStatus | None = strawberry.field(default=U, description="Open or logged.")
    salesperson_codes: list[str] | None = strawberry.field(
        default=U, description="Only segments of one of these salespeople."
    )
    search: str | None = strawberry.field(
        default=U, description="Text contained in the number or description (case-insensitive)."
    )


SegmentOrder = order_input(
    "SegmentOrder",
    resolve.SORT,
    description="One sort key for segments.",
    fields="What segments can be sorted by.",
)
