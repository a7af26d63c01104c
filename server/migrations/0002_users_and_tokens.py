from tortoise import migrations
from tortoise.migrations import operations as ops
from server.models.accounts import Role
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("username", fields.CharField(unique=True, max_length=50)),
                ("name", fields.CharField(max_length=100)),
                (
                    "role",
                    fields.CharEnumField(
                        description="ADMIN: ADMIN\nMANAGER: MANAGER\nSALES: SALES\nVIEWER: VIEWER",
                        enum_type=Role,
                        max_length=10,
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
                        related_name="users",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "app_user",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A person or system that calls the API, with one role and optionally a salesperson.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="api_tokens",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                ("prefix", fields.CharField(max_length=16)),
                ("secret_hash", fields.CharField(unique=True, max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "last_used_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "api_token",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A bearer token of a user. Only the SHA-256 of the secret is stored.",
            },
            bases=["Model"],
        ),
    ]
