"""The interaction ledger types: Interaction, CampaignEntry, LoggedSegment, with the filter,
ordering, inputs and payloads of logging, cancelling and deleting."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers.interactions import ledger as resolve
from server.schema.common import (
    Node,
    served_from,
    to_one,
)
from server.schema.connection import connection
from server.schema.contacts.types import Contact
from server.schema.enums import Evaluation, InformationFlow, InitiatedBy
from server.schema.interactions.templates import InteractionGroup, InteractionTemplate
from server.schema.segments.types import Segment
from server.schema.setup.types import Salesperson

if TYPE_CHECKING:
    from server.schema.activities.types import Task
    from server.schema.campaigns.types import Campaign
    from server.schema.opportunities.types import Opportunity

U = strawberry.UNSET

CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.campaigns.types")]
OpportunityRef = Annotated["Opportunity", strawberry.lazy("server.schema.opportunities.types")]
TaskRef = Annotated["Task", strawberry.lazy("server.schema.activities.types")]


@strawberry.type(
    description="An interaction log entry. Cost, duration, contact and campaign are "
    "fixed once logged; description, subject and evaluation may be corrected."
)
class Interaction(Node):
    """An interaction log entry."""

    entry_no: int = strawberry.field(description="Entry number (unique, increasing).")
    date: date = strawberry.field(description="Day of the interaction.")
    time: time | None = strawberry.field(description="Time of day, if recorded.")
    description: str = strawberry.field(description="What happened.")
    subject: str | None = strawberry.field(description="Subject.")
    information_flow: InformationFlow = strawberry.field(description="Way information went.")
    initiated_by: InitiatedBy = strawberry.field(description="Who started it.")
    cost: Decimal = strawberry.field(description="Cost (2 decimals).")
    duration: Decimal = strawberry.field(description="Minutes (2 decimals).")
    evaluation: Evaluation | None = strawberry.field(description="How it went, if judged.")
    attempt_failed: bool = strawberry.field(description="The attempt failed.")
    user: str = strawberry.field(description="Username of whoever logged it.")
    campaign_target: bool = strawberry.field(description="The contact was a campaign target.")
    campaign_response: bool = strawberry.field(description="It was a response to the campaign.")
    canceled: bool = strawberry.field(description="Cancelled: excluded from statistics.")
    postponed: bool = strawberry.field(description="Postponed: not yet really logged.")

    contact = to_one(models.Contact, "contact_id", description="The contact.", graphql_type=Contact)

    contact_company = to_one(
        models.Contact,
        "contact_company_id",
        description="The contact's company when it was logged.",
        graphql_type=Contact | None,
    )

    template = to_one(
        models.InteractionTemplate,
        "template_id",
        description="Template used.",
        graphql_type=InteractionTemplate | None,
    )

    group = to_one(
        models.InteractionGroup,
        "group_id",
        description="The template's group.",
        graphql_type=InteractionGroup | None,
    )

    salesperson = to_one(
        models.Salesperson,
        "salesperson_id",
        description="Salesperson who interacted.",
        graphql_type=Salesperson | None,
    )

    campaign = to_one(
        models.Campaign,
        "campaign_id",
        description="Campaign it belongs to.",
        graphql_type=CampaignRef | None,
    )

    campaign_entry = to_one(
        models.CampaignEntry,
        "campaign_entry_id",
        description="Campaign entry it was logged under.",
        graphql_type="CampaignEntry | None",
    )

    segment = to_one(
        models.Segment,
        "segment_id",
        description="Segment it was logged from.",
        graphql_type=Segment | None,
    )

    logged_segment = to_one(
        models.LoggedSegment,
        "logged_segment_id",
        description="Logged segment it belongs to.",
        graphql_type="LoggedSegment | None",
    )

    opportunity = to_one(
        models.Opportunity,
        "opportunity_id",
        description="Opportunity it concerns.",
        graphql_type=OpportunityRef | None,
    )

    task = to_one(
        models.Task, "task_id", description="Task it records.", graphql_type=TaskRef | None
    )

    is_type_of = served_from(models.Interaction)


@strawberry.type(
    description="One logging event of a campaign: a segment logged, or the entry "
    "collecting its single interactions. Created only by logging."
)
class CampaignEntry(Node):
    """A campaign entry."""

    entry_no: int = strawberry.field(description="Entry number (unique, increasing).")
    date: date = strawberry.field(description="Date (the first logged line's).")
    description: str = strawberry.field(
        description="The segment's description, or 'Single interactions'."
    )
    user: str = strawberry.field(description="Username of whoever logged it.")
    single_interactions: bool = strawberry.field(
        description="The entry collecting interactions logged one by one."
    )
    canceled: bool = strawberry.field(description="Cancelled with all its interactions.")

    campaign = to_one(
        models.Campaign, "campaign_id", description="The campaign.", graphql_type=CampaignRef
    )

    segment = to_one(
        models.Segment,
        "segment_id",
        description="Segment logged, if any.",
        graphql_type=Segment | None,
    )

    salesperson = to_one(
        models.Salesperson,
        "salesperson_id",
        description="Salesperson of the segment.",
        graphql_type=Salesperson | None,
    )

    logged_segment = to_one(
        models.LoggedSegment,
        "logged_segment_id",
        description="The logged segment, if any.",
        graphql_type="LoggedSegment | None",
    )

    interactions = connection(
        Interaction, "Its interactions in entry order.", resolve.ENTRY_INTERACTIONS
    )

    is_type_of = served_from(models.CampaignEntry)


@strawberry.type(
    description="The record of a segment having been logged; cancelling it "
    "cancels its campaign entries and interactions."
)
class LoggedSegment(Node):
    """A logged segment."""

    entry_no: int = strawberry.field(description="Entry number (unique, increasing).")
    description: str = strawberry.field(description="The segment's description.")
    creation_date: date = strawberry.field(description="Day it was logged.")
    user: str = strawberry.field(description="Username of whoever logged it.")
    canceled: bool = strawberry.field(description="Cancelled with everything it logged.")

    segment = to_one(models.Segment, "segment_id", description="The segment.", graphql_type=Segment)

    @strawberry.field(
        description="Its campaign entries, one per campaign on the lines.",
        graphql_type=list[CampaignEntry],
    )
    async def campaign_entries(
        self, root: strawberry.Parent[models.LoggedSegment], info: Info
    ) -> Any:
        return await resolve.logged_segment_entries(info, root)

    interactions = connection(
        Interaction, "Its interactions in entry order.", resolve.LOGGED_SEGMENT_INTERACTIONS
    )

    is_type_of = served_from(models.LoggedSegment)
