"""Inputs and payloads of the segment mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from server.schema.common import IdempotentInput, UserError
from server.schema.contacts.types import ContactFilter
from server.schema.enums import Evaluation, InformationFlow, InitiatedBy
from server.schema.segments.types import Segment, SegmentLine

U = strawberry.UNSET


# --- inputs --------------------------------------------------------------------------------


@strawberry.input(description="A new segment.")
class SegmentCreateInput(IdempotentInput):
    """A new segment."""

    no: str | None = strawberry.field(default=U, description="Number; blank draws SEG00001...")
    description: str = strawberry.field(description="What the segment is for, 1-100 characters.")
    campaign_no: str | None = strawberry.field(default=U, description="Campaign of the lines.")
    campaign_target: bool | None = strawberry.field(default=U, description="Campaign target.")
    campaign_response: bool | None = strawberry.field(default=U, description="Campaign response.")
    salesperson_code: str | None = strawberry.field(
        default=U, description="Owner (SALES users: themselves, the default)."
    )
    interaction_template_code: str | None = strawberry.field(
        default=U, description="Template; brings its cost, duration, flows and flags (S2)."
    )
    unit_cost: Decimal | None = strawberry.field(default=U, description="Cost per interaction.")
    unit_duration: Decimal | None = strawberry.field(default=U, description="Minutes each.")
    date: date | None = strawberry.field(default=U, description="Interaction date.")
    information_flow: InformationFlow | None = strawberry.field(default=U, description="Flow.")
    initiated_by: InitiatedBy | None = strawberry.field(default=U, description="Initiator.")
    subject: str | None = strawberry.field(default=U, description="Subject of the interactions.")


@strawberry.input(description="Changes to a segment; omitted fields stay, null clears.")
class SegmentUpdateInput:
    """Changes to a segment."""

    no: str = strawberry.field(description="Which segment (the number cannot change).")
    apply_to_lines: bool | None = strawberry.field(
        default=True,
        description="Apply the changes to the lines that share the segment's template (S3).",
    )
    description: str | None = strawberry.field(default=U, description="New description.")
    campaign_no: str | None = strawberry.field(default=U, description="New campaign.")
    campaign_target: bool | None = strawberry.field(default=U, description="Campaign target.")
    campaign_response: bool | None = strawberry.field(default=U, description="Campaign response.")
    salesperson_code: str | None = strawberry.field(default=U, description="New owner.")
    interaction_template_code: str | None = strawberry.field(
        default=U, description="New template; its defaults follow (S2), on all lines (S3)."
    )
    unit_cost: Decimal | None = strawberry.field(default=U, description="Cost per interaction.")
    unit_duration: Decimal | None = strawberry.field(default=U, description="Minutes each.")
    date: date | None = strawberry.field(default=U, description="Interaction date.")
    information_flow: InformationFlow | None = strawberry.field(default=U, description="Flow.")
    initiated_by: InitiatedBy | None = strawberry.field(default=U, description="Initiator.")
    subject: str | None = strawberry.field(default=U, description="Subject.")


@strawberry.input(description="Which segment to delete.")
class SegmentDeleteInput:
    """Which segment to delete."""

    no: str = strawberry.field(description="Number of an open segment.")


@strawberry.input(description="Contacts to add to a segment, by number and/or by filter.")
class SegmentContactsAddInput:
    """Contacts to add."""

    segment_no: str = strawberry.field(description="The open segment.")
    contact_nos: list[str] | None = strawberry.field(default=U, description="Contact numbers.")
    filter: ContactFilter | None = strawberry.field(
        default=U, description="Add every matching contact (blocked ones are skipped)."
    )
    include_persons: bool | None = strawberry.field(
        default=False, description="A company brings its persons."
    )


@strawberry.input(description="Contacts to remove from a segment, by number and/or filter.")
class SegmentContactsRemoveInput:
    """Contacts to remove."""

    segment_no: str = strawberry.field(description="The open segment.")
    contact_nos: list[str] | None = strawberry.field(default=U, description="Contact numbers.")
    filter: ContactFilter | None = strawberry.field(
        default=U, description="Remove every line whose contact matches."
    )


@strawberry.input(description="Keep only the lines whose contact matches a filter.")
class SegmentContactsRefineInput:
    """Refine a segment."""

    segment_no: str = strawberry.field(description="The open segment.")
    filter: ContactFilter = strawberry.field(description="Lines whose contact matches stay.")


@strawberry.input(description="Changes to one segment line; omitted fields stay, null clears.")
class SegmentLineUpdateInput:
    """Changes to a segment line."""

    segment_no: str = strawberry.field(description="The open segment.")
    line_no: int = strawberry.field(description="The line.")
    campaign_no: str | None = strawberry.field(default=U, description="Campaign.")
    campaign_target: bool | None = strawberry.field(default=U, description="Campaign target.")
    campaign_response: bool | None = strawberry.field(default=U, description="Campaign response.")
    salesperson_code: str | None = strawberry.field(default=U, description="Salesperson.")
    interaction_template_code: str | None = strawberry.field(
        default=U, description="Template; brings its cost, duration and flags (S2)."
    )
    cost: Decimal | None = strawberry.field(default=U, description="Cost.")
    duration: Decimal | None = strawberry.field(default=U, description="Minutes.")
    date: date | None = strawberry.field(default=U, description="Interaction date.")
    description: str | None = strawberry.field(default=U, description="Description.")
    evaluation: Evaluation | None = strawberry.field(default=U, description="Evaluation.")
    attempt_failed: bool | None = strawberry.field(default=U, description="Attempt failed.")


@strawberry.input(description="Set Campaign Target on a segment (and its lines).")
class SegmentCampaignTargetSetInput:
    """Campaign Target for a whole segment."""

    segment_no: str = strawberry.field(description="The open segment.")
    value: bool = strawberry.field(description="Targeted or not.")
    apply_to_lines: bool | None = strawberry.field(
        default=True, description="Set it on every line too (S6)."
    )


@strawberry.input(description="Set Campaign Target on chosen lines of a segment at once.")
class SegmentLinesCampaignTargetSetInput:
    """Campaign Target for chosen lines."""

    segment_no: str = strawberry.field(description="The open segment.")
    value: bool = strawberry.field(description="Targeted or not.")
    line_nos: list[int] | None = strawberry.field(default=U, description="Lines by number.")
    contact_nos: list[str] | None = strawberry.field(
        default=U, description="Lines by their contact's number."
    )


# --- payloads ------------------------------------------------------------------------------


@strawberry.type(description="Result of creating or changing a segment.")
class SegmentPayload:
    """Result of creating or changing a segment."""

    segment: Segment | None = strawberry.field(description="The segment, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a segment.")
class SegmentCreatePayload(SegmentPayload):
    """Result of creating a segment."""


@strawberry.type(description="Result of changing a segment.")
class SegmentUpdatePayload(SegmentPayload):
    """Result of changing a segment."""


@strawberry.type(description="Result of deleting a segment.")
class SegmentDeletePayload(SegmentPayload):
    """Result of deleting a segment."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted segment.")


