"""Items (the products sold) and their units of measure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from server.models.pricing import ItemDiscountGroup


class Item(Model):
    """A product with its list price, sold in its base unit or another unit of measure."""

    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100)
    base_unit_of_measure = fields.CharField(max_length=10)
    unit_price = fields.DecimalField(max_digits=20, decimal_places=5, default=0)
    discount_group: fields.ForeignKeyNullableRelation[ItemDiscountGroup] = fields.ForeignKeyField(
        "models.ItemDiscountGroup", related_name="items", null=True, on_delete=fields.RESTRICT
    )
    blocked = fields.BooleanField(default=False)

    units_of_measure: fields.ReverseRelation[ItemUnitOfMeasure]

    discount_group_id: int | None

    class Meta:
        table = "item"
        ordering = ("no",)
        indexes = (("description", "no"), ("discount_group_id", "no"))


class ItemUnitOfMeasure(Model):
    """A unit an item is sold in and how many base units it holds (the base unit holds 1)."""

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="units_of_measure", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=10)
    quantity_per_unit = fields.DecimalField(max_digits=20, decimal_places=5)

    item_id: int

    class Meta:
        table = "item_unit_of_measure"
        ordering = ("item_id", "code")
        unique_together = (("item", "code"),)
