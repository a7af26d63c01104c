"""Price lines, discount lines and the campaign target group, with inputs and payloads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from server import models
from server.engine.columns import reads
from server.schema.common import IdempotentInput, Node, UserError, served_from, to_one
from server.schema.contacts.types import Contact
from server.schema.customers.types import Customer
from server.schema.enums import DiscountSourceType, DiscountType, PriceSourceType, TargetType
from server.schema.items.types import Item
from server.schema.pricing.groups import ItemDiscountGroup

if TYPE_CHECKING:
    from server.schema.campaigns.types import Campaign

U = strawberry.UNSET
ERRORS = "Why nothing changed (empty on success)."
CampaignRef = Annotated["Campaign", strawberry.lazy("server.schema.campaigns.types")]


@strawberry.type(description="A sales price agreement for an item.")
class PriceLine(Node):
    """A sales price."""

    source_type: PriceSourceType = strawberry.field(description="Whom the price is for.")
    source_code: str | None = strawberry.field(
        description="Customer no, price group code or campaign no; null for all customers."
    )
    unit_of_measure: str | None = strawberry.field(description="Unit; null: any unit.")
    minimum_quantity: Decimal = strawberry.field(description="Smallest quantity it applies to.")
    unit_price: Decimal = strawberry.field(description="Unit price (up to 5 decimals).")
    starting_date: date | None = strawberry.field(description="First day; null: open start.")
    ending_date: date | None = strawberry.field(description="Last day; null: open end.")
    allow_line_discount: bool = strawberry.field(description="Line discounts may apply too.")

    item = to_one(models.Item, "item_id", description="The item.", graphql_type=Item)

    campaign = to_one(
        models.Campaign,
        "campaign_id",
        description="The campaign, for campaign prices.",
        graphql_type=CampaignRef | None,
    )

    is_type_of = served_from(models.PriceLine)


@strawberry.type(description="A line discount agreement for an item or an item discount group.")
class DiscountLine(Node):
    """A line discount."""

    type: DiscountType = strawberry.field(description="For one item or an item discount group.")
    source_type: DiscountSourceType = strawberry.field(description="Whom the discount is for.")
    source_code: str | None = strawberry.field(
        description="Customer no, discount group code or campaign no; null for all customers."
    )
    unit_of_measure: str | None = strawberry.field(description="Unit; null: any unit.")
    minimum_quantity: Decimal = strawberry.field(description="Smallest quantity it applies to.")
    line_discount_percent: Decimal = strawberry.field(description="Discount, 0-100 %.")
    starting_date: date | None = strawberry.field(description="First day; null: open start.")
    ending_date: date | None = strawberry.field(description="Last day; null: open end.")

    item = to_one(
        models.Item,
        "item_id",
        description="The item, for item discounts.",
        graphql_type=Item | None,
    )

    item_discount_group = to_one(
        models.ItemDiscountGroup,
        "item_discount_group_id",
        description="The item discount group, for group discounts.",
        graphql_type=ItemDiscountGroup | None,
    )

    campaign = to_one(
        models.Campaign,
        "campaign_id",
        description="The campaign, for campaign discounts.",
        graphql_type=CampaignRef | None,
    )

    is_type_of = served_from(models.DiscountLine)


# What the resolvers above read of their parents (engine/columns).
reads(models.PriceLine, item="item_id", campaign="campaign_id")
reads(
    models.DiscountLine,
    item="item_id",
    item_discount_group="item_discount_group_id",
    campaign="campaign_id",
)


@strawberry.type(
    description="A member of a campaign's target group: a customer, or a company "
    "or person contact without a customer. Kept exact while the campaign is active."
)
class CampaignTarget(Node):
    """A target group member."""

    type: TargetType = strawberry.field(description="Customer or contact.")

    customer = to_one(
        models.Customer,
        "customer_id",
        description="The customer, for customer rows.",
        graphql_type=Customer | None,
    )

    contact = to_one(
        models.Contact,
        "contact_id",
        description="The contact, for contact rows.",
        graphql_type=Contact | None,
    )

    is_type_of = served_from(models.CampaignTarget)


@strawberry.input(description="A new sales price; campaign prices take the campaign's dates.")
class PriceLineCreateInput(IdempotentInput):
    """A new sales price."""

    item_no: str = strawberry.field(description="The item.")
    source_type: PriceSourceType = strawberry.field(description="Whom the price is for.")
    source_code: str | None = strawberry.field(
        default=U, description="Customer no, price group code or campaign no (blank: all)."
    )
    unit_of_measure: str | None = strawberry.field(
        default=U, description="One of the item's units."
    )
    minimum_quantity: Decimal | None = strawberry.field(default=U, description="At least 0.")
    unit_price: Decimal = strawberry.field(description="At least 0, up to 5 decimals.")
    starting_date: date | None = strawberry.field(default=U, description="Not for campaign lines.")
    ending_date: date | None = strawberry.field(default=U, description="Not for campaign lines.")
    allow_line_discount: bool | None = strawberry.field(default=U, description="Default true.")


@strawberry.input(description="Changes to a sales price; item and source are fixed.")
class PriceLineUpdateInput:
    """Changes to a sales price."""

    id: strawberry.ID = strawberry.field(description="Which price line.")
    unit_of_measure: str | None = strawberry.field(default=U, description="Unit; null: any.")
    minimum_quantity: Decimal | None = strawberry.field(default=U, description="Minimum.")
    unit_price: Decimal | None = strawberry.field(default=U, description="Unit price.")
    starting_date: date | None = strawberry.field(default=U, description="Not for campaigns.")
    ending_date: date | None = strawberry.field(default=U, description="Not for campaigns.")
    allow_line_discount: bool | None = strawberry.field(default=U, description="Discounts too.")


@strawberry.input(description="A new line discount.")
class DiscountLineCreateInput(IdempotentInput):
    """A new line discount."""

    type: DiscountType = strawberry.field(description="For one item or an item discount group.")
    item_no: str | None = strawberry.field(default=U, description="The item (type ITEM).")
    item_discount_group_code: str | None = strawberry.field(
        default=U, description="The group (type ITEM_DISCOUNT_GROUP)."
    )
    source_type: DiscountSourceType = strawberry.field(description="Whom it is for.")
    source_code: str | None = strawberry.field(
        default=U, description="Customer no, discount group code or campaign no (blank: all)."
    )
    unit_of_measure: str | None = strawberry.field(default=U, description="Item unit.")
    minimum_quantity: Decimal | None = strawberry.field(default=U, description="At least 0.")
    line_discount_percent: Decimal = strawberry.field(description="Above 0, at most 100.")
    starting_date: date | None = strawberry.field(default=U, description="Not for campaigns.")
    ending_date: date | None = strawberry.field(default=U, description="Not for campaigns.")


@strawberry.input(description="Changes to a line discount; what and whom it is for are fixed.")
class DiscountLineUpdateInput:
    """Changes to a line discount."""

    id: strawberry.ID = strawberry.field(description="Which discount line.")
    unit_of_measure: str | None = strawberry.field(default=U, description="Unit; null: any.")
    minimum_quantity: Decimal | None = strawberry.field(default=U, description="Minimum.")
    line_discount_percent: Decimal | None = strawberry.field(default=U, description="Percent.")
    starting_date: date | None = strawberry.field(default=U, description="Not for campaigns.")
    ending_date: date | None = strawberry.field(default=U, description="Not for campaigns.")


@strawberry.input(description="Names one price or discount line by its ID.")
class LineIdInput:
    """One line."""

    id: strawberry.ID = strawberry.field(description="The line's ID.")


@strawberry.input(description="The price line to delete.")
class PriceLineDeleteInput(LineIdInput):
    """The price line to delete."""


@strawberry.input(description="The discount line to delete.")
class DiscountLineDeleteInput(LineIdInput):
    """The discount line to delete."""


@strawberry.input(description="Activate a campaign's prices and discounts for its targets.")
class CampaignPricingActivateInput:
    """Activate a campaign."""

    campaign_no: str = strawberry.field(description="The campaign.")
    allow_without_pricing: bool = strawberry.field(
        default=False, description="Activate even without campaign prices or discounts (A3)."
    )


@strawberry.input(description="Deactivate a campaign (its prices and discounts stay).")
class CampaignPricingDeactivateInput:
    """Deactivate a campaign."""

    campaign_no: str = strawberry.field(description="The campaign.")


@strawberry.type(description="Result of creating or changing a price line.")
class PriceLinePayload:
    """Result of a price line mutation."""

    price_line: PriceLine | None = strawberry.field(description="The price line.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating a price line.")
class PriceLineCreatePayload(PriceLinePayload):
    """Result of creating a price line."""


@strawberry.type(description="Result of changing a price line.")
class PriceLineUpdatePayload(PriceLinePayload):
    """Result of changing a price line."""


@strawberry.type(description="Result of deleting a price line.")
class PriceLineDeletePayload:
    """Result of deleting a price line."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted line.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating or changing a discount line.")
class DiscountLinePayload:
    """Result of a discount line mutation."""

    discount_line: DiscountLine | None = strawberry.field(description="The discount line.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating a discount line.")
class DiscountLineCreatePayload(DiscountLinePayload):
    """Result of creating a discount line."""


@strawberry.type(description="Result of changing a discount line.")
class DiscountLineUpdatePayload(DiscountLinePayload):
    """Result of changing a discount line."""


@strawberry.type(description="Result of deleting a discount line.")
class DiscountLineDeletePayload:
    """Result of deleting a discount line."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted line.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of activating or deactivating a campaign.")
class CampaignActivationPayload:
    """Result of (de)activation."""

    campaign: CampaignRef | None = strawberry.field(description="The campaign.")
    targeted_customers: int | None = strawberry.field(description="Customers in the group.")
    targeted_contacts: int | None = strawberry.field(
        description="Contacts (companies, persons without one) in the group."
    )
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of activating a campaign.")
class CampaignPricingActivatePayload(CampaignActivationPayload):
    """Result of activating a campaign."""


@strawberry.type(description="Result of deactivating a campaign.")
class CampaignPricingDeactivatePayload(CampaignActivationPayload):
    """Result of deactivating a campaign."""