@strawberry.type(description="Result of adding, removing or flagging segment lines.")
class SegmentLinesChangedPayload(SegmentPayload):
    """Result of changing many lines."""

    count: int | None = strawberry.field(description="How many lines were added/removed/set.")


@strawberry.type(description="Result of changing a segment line.")
class SegmentLineUpdatePayload:
    """Result of changing a segment line."""

    segment_line: SegmentLine | None = strawberry.field(description="The line, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of adding contacts to a segment.")
class SegmentContactsAddPayload(SegmentLinesChangedPayload):
    """Result of adding contacts."""


@strawberry.type(description="Result of removing contacts from a segment.")
class SegmentContactsRemovePayload(SegmentLinesChangedPayload):
    """Result of removing contacts."""


@strawberry.type(description="Result of refining a segment.")
class SegmentContactsRefinePayload(SegmentLinesChangedPayload):
    """Result of refining a segment."""


@strawberry.type(description="Result of setting Campaign Target on a segment.")
class SegmentCampaignTargetSetPayload(SegmentLinesChangedPayload):
    """Result of setting Campaign Target on a segment."""


@strawberry.type(description="Result of setting Campaign Target on chosen lines.")
class SegmentLinesCampaignTargetSetPayload(SegmentLinesChangedPayload):
    """Result of setting Campaign Target on chosen lines."""
