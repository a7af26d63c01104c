"""Customers, each linked to at most one company contact (the business relation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from server.models.contacts import Contact

if TYPE_CHECKING:
    from server.models.pricing import CustomerDiscountGroup, CustomerPriceGroup


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
