from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="CampaignStatus",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("description", fields.CharField(max_length=100)),
                ("sort_order", fields.IntField(default=0)),
            ],
            options={
                "table": "campaign_status",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An informational step a campaign is at. Never affects pricing, logging or statistics.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="NumberSeries",
            fields=[
                (
                    "code",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=20),
                ),
                ("description", fields.CharField(max_length=100)),
                ("prefix", fields.CharField(max_length=10)),
                ("width", fields.IntField(default=5)),
                ("last_no", fields.BigIntField(default=0)),
            ],
            options={
                "table": "number_series",
                "app": "models",
                "pk_attr": "code",
                "table_description": "One counter per entity. The last number only ever grows, so none is handed out twice.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Salesperson",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=20)),
                ("name", fields.CharField(max_length=100)),
                ("email", fields.CharField(null=True, max_length=254)),
                ("phone", fields.CharField(null=True, max_length=30)),
                ("job_title", fields.CharField(null=True, max_length=100)),
                ("blocked", fields.BooleanField(default=False)),
            ],
            options={
                "table": "salesperson",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A salesperson or purchaser. Blocked ones cannot be assigned to new records.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Campaign",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("no", fields.CharField(unique=True, max_length=20)),
                ("description", fields.CharField(max_length=100)),
                ("starting_date", fields.DateField(null=True)),
                ("ending_date", fields.DateField(null=True)),
                (
                    "status",
                    fields.ForeignKeyField(
                        "models.CampaignStatus",
                        source_field="status_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="campaigns",
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
                        related_name="campaigns",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("last_date_modified", fields.DateField()),
                ("budgeted_cost", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                (
                    "expected_revenue",
                    fields.DecimalField(default=0, max_digits=20, decimal_places=2),
                ),
                ("notes", fields.TextField(null=True, unique=False)),
            ],
            options={
                "table": "campaign",
                "app": "models",
                "indexes": [
                    Index(fields=["starting_date", "no"]),
                    Index(fields=["ending_date", "no"]),
                ],
                "pk_attr": "id",
                "table_description": "A marketing campaign. Activation and statistics are derived, never stored.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Team",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("name", fields.CharField(max_length=100)),
                (
                    "members",
                    fields.ManyToManyField(
                        "models.Salesperson",
                        unique=True,
                        db_constraint=True,
                        through="team_member",
                        forward_key="salesperson_id",
                        backward_key="team_id",
                        related_name="teams",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "team",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A team of salespeople that tasks and activities can be assigned to.",
            },
            bases=["Model"],
        ),
    ]
