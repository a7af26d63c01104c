"""Customers and the customer price and discount groups they belong to."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from server.models.contact import Contact


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


class Customer(Model):
    """A customer. It may be linked to one company contact, the business relation."""

    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    name = fields.CharField(max_length=100)
    contact: fields.OneToOneNullableRelation[Contact] = fields.OneToOneField(
        "models.Contact", related_name="customer", null=True, on_delete=fields.RESTRICT
    )
    price_group: fields.ForeignKeyNullableRelation[CustomerPriceGroup] = fields.ForeignKeyField(
        "models.CustomerPriceGroup", related_name="customers", null=True, on_delete=fields.RESTRICT
    )
    discount_group: fields.ForeignKeyNullableRelation[CustomerDiscountGroup] = (
        fields.ForeignKeyField(
            "models.CustomerDiscountGroup",
            related_name="customers",
            null=True,
            on_delete=fields.RESTRICT,
        )
    )
    blocked = fields.BooleanField(default=False)

    contact_id: int | None
    price_group_id: int | None
    discount_group_id: int | None

    class Meta:
        table = "customer"
        ordering = ("no",)
        indexes = (("name", "no"), ("price_group_id", "no"), ("discount_group_id", "no"))
