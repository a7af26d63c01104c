"""SalesCycle, SalesCycleStage, Opportunity and OpportunityEntry, with filter and ordering."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.models.opportunities import ActionTaken as DomainActionTaken
from server.models.opportunities import OpportunityStatus as DomainOpportunityStatus
from server.models.opportunities import ProbabilityCalculation as DomainProbabilityCalculation
from server.resolvers import activities as activity_resolvers
from server.resolvers import opportunities as resolve
from server.schema.activities.types import Activity, Priority, Task
from server.schema.common import (
    Node,
    served_from,
    to_one,
)
from server.schema.connection import connection, order_input
from server.schema.enums import described_enum
from server.schema.scalars import DateFormula
from server.schema.setup.types import Salesperson
from server.services.opportunities.stages import StageAction as DomainStageAction

if TYPE_CHECKING:
    from server.schema.campaigns.types import Campaign
    from server.schema.contacts.types import Contact

U = strawberry.UNSET
CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.campaigns.types")]
ContactRef = Annotated["Contact", strawberry.lazy("server.schema.contacts.types")]

described_enum(
    DomainProbabilityCalculation,
    name="ProbabilityCalculation",
    description="How a sales cycle turns a stage's percentages into a probability (O3).",
    values={
        "MULTIPLY": "Chances of success x completed / 100.",
        "ADD": "(Chances of success + completed) / 2.",
        "CHANCES_OF_SUCCESS": "The chances of success.",
        "COMPLETED": "The completed percentage.",
    },
)
ProbabilityCalculation = DomainProbabilityCalculation
described_enum(
    DomainOpportunityStatus,
    name="OpportunityStatus",
    description="Where an opportunity stands.",
    values={
        "NOT_STARTED": "Created; no stage entered yet.",
        "IN_PROGRESS": "At a stage of its sales cycle.",
        "WON": "Closed as won.",
        "LOST": "Closed as lost.",
    },
)
OpportunityStatus = DomainOpportunityStatus
described_enum(
    DomainActionTaken,
    name="OpportunityActionTaken",
    description="The move that made an opportunity entry (O2).",
    values={
        "NEXT": "Moved to the next stage (or entered the first).",
        "PREVIOUS": "Moved back to the previous stage.",
        "UPDATED": "Stayed at the stage with new estimates.",
        "JUMPED": "Jumped to another stage.",
        "SKIPPED": "Skipped forward to a stage that allows it.",
        "WON": "Closed as won.",
        "LOST": "Closed as lost.",
    },
)
OpportunityActionTaken = DomainActionTaken
described_enum(
    DomainStageAction,
    name="OpportunityStageAction",
    description="How to move an opportunity through its sales cycle (O2).",
    values={
        "NEXT": "To the next stage (the first one when not started).",
        "PREVIOUS": "Back to the previous stage.",
        "JUMP": "To the stage given in stageNo, forward or back.",
        "SKIP": "Forward to the stage given in stageNo, which must allow skipping.",
        "UPDATE": "Stay at the stage with new estimates (makes no tasks).",
        "WIN": "Close as won: 100% chances, completed and probability.",
        "LOSE": "Close as lost: probability 0, completed 100, worth 0.",
    },
)
OpportunityStageAction = DomainStageAction


@strawberry.type(description="One stage of a sales cycle.")
class SalesCycleStage:
    """A sales cycle stage."""

    stage: int = strawberry.field(description="Stage number within the cycle (1, 2, ...).")
    description: str = strawberry.field(description="What happens at this stage.")
    completed_percent: Decimal = strawberry.field(description="How far the sale is, 0-100.")
    chances_of_success_percent: Decimal = strawberry.field(
        description="Chances of winning at this stage, 0-100."
    )
    quote_required: bool = strawberry.field(description="A quote is expected at this stage.")
    allow_skip: bool = strawberry.field(description="Opportunities may SKIP forward to it.")
    date_formula: DateFormula = strawberry.field(
        description="Estimated close date from the date of change (blank: keep the previous)."
    )

    activity = to_one(
        models.Activity,
        "activity_id",
        description="Activity whose tasks are made on entering the stage.",
        graphql_type=Activity | None,
    )


@strawberry.type(description="A sequence of stages opportunities move through.")
class SalesCycle(Node):
    """A sales cycle."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    description: str = strawberry.field(description="What the cycle is for.")
    probability_calculation: ProbabilityCalculation = strawberry.field(
        description="How the probability of its opportunities is computed (O3)."
    )
    blocked: bool = strawberry.field(description="Blocked cycles take no new opportunities.")

    @strawberry.field(description="Its stages in order.")
    async def stages(
        self, root: strawberry.Parent[models.SalesCycle], info: Info
    ) -> list[SalesCycleStage]:
        result: list[SalesCycleStage] = await resolve.cycle_stages(info, root)  # type: ignore[assignment]
        return result

    is_type_of = served_from(models.SalesCycle)


