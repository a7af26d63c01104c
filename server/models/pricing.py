"""Pricing: the customer price and discount groups and item discount groups agreements name,
sales price and line discount agreements, and the campaign target group that activation fills."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from server.models.campaigns import Campaign
from server.models.contacts import Contact

if TYPE_CHECKING:
    from server.models.customers import Customer
    from server.models.items import Item


class CustomerPriceGroup(Model):
    """A group of customers that share sales prices."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        table = "customer_price_group"
        ordering = ("code",)


class CustomerDiscountGroup(Model):
    """A group of customers that share line discounts."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        table = "customer_discount_group"
        ordering = ("code",)


class ItemDiscountGroup(Model):
    """A group of items that share line discounts."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        table = "item_discount_group"
        ordering = ("code",)


class PriceSourceType(StrEnum):
    """Who a sales price applies to."""

    ALL_CUSTOMERS = "ALL_CUSTOMERS"
    CUSTOMER = "CUSTOMER"
    CUSTOMER_PRICE_GROUP = "CUSTOMER_PRICE_GROUP"
    CAMPAIGN = "CAMPAIGN"


class DiscountSourceType(StrEnum):
    """Who a line discount applies to."""

    ALL_CUSTOMERS = "ALL_CUSTOMERS"
    CUSTOMER = "CUSTOMER"
    CUSTOMER_DISCOUNT_GROUP = "CUSTOMER_DISCOUNT_GROUP"
    CAMPAIGN = "CAMPAIGN"


class DiscountType(StrEnum):
    """What a line discount is for: one item or an item discount group."""

    ITEM = "ITEM"
    ITEM_DISCOUNT_GROUP = "ITEM_DISCOUNT_GROUP"


class TargetType(StrEnum):
    """Whom a campaign target row names."""

    CUSTOMER = "CUSTOMER"
    CONTACT = "CONTACT"


class PriceLine(Model):
    """A sales price agreement. Campaign lines carry the dates of their campaign (C3)."""

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="price_lines", on_delete=fields.RESTRICT
    )
    source_type = fields.CharEnumField(PriceSourceType, max_length=25)
    #: Customer no, price group code or campaign no (blank only for all customers).
    source_code = fields.CharField(max_length=20, null=True)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="price_lines", null=True, on_delete=fields.CASCADE
    )
    #: Blank: any unit (quantities compared in base units).
    unit_of_measure = fields.CharField(max_length=10, null=True)
    minimum_quantity: Decimal = fields.DecimalField(max_digits=20, decimal_places=5, default=0)
    unit_price: Decimal = fields.DecimalField(max_digits=20, decimal_places=5)
    starting_date: dt.date | None = fields.DateField(null=True)
    ending_date: dt.date | None = fields.DateField(null=True)
    allow_line_discount = fields.BooleanField(default=True)

    item_id: int
    campaign_id: int | None

    class Meta:
        table = "price_line"
        ordering = ("id",)
        indexes = (("item_id", "source_type", "source_code"), ("campaign_id", "id"))


class DiscountLine(Model):
    """A line discount agreement. Campaign lines carry the dates of their campaign (C3)."""

    id = fields.IntField(primary_key=True)
    type = fields.CharEnumField(DiscountType, max_length=20)
    item: fields.ForeignKeyNullableRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="discount_lines", null=True, on_delete=fields.RESTRICT
    )
    item_discount_group: fields.ForeignKeyNullableRelation[ItemDiscountGroup] = (
        fields.ForeignKeyField(
            "models.ItemDiscountGroup",
            related_name="discount_lines",
            null=True,
            on_delete=fields.RESTRICT,
        )
    )
    source_type = fields.CharEnumField(DiscountSourceType, max_length=25)
    source_code = fields.CharField(max_length=20, null=True)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="discount_lines", null=True, on_delete=fields.CASCADE
    )
    unit_of_measure = fields.CharField(max_length=10, null=True)
    minimum_quantity: Decimal = fields.DecimalField(max_digits=20, decimal_places=5, default=0)
    line_discount_percent: Decimal = fields.DecimalField(max_digits=5, decimal_places=2)
    starting_date: dt.date | None = fields.DateField(null=True)
    ending_date: dt.date | None = fields.DateField(null=True)

    item_id: int | None
    item_discount_group_id: int | None
    campaign_id: int | None

    class Meta:
        table = "discount_line"
        ordering = ("id",)
        indexes = (("item_id", "source_type", "source_code"), ("campaign_id", "id"))


class CampaignTarget(Model):
    """One member of a campaign target group - a customer, or a company or person contact
    without a customer. Derived by activation and kept exact while the campaign is active."""

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="targets", on_delete=fields.CASCADE
    )
    type = fields.CharEnumField(TargetType, max_length=10)
    customer: fields.ForeignKeyNullableRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="campaign_targets", null=True, on_delete=fields.CASCADE
    )
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="campaign_targets", null=True, on_delete=fields.CASCADE
    )

    campaign_id: int
    customer_id: int | None
    contact_id: int | None

    class Meta:
        table = "campaign_target"
        ordering = ("campaign_id", "type", "id")
        unique_together = (("campaign", "customer"), ("campaign", "contact"))
