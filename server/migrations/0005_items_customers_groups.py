from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0004_contacts_segments_interactions")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CustomerDiscountGroup",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("description", fields.CharField(max_length=100)),
            ],
            options={
                "table": "customer_discount_group",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A group of customers that share line discounts.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CustomerPriceGroup",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("description", fields.CharField(max_length=100)),
            ],
            options={
                "table": "customer_price_group",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A group of customers that share sales prices.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Customer",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("no", fields.CharField(unique=True, max_length=20)),
                ("name", fields.CharField(max_length=100)),
                (
                    "contact",
                    fields.OneToOneField(
                        "models.Contact",
                        source_field="contact_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="customer",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "price_group",
                    fields.ForeignKeyField(
                        "models.CustomerPriceGroup",
                        source_field="price_group_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="customers",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "discount_group",
                    fields.ForeignKeyField(
                        "models.CustomerDiscountGroup",
                        source_field="discount_group_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="customers",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("blocked", fields.BooleanField(default=False)),
            ],
            options={
                "table": "customer",
                "app": "models",
                "indexes": [
                    Index(fields=["name", "no"]),
                    Index(fields=["price_group_id", "no"]),
                    Index(fields=["discount_group_id", "no"]),
                ],
                "pk_attr": "id",
                "table_description": "A customer. It may be linked to one company contact, the business relation.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ItemDiscountGroup",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("description", fields.CharField(max_length=100)),
            ],
            options={
                "table": "item_discount_group",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A group of items that share line discounts.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Item",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("no", fields.CharField(unique=True, max_length=20)),
                ("description", fields.CharField(max_length=100)),
                ("base_unit_of_measure", fields.CharField(max_length=10)),
                ("unit_price", fields.DecimalField(default=0, max_digits=20, decimal_places=5)),
                (
                    "discount_group",
                    fields.ForeignKeyField(
                        "models.ItemDiscountGroup",
                        source_field="discount_group_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="items",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("blocked", fields.BooleanField(default=False)),
            ],
            options={
                "table": "item",
                "app": "models",
                "indexes": [
                    Index(fields=["description", "no"]),
                    Index(fields=["discount_group_id", "no"]),
                ],
                "pk_attr": "id",
                "table_description": "A product with its list price, sold in its base unit or another unit of measure.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ItemUnitOfMeasure",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "item",
                    fields.ForeignKeyField(
                        "models.Item",
                        source_field="item_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="units_of_measure",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("code", fields.CharField(max_length=10)),
                ("quantity_per_unit", fields.DecimalField(max_digits=20, decimal_places=5)),
            ],
            options={
                "table": "item_unit_of_measure",
                "app": "models",
                "unique_together": (("item", "code"),),
                "pk_attr": "id",
                "table_description": "A unit an item is sold in and how many base units it holds (the base unit holds 1).",
            },
            bases=["Model"],
        ),
    ]
