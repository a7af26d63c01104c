from tortoise import migrations
from tortoise.migrations import operations as ops
from server.models.pricing import DiscountSourceType, DiscountType, PriceSourceType, TargetType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0005_items_customers_groups")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CampaignTarget",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="campaign_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="targets",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "type",
                    fields.CharEnumField(
                        description="CUSTOMER: CUSTOMER\nCONTACT: CONTACT",
                        enum_type=TargetType,
                        max_length=10,
                    ),
                ),
                (
                    "customer",
                    fields.ForeignKeyField(
                        "models.Customer",
                        source_field="customer_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="campaign_targets",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "contact",
                    fields.ForeignKeyField(
                        "models.Contact",
                        source_field="contact_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="campaign_targets",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "campaign_target",
                "app": "models",
                "unique_together": (("campaign", "customer"), ("campaign", "contact")),
                "pk_attr": "id",
                "table_description": "One member of a campaign target group - a customer, or a company or person contact",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="DiscountLine",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "type",
                    fields.CharEnumField(
                        description="ITEM: ITEM\nITEM_DISCOUNT_GROUP: ITEM_DISCOUNT_GROUP",
                        enum_type=DiscountType,
                        max_length=20,
                    ),
                ),
                (
                    "item",
                    fields.ForeignKeyField(
                        "models.Item",
                        source_field="item_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="discount_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "item_discount_group",
                    fields.ForeignKeyField(
                        "models.ItemDiscountGroup",
                        source_field="item_discount_group_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="discount_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "source_type",
                    fields.CharEnumField(
                        description="ALL_CUSTOMERS: ALL_CUSTOMERS\nCUSTOMER: CUSTOMER\nCUSTOMER_DISCOUNT_GROUP: CUSTOMER_DISCOUNT_GROUP\nCAMPAIGN: CAMPAIGN",
                        enum_type=DiscountSourceType,
                        max_length=25,
                    ),
                ),
                ("source_code", fields.CharField(null=True, max_length=20)),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="campaign_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="discount_lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("unit_of_measure", fields.CharField(null=True, max_length=10)),
                (
                    "minimum_quantity",
                    fields.DecimalField(default=0, max_digits=20, decimal_places=5),
                ),
                ("line_discount_percent", fields.DecimalField(max_digits=5, decimal_places=2)),
                ("starting_date", fields.DateField(null=True)),
                ("ending_date", fields.DateField(null=True)),
            ],
            options={
                "table": "discount_line",
                "app": "models",
                "indexes": [
                    Index(fields=["item_id", "source_type", "source_code"]),
                    Index(fields=["campaign_id", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "A line discount agreement. Campaign lines carry the dates of their campaign (C3).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PriceLine",
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
                        related_name="price_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "source_type",
                    fields.CharEnumField(
                        description="ALL_CUSTOMERS: ALL_CUSTOMERS\nCUSTOMER: CUSTOMER\nCUSTOMER_PRICE_GROUP: CUSTOMER_PRICE_GROUP\nCAMPAIGN: CAMPAIGN",
                        enum_type=PriceSourceType,
                        max_length=25,
                    ),
                ),
                (
                    "source_code",
                    fields.CharField(
                        null=True,
                        description="Customer no, price group code or campaign no (blank only for all customers).",
                        max_length=20,
                    ),
                ),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="campaign_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="price_lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "unit_of_measure",
                    fields.CharField(
                        null=True,
                        description="Blank: any unit (quantities compared in base units).",
                        max_length=10,
                    ),
                ),
                (
                    "minimum_quantity",
                    fields.DecimalField(default=0, max_digits=20, decimal_places=5),
                ),
                ("unit_price", fields.DecimalField(max_digits=20, decimal_places=5)),
                ("starting_date", fields.DateField(null=True)),
                ("ending_date", fields.DateField(null=True)),
                ("allow_line_discount", fields.BooleanField(default=True)),
            ],
            options={
                "table": "price_line",
                "app": "models",
                "indexes": [
                    Index(fields=["item_id", "source_type", "source_code"]),
                    Index(fields=["campaign_id", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "A sales price agreement. Campaign lines carry the dates of their campaign (C3).",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Campaign",
            name="activation_requested",
            field=fields.BooleanField(
                default=False,
                description="Set by activation, cleared by deactivation: while set, the target group is kept exact",
            ),
        ),
    ]
