from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("models", "0007_activities_tasks")]

    initial = False

    operations = [
        ops.CreateModel(
            name="IdempotencyRecord",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.CharField(
                        description="The username of the caller: keys are private to each user.",
                        max_length=50,
                    ),
                ),
                (
                    "operation",
                    fields.CharField(
                        description="The mutation field, for example campaignCreate.", max_length=64
                    ),
                ),
                ("key", fields.CharField(max_length=100)),
                (
                    "fingerprint",
                    fields.CharField(
                        description="SHA-256 of the canonical input without the key: a reused key with other input is refused.",
                        max_length=64,
                    ),
                ),
                (
                    "result",
                    fields.JSONField(
                        description="What the payload held, as references to the records (reloaded on replay).",
                        encoder=JSON_DUMPS,
                        decoder=loads,
                    ),
                ),
                (
                    "created_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "idempotency_record",
                "app": "models",
                "unique_together": (("user", "operation", "key"),),
                "pk_attr": "id",
                "table_description": "The first successful result of one user's mutation under one idempotency key.",
            },
            bases=["Model"],
        ),
    ]
