from tortoise import migrations
from tortoise.migrations import operations as ops
from server.models.sales import SalesDocumentType, SalesLineSource
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0009_opportunities")]

    initial = False

    operations = [
        ops.CreateModel(
            name="SalesDocument",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("no", fields.CharField(unique=True, max_length=20)),
                (
                    "type",
                    fields.CharEnumField(
                        description="QUOTE: QUOTE\nORDER: ORDER\nINVOICE: INVOICE",
                        enum_type=SalesDocumentType,
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
                        related_name="sales_documents",
                        on_delete=OnDelete.RESTRICT,
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
                        related_name="sales_documents",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "document_date",
                    fields.DateField(
                        description="The pricing date: order date of quotes and orders, posting date of invoices."
                    ),
                ),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="campaign_id",
                        null=True,
                        description="Attribution only, it never makes prices eligible (DOMAIN P1).",
                        db_constraint=True,
                        to_field="id",
                        related_name="sales_documents",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "salesperson",
                    fields.ForeignKeyField(
                        "models.Salesperson",
                        source_field="salesperson_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="sales_documents",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("created_by", fields.CharField(null=True, max_length=50)),
            ],
            options={
                "table": "sales_document",
                "app": "models",
                "indexes": [
                    Index(fields=["customer_id", "no"]),
                    Index(fields=["contact_id", "no"]),
                    Index(fields=["campaign_id", "no"]),
                    Index(fields=["salesperson_id", "no"]),
                    Index(fields=["document_date", "no"]),
                ],
                "pk_attr": "id",
                "table_description": "A quote, order or invoice for a customer (bill-to) or, on a quote, a prospect contact.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SalesLine",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "document",
                    fields.ForeignKeyField(
                        "models.SalesDocument",
                        source_field="document_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("line_no", fields.IntField()),
                (
                    "item",
                    fields.ForeignKeyField(
                        "models.Item",
                        source_field="item_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sales_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("quantity", fields.DecimalField(max_digits=20, decimal_places=5)),
                ("unit_of_measure", fields.CharField(max_length=10)),
                ("quantity_per_unit", fields.DecimalField(max_digits=20, decimal_places=5)),
                ("unit_price", fields.DecimalField(max_digits=20, decimal_places=5)),
                ("line_discount_percent", fields.DecimalField(max_digits=5, decimal_places=2)),
                ("line_amount", fields.DecimalField(max_digits=20, decimal_places=2)),
                (
                    "price_source_type",
                    fields.CharEnumField(
                        description="ITEM: ITEM\nALL_CUSTOMERS: ALL_CUSTOMERS\nCUSTOMER: CUSTOMER\nCUSTOMER_PRICE_GROUP: CUSTOMER_PRICE_GROUP\nCUSTOMER_DISCOUNT_GROUP: CUSTOMER_DISCOUNT_GROUP\nCAMPAIGN: CAMPAIGN",
                        enum_type=SalesLineSource,
                        max_length=25,
                    ),
                ),
                (
                    "price_source_code",
                    fields.CharField(
                        null=True,
                        description="Item no, customer no, price group code or campaign no of the winning price.",
                        max_length=20,
                    ),
                ),
                (
                    "price_line",
                    fields.ForeignKeyField(
                        "models.PriceLine",
                        source_field="price_line_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="sales_lines",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "price_campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="price_campaign_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="priced_sales_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "discount_source_type",
                    fields.CharEnumField(
                        null=True,
                        description="ITEM: ITEM\nALL_CUSTOMERS: ALL_CUSTOMERS\nCUSTOMER: CUSTOMER\nCUSTOMER_PRICE_GROUP: CUSTOMER_PRICE_GROUP\nCUSTOMER_DISCOUNT_GROUP: CUSTOMER_DISCOUNT_GROUP\nCAMPAIGN: CAMPAIGN",
                        enum_type=SalesLineSource,
                        max_length=25,
                    ),
                ),
                ("discount_source_code", fields.CharField(null=True, max_length=20)),
                (
                    "discount_line",
                    fields.ForeignKeyField(
                        "models.DiscountLine",
                        source_field="discount_line_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="sales_lines",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "discount_campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="discount_campaign_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="discounted_sales_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
            ],
            options={
                "table": "sales_line",
                "app": "models",
                "unique_together": (("document", "line_no"),),
                "indexes": [
                    Index(fields=["price_campaign_id"]),
                    Index(fields=["discount_campaign_id"]),
                    Index(fields=["item_id"]),
                ],
                "pk_attr": "id",
                "table_description": "One item on a sales document, priced by DOMAIN P1-P7.",
            },
            bases=["Model"],
        ),
    ]
