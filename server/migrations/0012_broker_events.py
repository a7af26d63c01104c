from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("models", "0011_interaction_units")]

    initial = False

    operations = [
        ops.CreateModel(
            name="BrokerEvent",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "payload",
                    fields.TextField(
                        description="The event as ActivityEvent.to_json gives it, in JSON.",
                        unique=False,
                    ),
                ),
                (
                    "created_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "broker_event",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A campaign activity event on its way to every server process that shares one SQLite",
            },
            bases=["Model"],
        ),
    ]