@strawberry.type(description="One step in an opportunity's history (O2, O3).")
class OpportunityEntry:
    """An opportunity entry."""

    entry_no: int = strawberry.field(description="Entry number, unique and increasing.")
    stage: int = strawberry.field(description="Stage number in the opportunity's sales cycle.")
    active: bool = strawberry.field(description="The current entry (one per started opportunity).")
    date_of_change: dt.date = strawberry.field(description="When the move happened.")
    date_closed: dt.date | None = strawberry.field(
        description="When the next move replaced it (or the opportunity closed)."
    )
    days_open: int = strawberry.field(description="Days until the next move (0 while active).")
    action_taken: OpportunityActionTaken = strawberry.field(description="The move made.")
    estimated_value: Decimal = strawberry.field(description="Estimated value of the sale.")
    chances_of_success_percent: Decimal = strawberry.field(description="Chances of success %.")
    completed_percent: Decimal = strawberry.field(description="Completed %.")
    probability_percent: Decimal = strawberry.field(description="Probability % (O3).")
    calculated_current_value: Decimal = strawberry.field(
        description="Estimated value x probability / 100, rounded to 0.01."
    )
    estimated_close_date: dt.date | None = strawberry.field(description="Expected close.")
    user: str | None = strawberry.field(description="Username of whoever made the move.")

    @strawberry.field(
        description="The stage itself (null if it was deleted since, which O4 allows only for "
        "stages no active entry is at)."
    )
    async def sales_cycle_stage(
        self, root: strawberry.Parent[models.OpportunityEntry], info: Info
    ) -> SalesCycleStage | None:
        result: SalesCycleStage | None = await resolve.entry_stage(info, root)  # type: ignore[assignment]
        return result


@strawberry.type(description="A chance to sell to a contact, moved through a sales cycle.")
class Opportunity(Node):
    """An opportunity."""

    no: str = strawberry.field(description="Opportunity number (e.g. OP00001), immutable.")
    description: str = strawberry.field(description="What could be sold.")
    status: OpportunityStatus = strawberry.field(description="Where it stands.")
    creation_date: dt.date = strawberry.field(description="When it was created (O1 checks it).")
    closed: bool = strawberry.field(description="Won or lost.")
    date_closed: dt.date | None = strawberry.field(description="When it was won or lost.")
    priority: Priority = strawberry.field(description="How urgent it is.")
    created_by: str | None = strawberry.field(description="Username of whoever created it.")

    contact = to_one(
        models.Contact, "contact_id", description="The contact it is with.", graphql_type=ContactRef
    )

    salesperson = to_one(
        models.Salesperson,
        "salesperson_id",
        description="The salesperson working on it.",
        graphql_type=Salesperson,
    )

    campaign = to_one(
        models.Campaign,
        "campaign_id",
        description="The campaign it came from (O1).",
        graphql_type=CampaignRef | None,
    )

    sales_cycle = to_one(
        models.SalesCycle,
        "sales_cycle_id",
        description="Its sales cycle (null once a closed one's cycle is deleted).",
        graphql_type=SalesCycle | None,
    )

    @strawberry.field(description="Its entries, oldest first.")
    async def entries(
        self, root: strawberry.Parent[models.Opportunity], info: Info
    ) -> list[OpportunityEntry]:
        result: list[OpportunityEntry] = await resolve.opportunity_entries(info, root)  # type: ignore[assignment]
        return result

    @strawberry.field(description="The current entry; null while not started.")
    async def active_entry(
        self, root: strawberry.Parent[models.Opportunity], info: Info
    ) -> OpportunityEntry | None:
        result: OpportunityEntry | None = await resolve.active_entry(info, root)  # type: ignore[assignment]
        return result

    tasks = connection(
        Task,
        "Its tasks (e.g. from stage activities), by number.",
        activity_resolvers.OPPORTUNITY_TASKS,
    )

    is_type_of = served_from(models.Opportunity)


@strawberry.input(description="Which opportunities to list; every given criterion must hold.")
class OpportunityFilter:
    """Which opportunities to list."""

    status: OpportunityStatus | None = strawberry.field(default=U, description="Only this status.")
    salesperson_codes: list[str] | None = strawberry.field(
        default=U, description="Only those of one of these salespeople."
    )
    campaign_no: str | None = strawberry.field(default=U, description="Only this campaign's.")
    contact_no: str | None = strawberry.field(default=U, description="Only this contact's.")
    sales_cycle_code: str | None = strawberry.field(
        default=U, description="Only those in this sales cycle."
    )
    closed: bool | None = strawberry.field(default=U, description="Closed or open ones.")


OpportunityOrder = order_input(
    "OpportunityOrder",
    resolve.SORT,
    description="One sort key for opportunities.",
    fields="What opportunities can be sorted by.",
)
