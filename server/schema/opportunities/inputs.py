"""Inputs and payloads of the sales cycle and opportunity mutations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry

from server.schema.activities.types import Priority
from server.schema.common import IdempotentInput, UserError
from server.schema.opportunities.types import (
    Opportunity,
    OpportunityStageAction,
    ProbabilityCalculation,
    SalesCycle,
    SalesCycleStage,
)
from server.schema.scalars import DateFormula

U = strawberry.UNSET
ERRORS = "Why nothing changed (empty on success)."


@strawberry.input(description="A new sales cycle (add its stages with salesCycleStageCreate).")
class SalesCycleCreateInput:
    """A new sales cycle."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    description: str = strawberry.field(description="What the cycle is for.")
    probability_calculation: ProbabilityCalculation | None = strawberry.field(
        default=U, description="How probability is computed (default MULTIPLY)."
    )
    blocked: bool | None = strawberry.field(default=U, description="Take no new opportunities.")


@strawberry.input(description="Changes to a sales cycle; omitted fields stay.")
class SalesCycleUpdateInput:
    """Changes to a sales cycle."""

    code: str = strawberry.field(description="Which cycle (the code cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")
    probability_calculation: ProbabilityCalculation | None = strawberry.field(
        default=U, description="New method (entries already made keep their figures)."
    )
    blocked: bool | None = strawberry.field(default=U, description="Blocked or not.")


@strawberry.input(description="Which sales cycle to delete (O4: none of its opportunities open).")
class SalesCycleDeleteInput:
    """Which sales cycle to delete."""

    code: str = strawberry.field(description="Sales cycle code.")


@strawberry.input(
    description="Which opportunity to delete (not while in progress, nor while a task or an "
    "interaction refers to it)."
)
class OpportunityDeleteInput:
    """Which opportunity to delete."""

    no: str = strawberry.field(description="Opportunity number.")


@strawberry.input(description="A new stage of a sales cycle.")
class SalesCycleStageCreateInput:
    """A new stage."""

    sales_cycle_code: str = strawberry.field(description="The sales cycle.")
    stage: int = strawberry.field(description="Stage number, unique within the cycle (1-10000).")
    description: str = strawberry.field(description="What happens at this stage.")
    completed_percent: Decimal | None = strawberry.field(
        default=U, description="How far the sale is, 0-100 (default 0)."
    )
    chances_of_success_percent: Decimal | None = strawberry.field(
        default=U, description="Chances of winning, 0-100 (default 0)."
    )
    activity_code: str | None = strawberry.field(
        default=U, description="Activity whose tasks are made on entering the stage."
    )
    quote_required: bool | None = strawberry.field(default=U, description="A quote is expected.")
    allow_skip: bool | None = strawberry.field(
        default=U, description="Opportunities may SKIP forward to this stage."
    )
    date_formula: DateFormula | None = strawberry.field(
        default=U, description="Estimated close date from the date of change."
    )


@strawberry.input(description="Changes to a stage; omitted fields stay, null clears.")
class SalesCycleStageUpdateInput:
    """Changes to a stage."""

    sales_cycle_code: str = strawberry.field(description="The sales cycle.")
    stage: int = strawberry.field(description="Which stage (the number cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")
    completed_percent: Decimal | None = strawberry.field(default=U, description="Completed %.")
    chances_of_success_percent: Decimal | None = strawberry.field(
        default=U, description="Chances of success %."
    )
    activity_code: str | None = strawberry.field(default=U, description="Activity (null: none).")
    quote_required: bool | None = strawberry.field(default=U, description="A quote is expected.")
    allow_skip: bool | None = strawberry.field(default=U, description="May be skipped to.")
    date_formula: DateFormula | None = strawberry.field(
        default=U, description="Estimated close date formula."
    )


@strawberry.input(description="Which stage to delete (O4: no opportunity currently at it).")
class SalesCycleStageDeleteInput:
    """Which stage to delete."""

    sales_cycle_code: str = strawberry.field(description="The sales cycle.")
    stage: int = strawberry.field(description="Stage number.")


