"""PriceExplanation (DOMAIN P8): every agreement considered for a line, and why it won or not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import sales as resolve
from server.resolvers import segments as refs
from server.schema.contacts.types import Contact
from server.schema.customers.types import Customer
from server.schema.enums import (
    DiscountSourceType,
    DiscountType,
    PriceSourceType,
    described_enum,
)
from server.schema.items.types import Item
from server.schema.sales.types import PriceSource
from server.services.pricing.selection import Rejection, Verdict

if TYPE_CHECKING:
    from server.schema.campaigns.types import Campaign
    from server.schema.pricing.types import DiscountLine, PriceLine

CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.campaigns.types")]
PriceLineRef = Annotated["PriceLine", strawberry.lazy("server.schema.pricing.types")]
DiscountLineRef = Annotated["DiscountLine", strawberry.lazy("server.schema.pricing.types")]

described_enum(
    Rejection,
    name="PricingRejection",
    description="Why a price or discount agreement does not apply to a line.",
    values={
        "WRONG_DATE": "The pricing date is before its starting date or after its ending date.",
        "WRONG_UNIT": "It is for another unit of measure.",
        "BELOW_MINIMUM_QUANTITY": "The line's quantity is below its minimum quantity.",
        "CAMPAIGN_NOT_ACTIVATED": "Its campaign has no target group (not activated).",
        "CAMPAIGN_NOT_ELIGIBLE": "Its campaign is activated but does not target this buyer.",
    },
)
PricingRejection = Rejection


@strawberry.interface(description="One agreement considered for a line, and its verdict.")
class PricingCandidate:
    """A candidate agreement."""

    @strawberry.field(description="Whether it passed every test (P1-P3).")
    def qualified(self, root: strawberry.Parent[Any]) -> bool:
        return bool(root.qualified)

    @strawberry.field(description="Why it does not apply (the first failed test); null if it does.")
    def reason(self, root: strawberry.Parent[Any]) -> PricingRejection | None:
        result: Rejection | None = root.rejection
        return result

    @strawberry.field(description="The verdict in words.")
    def message(self, root: strawberry.Parent[Any]) -> str:
        return str(root.message)

    @strawberry.field(description="Whether it won (and is on the line).")
    def winner(self, root: strawberry.Parent[Any]) -> bool:
        return bool(root.winner)

    @strawberry.field(description="Customer no, group code or campaign no; null for all.")
    def source_code(self, root: strawberry.Parent[Any]) -> str | None:
        result: str | None = root.candidate.source_code
        return result

    @strawberry.field(description="Unit it is for; null: any unit.")
    def unit_of_measure(self, root: strawberry.Parent[Any]) -> str | None:
        result: str | None = root.candidate.unit_of_measure
        return result

    @strawberry.field(description="Smallest quantity it applies to.")
    def minimum_quantity(self, root: strawberry.Parent[Any]) -> Decimal:
        result: Decimal = root.candidate.minimum_quantity
        return result

    @strawberry.field(description="First day; null: open start.")
    def starting_date(self, root: strawberry.Parent[Any]) -> date | None:
        result: date | None = root.candidate.starting_date
        return result

    @strawberry.field(description="Last day; null: open end.")
    def ending_date(self, root: strawberry.Parent[Any]) -> date | None:
        result: date | None = root.candidate.ending_date
        return result

    @strawberry.field(
        description="Its campaign, for campaign agreements.", graphql_type=CampaignRef | None
    )
    async def campaign(self, root: strawberry.Parent[Any], info: Info) -> Any:
        return await refs.reference(info, models.Campaign, root.candidate.campaign_id)


@strawberry.type(description="A price line considered for a line (P2-P4).")
class PriceCandidate(PricingCandidate):
    """A candidate price."""

    @strawberry.field(description="Whom the price is for.")
    def source_type(self, root: strawberry.Parent[Any]) -> PriceSourceType:
        return PriceSourceType(root.candidate.source_type)

    @strawberry.field(description="The price line.", graphql_type=PriceLineRef)
    async def price_line(self, root: strawberry.Parent[Any], info: Info) -> Any:
        return await refs.reference(info, models.PriceLine, root.candidate.id)

    @strawberry.field(description="Its unit price as stored (per base unit when unit is blank).")
    def unit_price(self, root: strawberry.Parent[Any]) -> Decimal:
        result: Decimal = root.candidate.value
        return result

    @strawberry.field(description="Its price per line unit (blank unit: x quantity per unit).")
    def price_per_line_unit(self, root: strawberry.Parent[Any]) -> Decimal:
        result: Decimal = root.value
        return result

    @strawberry.field(description="Whether line discounts may apply on top of it.")
    def allow_line_discount(self, root: strawberry.Parent[Any]) -> bool:
        return bool(root.candidate.allow_line_discount)

    @classmethod
    def is_type_of(cls, obj: Any, info: Any) -> bool:
        return isinstance(obj, Verdict) and obj.candidate.discount_type is None


@strawberry.type(description="A line discount considered for a line (P5).")
class DiscountCandidate(PricingCandidate):
    """A candidate discount."""

    @strawberry.field(description="For the item or for its item discount group.")
    def type(self, root: strawberry.Parent[Any]) -> DiscountType:
        result: DiscountType = root.candidate.discount_type
        return result

    @strawberry.field(description="Whom the discount is for.")
    def source_type(self, root: strawberry.Parent[Any]) -> DiscountSourceType:
        return DiscountSourceType(root.candidate.source_type)

    @strawberry.field(description="The discount line.", graphql_type=DiscountLineRef)
    async def discount_line(self, root: strawberry.Parent[Any], info: Info) -> Any:
        return await refs.reference(info, models.DiscountLine, root.candidate.id)

    @strawberry.field(description="The discount, 0-100 %.")
    def line_discount_percent(self, root: strawberry.Parent[Any]) -> Decimal:
        result: Decimal = root.value
        return result

    @classmethod
    def is_type_of(cls, obj: Any, info: Any) -> bool:
        return isinstance(obj, Verdict) and obj.candidate.discount_type is not None


@strawberry.type(
    description="How a line for this buyer, item, quantity, unit and date is priced, and why "
    "(DOMAIN P8). Computed by the same engine as sales lines."
)
class PriceExplanation:
    """A price explanation."""

    unit_of_measure: str = strawberry.field(description="The line's unit.")
    quantity_per_unit: Decimal = strawberry.field(description="Base units per line unit.")
    quantity: Decimal = strawberry.field(description="The quantity priced.")
    date: date = strawberry.field(description="The pricing date.")
    eligible_by_contact: bool = strawberry.field(
        description="True when the campaigns reach the buyer through the contact's company "
        "(no campaign targets the customer itself), P1."
    )

    @strawberry.field(description="The bill-to customer, if any.", graphql_type=Customer | None)
    def customer(self, root: strawberry.Parent[Any]) -> Any:
        return root.customer

    @strawberry.field(description="The contact, if any.", graphql_type=Contact | None)
    def contact(self, root: strawberry.Parent[Any]) -> Any:
        return root.contact

    @strawberry.field(description="The item.", graphql_type=Item)
    def item(self, root: strawberry.Parent[Any]) -> Any:
        return root.item

    @strawberry.field(
        description="The campaigns whose agreements reach this buyer (P1).",
        graphql_type=list[CampaignRef],
    )
    def eligible_campaigns(self, root: strawberry.Parent[Any]) -> Any:
        return root.eligible_campaigns

    @strawberry.field(description="Every price line considered, oldest first.")
    def price_candidates(self, root: strawberry.Parent[Any]) -> list[PriceCandidate]:
        result: list[PriceCandidate] = root.pricing.prices
        return result

    @strawberry.field(description="Every line discount considered, oldest first.")
    def discount_candidates(self, root: strawberry.Parent[Any]) -> list[DiscountCandidate]:
        result: list[DiscountCandidate] = root.pricing.discounts
        return result

    @strawberry.field(description="Where the unit price comes from.")
    def price_source(self, root: strawberry.Parent[Any]) -> PriceSource:
        return resolve.explained_price_source(root)  # type: ignore[return-value]

    @strawberry.field(description="Where the line discount comes from; null without one.")
    def discount_source(self, root: strawberry.Parent[Any]) -> PriceSource | None:
        return resolve.explained_discount_source(root)  # type: ignore[return-value]

    @strawberry.field(
        description="False when the winning price does not allow line discounts (then 0 %)."
    )
    def line_discount_allowed(self, root: strawberry.Parent[Any]) -> bool:
        return bool(root.pricing.discount_allowed)

    @strawberry.field(description="The resulting price per line unit.")
    def unit_price(self, root: strawberry.Parent[Any]) -> Decimal:
        result: Decimal = root.line.unit_price
        return result

    @strawberry.field(description="The resulting line discount, 0-100 %.")
    def line_discount_percent(self, root: strawberry.Parent[Any]) -> Decimal:
        result: Decimal = root.line.line_discount_percent
        return result

    @strawberry.field(description="The resulting line amount (P6).")
    def line_amount(self, root: strawberry.Parent[Any]) -> Decimal:
        result: Decimal = root.line.line_amount
        return result
