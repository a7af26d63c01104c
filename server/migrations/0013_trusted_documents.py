from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0012_broker_events")]

    initial = False

    operations = [
        ops.CreateModel(
            name="TrustedDocument",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "hash",
                    fields.CharField(
                        unique=True,
                        description="Lowercase hex SHA-256 of the UTF-8 document text: the id clients send.",
                        max_length=64,
                    ),
                ),
                ("body", fields.TextField(unique=False)),
                (
                    "operation_name",
                    fields.CharField(
                        null=True,
                        description="The name of its operation (None for an anonymous one or several operations).",
                        max_length=200,
                    ),
                ),
                (
                    "operation_type",
                    fields.CharField(
                        description="query, mutation or subscription (of its first operation).",
                        max_length=12,
                    ),
                ),
                ("registered_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "trusted_document",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A GraphQL document a client app was built with, by the SHA-256 of its exact text.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TrustedDocumentRegistry",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("version", fields.BigIntField(default=0)),
            ],
            options={
                "table": "trusted_document_registry",
                "app": "models",
                "pk_attr": "id",
                "table_description": "One row: a number raised by every registration and retirement, which server processes",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TrustedDocumentRelease",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "document",
                    fields.ForeignKeyField(
                        "models.TrustedDocument",
                        source_field="document_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="releases",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "client",
                    fields.CharField(
                        description="The app, as its team names it (for example ios, android, web).",
                        max_length=100,
                    ),
                ),
                (
                    "version",
                    fields.CharField(
                        description="The app version whose build made the manifest (for example 4.2.0).",
                        max_length=50,
                    ),
                ),
                ("registered_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "trusted_document_release",
                "app": "models",
                "unique_together": (("document", "client", "version"),),
                "indexes": [Index(fields=["client", "version"])],
                "pk_attr": "id",
                "table_description": "A document shipped in one version of one client app, accepted until that version is",
            },
            bases=["Model"],
        ),
        # The registry's one row, so that the first registrations never race to create it.
        ops.RunSQL(
            "INSERT INTO trusted_document_registry (id, version) VALUES (1, 0)",
            reverse_sql="DELETE FROM trusted_document_registry WHERE id = 1",
        ),
    ]
