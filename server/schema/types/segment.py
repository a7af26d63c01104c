"""Segment and SegmentLine types, with their filter, ordering, inputs and payloads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import interaction as ledger
from server.resolvers import segment as resolve
from server.resolvers import task as work
from server.resolvers.pagination import Page
from server.schema.enums import (
    Evaluation,
    InformationFlow,
    InitiatedBy,
    OrderDirection,
    SegmentStatus,
)
from server.schema.types.common import (
    AfterCursor,
    BeforeCursor,
    Connection,
    Node,
    PageSize,
    UserError,
)
from server.schema.types.contact import Contact, ContactFilter
from server.schema.types.setup import Salesperson
from server.schema.types.templates import InteractionTemplate

if TYPE_CHECKING:
    from server.schema.types.campaign import Campaign
    from server.schema.types.interaction import CampaignEntry, Interaction, LoggedSegment
    from server.schema.types.task import Task

U = strawberry.UNSET

CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.types.campaign")]
InteractionRef = Annotated["Interaction", strawberry.lazy("server.schema.types.interaction")]
EntryRef = Annotated["CampaignEntry", strawberry.lazy("server.schema.types.interaction")]
LoggedRef = Annotated["LoggedSegment", strawberry.lazy("server.schema.types.interaction")]

TaskRef = Annotated["Task", strawberry.lazy("server.schema.types.task")]


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

    @strawberry.field(
        description="Its lines in line order.", graphql_type=Connection["SegmentLine"]
    )
    async def lines(
        self,
        root: strawberry.Parent[models.Segment],
        info: Info,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await resolve.segment_lines(
            info, root, first=first, after=after, last=last, before=before
        )

    @strawberry.field(
        description="Its tasks, by number (or as sorted).", graphql_type=Connection[TaskRef]
    )
    async def tasks(
        self,
        root: strawberry.Parent[models.Segment],
        info: Info,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await work.segment_tasks(
            info, root, first=first, after=after, last=last, before=before
        )

    @classmethod
    def is_type_of(cls, obj: Any, info: Any) -> bool:
        return isinstance(obj, models.Segment)


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

    @strawberry.field(
        description="This contact's interactions logged from this line's segment.",
        graphql_type=Connection[InteractionRef],
    )
    async def interactions(
        self,
        root: strawberry.Parent[models.SegmentLine],
        info: Info,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await ledger.line_interactions(
            info,
            root.segment_id,
            root.contact_id,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @classmethod
    def is_type_of(cls, obj: Any, info: Any) -> bool:
        return isinstance(obj, models.SegmentLine)


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


@strawberry.enum(description="What segments can be sorted by.")
class SegmentOrderField(Enum):
    """What segments can be sorted by."""

    NO = strawberry.enum_value("NO", description="Segment number.")
    DESCRIPTION = strawberry.enum_value("DESCRIPTION", description="Description.")
    DATE = strawberry.enum_value("DATE", description="Interaction date (blanks first).")


@strawberry.input(description="One sort key for segments.")
class SegmentOrder:
    """One sort key for segments."""

    field: SegmentOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


# --- inputs --------------------------------------------------------------------------------


@strawberry.input(description="A new segment.")
class SegmentCreateInput:
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