@strawberry.input(description="A new opportunity.")
class OpportunityCreateInput(IdempotentInput):
    """A new opportunity."""

    no: str | None = strawberry.field(default=U, description="Number; blank draws OP00001...")
    description: str = strawberry.field(description="What could be sold, 1-100 characters.")
    contact_no: str | None = strawberry.field(description="The contact (required).")
    salesperson_code: str | None = strawberry.field(
        default=U, description="Salesperson (SALES users: themselves, the default)."
    )
    campaign_no: str | None = strawberry.field(
        default=U,
        description="Campaign; must be activated and running on the creation date (O1).",
    )
    sales_cycle_code: str | None = strawberry.field(description="The sales cycle (required).")
    priority: Priority | None = strawberry.field(default=U, description="Priority (NORMAL).")
    creation_date: dt.date | None = strawberry.field(default=U, description="Default today.")
    activate_first_stage: bool | None = strawberry.field(
        default=U, description="Enter the cycle's first stage at once (on the creation date)."
    )
    estimated_value: Decimal | None = strawberry.field(
        default=U, description="Estimated value for the first stage."
    )
    estimated_close_date: dt.date | None = strawberry.field(
        default=U, description="Estimated close date for the first stage."
    )


@strawberry.input(description="Changes to an open opportunity; omitted fields stay.")
class OpportunityUpdateInput:
    """Changes to an opportunity."""

    no: str = strawberry.field(description="Which opportunity (the number cannot change).")
    description: str | None = strawberry.field(default=U, description="What could be sold.")
    priority: Priority | None = strawberry.field(default=U, description="Priority.")
    salesperson_code: str | None = strawberry.field(default=U, description="Salesperson.")
    campaign_no: str | None = strawberry.field(
        default=U, description="Campaign (O1 against the creation date); null: none."
    )


@strawberry.input(description="Move an opportunity through its sales cycle (O2).")
class OpportunityStageUpdateInput:
    """Move an opportunity."""

    opportunity_no: str = strawberry.field(description="Which opportunity.")
    action: OpportunityStageAction = strawberry.field(description="The move.")
    stage_no: int | None = strawberry.field(default=U, description="Target stage (JUMP, SKIP).")
    date_of_change: dt.date | None = strawberry.field(
        default=U, description="When (default today; not before the current entry's)."
    )
    estimated_value: Decimal | None = strawberry.field(
        default=U, description="Estimated value (default: the current entry's)."
    )
    estimated_close_date: dt.date | None = strawberry.field(
        default=U,
        description="Expected close (default: the stage's formula, else the current entry's).",
    )
    chances_of_success_percent: Decimal | None = strawberry.field(
        default=U,
        description="Chances of success for this entry, 0-100 (default: the stage's); the "
        "probability follows the cycle's method. Not for WIN or LOSE.",
    )
    cancel_open_tasks: bool | None = strawberry.field(
        default=U, description="Cancel the opportunity's open tasks first."
    )


@strawberry.type(description="Result of creating or changing a sales cycle.")
class SalesCyclePayload:
    """Result of a sales cycle mutation."""

    sales_cycle: SalesCycle | None = strawberry.field(description="The sales cycle, if saved.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating a sales cycle.")
class SalesCycleCreatePayload(SalesCyclePayload):
    """Result of creating a sales cycle."""


@strawberry.type(description="Result of changing a sales cycle.")
class SalesCycleUpdatePayload(SalesCyclePayload):
    """Result of changing a sales cycle."""


@strawberry.type(description="Result of deleting a sales cycle.")
class SalesCycleDeletePayload(SalesCyclePayload):
    """Result of deleting a sales cycle."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted record.")


@strawberry.type(description="Result of a stage mutation.")
class SalesCycleStagePayload:
    """Result of a stage mutation."""

    stage: SalesCycleStage | None = strawberry.field(description="The stage (as it was, deleted).")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating a stage.")
class SalesCycleStageCreatePayload(SalesCycleStagePayload):
    """Result of creating a stage."""


@strawberry.type(description="Result of changing a stage.")
class SalesCycleStageUpdatePayload(SalesCycleStagePayload):
    """Result of changing a stage."""


@strawberry.type(description="Result of deleting a stage.")
class SalesCycleStageDeletePayload(SalesCycleStagePayload):
    """Result of deleting a stage."""


@strawberry.type(description="Result of an opportunity mutation.")
class OpportunityPayload:
    """Result of an opportunity mutation."""

    opportunity: Opportunity | None = strawberry.field(description="The opportunity, if saved.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating an opportunity.")
class OpportunityCreatePayload(OpportunityPayload):
    """Result of creating an opportunity."""


@strawberry.type(description="Result of changing an opportunity.")
class OpportunityUpdatePayload(OpportunityPayload):
    """Result of changing an opportunity."""


@strawberry.type(description="Result of deleting an opportunity.")
class OpportunityDeletePayload(OpportunityPayload):
    """Result of deleting an opportunity."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted record.")


@strawberry.type(description="Result of moving an opportunity; see its activeEntry and tasks.")
class OpportunityStageUpdatePayload(OpportunityPayload):
    """Result of moving an opportunity."""
