"""Inputs and payloads of logging, cancelling, restoring and deleting ledger entries."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import strawberry

from server.schema.common import IdempotentInput, UserError
from server.schema.enums import Evaluation, InformationFlow, InitiatedBy
from server.schema.interactions.types import CampaignEntry, Interaction, LoggedSegment
from server.schema.segments.types import Segment

U = strawberry.UNSET
ERRORS = "Why nothing changed (empty on success)."


@strawberry.input(description="Which segment to log.")
class SegmentLogInput(IdempotentInput):
    """Which segment to log."""

    segment_no: str = strawberry.field(description="The open segment.")
    create_follow_up_segment: bool = strawberry.field(
        default=False, description="Also open a follow-up segment with the same contacts."
    )


@strawberry.input(
    description="One interaction to log by hand; blanks take the template's "
    "values, the acting user's salesperson and today."
)
class InteractionLogInput(IdempotentInput):
    """One interaction to log."""

    contact_no: str = strawberry.field(description="The contact.")
    description: str = strawberry.field(description="What happened, 1-100 characters.")
    date: date | None = strawberry.field(default=None, description="Day (default today).")
    time: time | None = strawberry.field(default=None, description="Time of day.")
    subject: str | None = strawberry.field(default=None, description="Subject.")
    interaction_template_code: str | None = strawberry.field(
        default=None, description="Template: gives cost, duration and flows."
    )
    salesperson_code: str | None = strawberry.field(
        default=None, description="Who interacted (default: the acting user's salesperson)."
    )
    campaign_no: str | None = strawberry.field(
        default=None, description="Campaign; joins its entry for single interactions."
    )
    campaign_target: bool = strawberry.field(default=False, description="Campaign target.")
    campaign_response: bool = strawberry.field(default=False, description="Campaign response.")
    cost: Decimal | None = strawberry.field(default=None, description="Cost (template's).")
    duration: Decimal | None = strawberry.field(default=None, description="Minutes (template's).")
    evaluation: Evaluation | None = strawberry.field(default=None, description="How it went.")
    attempt_failed: bool = strawberry.field(default=False, description="The attempt failed.")
    information_flow: InformationFlow | None = strawberry.field(
        default=None, description="Way information went (template's)."
    )
    initiated_by: InitiatedBy | None = strawberry.field(
        default=None, description="Who started it (template's)."
    )
    postponed: bool = strawberry.field(
        default=False, description="Postponed: no campaign entry until logged for real."
    )
    opportunity_no: str | None = strawberry.field(
        default=None,
        description="The opportunity it is about (with the contact's company).",
    )


@strawberry.input(description="Corrections to a logged interaction (L6: nothing else changes).")
class InteractionUpdateInput:
    """Corrections to an interaction."""

    entry_no: int = strawberry.field(description="The interaction.")
    description: str | None = strawberry.field(default=U, description="Corrected description.")
    subject: str | None = strawberry.field(default=U, description="Corrected subject.")
    evaluation: Evaluation | None = strawberry.field(default=U, description="Corrected evaluation.")


@strawberry.input(description="Names one ledger entry by its entry number.")
class EntryInput:
    """One ledger entry."""

    entry_no: int = strawberry.field(description="Entry number.")


@strawberry.input(description="The interaction to cancel.")
class InteractionCancelInput(EntryInput):
    """The interaction to cancel."""


@strawberry.input(description="The interaction to restore.")
class InteractionUncancelInput(EntryInput):
    """The interaction to restore."""


@strawberry.input(description="The cancelled interaction to delete.")
class InteractionDeleteInput(EntryInput):
    """The interaction to delete."""


@strawberry.input(description="The campaign entry to cancel, with its interactions.")
class CampaignEntryCancelInput(EntryInput):
    """The campaign entry to cancel."""


@strawberry.input(description="The campaign entry to restore, with its interactions.")
class CampaignEntryUncancelInput(EntryInput):
    """The campaign entry to restore."""


@strawberry.input(description="The logged segment to cancel, with its entries and interactions.")
class LoggedSegmentCancelInput(EntryInput):
    """The logged segment to cancel."""


@strawberry.input(description="The logged segment to restore, with its entries and interactions.")
class LoggedSegmentUncancelInput(EntryInput):
    """The logged segment to restore."""


@strawberry.input(description="Cancelled campaign entries to delete with their interactions.")
class CampaignEntriesDeleteInput:
    """Campaign entries to delete."""

    entry_nos: list[int] = strawberry.field(description="Entry numbers (all must be cancelled).")


@strawberry.type(description="Result of logging a segment.")
class SegmentLogPayload:
    """Result of logging a segment."""

    logged_segment: LoggedSegment | None = strawberry.field(description="The logging record.")
    interaction_count: int | None = strawberry.field(description="Interactions created.")
    campaign_entries: list[CampaignEntry] | None = strawberry.field(
        description="Campaign entries created, one per campaign on the lines."
    )
    follow_up_segment: Segment | None = strawberry.field(description="The follow-up, if asked.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(
    description="Result of logging, correcting, cancelling or restoring an interaction."
)
class InteractionPayload:
    """Result of an interaction mutation."""

    interaction: Interaction | None = strawberry.field(description="The interaction.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of logging an interaction.")
class InteractionLogPayload(InteractionPayload):
    """Result of logging an interaction."""


@strawberry.type(description="Result of correcting an interaction.")
class InteractionUpdatePayload(InteractionPayload):
    """Result of correcting an interaction."""


@strawberry.type(description="Result of cancelling an interaction.")
class InteractionCancelPayload(InteractionPayload):
    """Result of cancelling an interaction."""


@strawberry.type(description="Result of restoring an interaction.")
class InteractionUncancelPayload(InteractionPayload):
    """Result of restoring an interaction."""


@strawberry.type(description="Result of deleting a cancelled interaction.")
class InteractionDeletePayload:
    """Result of deleting an interaction."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted one.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of cancelling or restoring a campaign entry.")
class CampaignEntryPayload:
    """Result of a campaign entry mutation."""

    campaign_entry: CampaignEntry | None = strawberry.field(description="The entry.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of cancelling a campaign entry.")
class CampaignEntryCancelPayload(CampaignEntryPayload):
    """Result of cancelling a campaign entry."""


@strawberry.type(description="Result of restoring a campaign entry.")
class CampaignEntryUncancelPayload(CampaignEntryPayload):
    """Result of restoring a campaign entry."""


@strawberry.type(description="Result of deleting cancelled campaign entries.")
class CampaignEntriesDeletePayload:
    """Result of deleting campaign entries."""

    deleted_ids: list[strawberry.ID] | None = strawberry.field(description="IDs deleted.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of cancelling or restoring a logged segment.")
class LoggedSegmentPayload:
    """Result of a logged segment mutation."""

    logged_segment: LoggedSegment | None = strawberry.field(description="The logged segment.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of cancelling a logged segment.")
class LoggedSegmentCancelPayload(LoggedSegmentPayload):
    """Result of cancelling a logged segment."""


@strawberry.type(description="Result of restoring a logged segment.")
class LoggedSegmentUncancelPayload(LoggedSegmentPayload):
    """Result of restoring a logged segment."""
