"""A campaign's statistics (DOMAIN T1-T7)."""

from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.type(description="A campaign's figures (DOMAIN T1-T7).")
class CampaignStatistics:
    """A campaign's figures."""

    target_contacts_contacted: int = strawberry.field(
        description="Counted interactions with campaign target (NAV's figure: entries)."
    )
    contacts_responded: int = strawberry.field(
        description="Counted interactions with campaign response (entries)."
    )
    distinct_contacts_contacted: int = strawberry.field(
        description="Distinct contacts among the campaign-target interactions (people)."
    )
    distinct_contacts_responded: int = strawberry.field(
        description="Distinct contacts among the response interactions (people)."
    )
    response_rate_percent: Decimal = strawberry.field(
        description="Responded / contacted x 100, rounded to 0.1; 0 when none contacted."
    )
    cost: Decimal = strawberry.field(description="Total cost of the counted interactions.")
    duration: Decimal = strawberry.field(description="Total minutes of the counted interactions.")
    average_cost_per_response: Decimal = strawberry.field(
        description="Cost / responded, rounded to 0.01; 0 when none responded."
    )
    average_duration_per_response: Decimal = strawberry.field(
        description="Minutes / responded, rounded to 0.01; 0 when none responded."
    )
    budgeted_cost: Decimal = strawberry.field(description="The campaign's budget.")
    opportunity_count: int = strawberry.field(
        description="The campaign's opportunities with an active entry (T5), created within "
        "the date range when one is given."
    )
    estimated_value: Decimal = strawberry.field(
        description="Sum of those active entries' estimated values."
    )
    calculated_current_value: Decimal = strawberry.field(
        description="Sum of those active entries' calculated current values (value x "
        "probability; won ones at full value, lost ones at 0)."
    )
    revenue: Decimal = strawberry.field(
        description="Sum of the line amounts of sales lines whose price or discount came from "
        "this campaign, each line once, on documents dated within the range (T6)."
    )
    roi: Decimal | None = strawberry.field(
        description="(revenue - cost) / cost, rounded to 0.0001 (0.25 = 25 %); null when the "
        "cost is 0 (T6)."
    )
