"""The root Subscription type (docs/api.md "Subscriptions"), served over graphql-transport-ws."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from server.resolvers.campaigns import live
from server.schema.campaigns.types import Campaign
from server.schema.enums import described_enum
from server.schema.interactions.statistics import CampaignStatistics
from server.services.core.events import ActivityKind

if TYPE_CHECKING:
    from server.schema.interactions.types import Interaction

InteractionRef = Annotated["Interaction", strawberry.lazy("server.schema.interactions.types")]

described_enum(
    ActivityKind,
    name="CampaignActivityKind",
    description="What happened to a campaign's interactions.",
    values={
        "LOGGED": "Interactions were logged (one by one, or a whole segment).",
        "CANCELED": "Interactions were cancelled (one, a campaign entry or a logged segment).",
        "UNCANCELED": "Cancelled interactions were restored.",
        "DELETED": "Cancelled interactions were deleted.",
        "CORRECTED": "An interaction's description, subject or evaluation was corrected.",
        "RESYNC": "Not a change: the server's event connection was lost and is back, so "
        "events may have been missed. Reload what you show (the statistics come fresh).",
    },
)


@strawberry.type(
    description="One committed change to a campaign's interactions, with the campaign's "
    "statistics after it."
)
class CampaignActivityEvent:
    """One committed change to a campaign's interactions."""

    kind: ActivityKind = strawberry.field(description="What happened.")
    campaign: Campaign = strawberry.field(description="The campaign, as it is now.")
    interaction_ids: list[strawberry.ID] = strawberry.field(
        description="Global IDs of the interactions concerned (at most 100; see "
        "`interactionCount`). Deleted ones no longer resolve."
    )
    interaction_count: int = strawberry.field(
        description="How many interactions the change concerned; when more than the IDs "
        "listed, reload the campaign's interactions."
    )
    interactions: list[InteractionRef] = strawberry.field(
        description="The listed interactions that still exist, as they are now (empty for DELETED)."
    )
    statistics: CampaignStatistics = strawberry.field(
        description="The campaign's figures (all dates) when the event is delivered, so "
        "they include this change."
    )


@strawberry.type(description="Live updates, over graphql-transport-ws on /graphql.")
class Subscription:
    """Live updates."""

    @strawberry.subscription(
        description="Every interaction logged, cancelled, restored or deleted for a campaign "
        "from now on, with fresh statistics. Ends when the campaign is deleted."
    )
    async def campaign_activity(
        self,
        info: Info,
        campaign_no: Annotated[str, strawberry.argument(description="The campaign's number.")],
    ) -> AsyncIterator[CampaignActivityEvent]:
        async for view in live.campaign_activity(info, campaign_no):
            yield view  # type: ignore[misc]
