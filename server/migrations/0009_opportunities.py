from tortoise import migrations
from tortoise.migrations import operations as ops
from server.models.opportunities import ActionTaken, OpportunityStatus, ProbabilityCalculation
from server.models.activities import Priority
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0008_idempotency")]

    initial = False

    operations = [
        ops.CreateModel(
            name="SalesCycle",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("description", fields.CharField(max_length=100)),
                (
                    "probability_calculation",
                    fields.CharEnumField(
                        default=ProbabilityCalculation.MULTIPLY,
                        description="MULTIPLY: MULTIPLY\nADD: ADD\nCHANCES_OF_SUCCESS: CHANCES_OF_SUCCESS\nCOMPLETED: COMPLETED",
                        enum_type=ProbabilityCalculation,
                        max_length=20,
                    ),
                ),
                ("blocked", fields.BooleanField(default=False)),
            ],
            options={
                "table": "sales_cycle",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A sequence of stages an opportunity moves through.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Opportunity",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("no", fields.CharField(unique=True, max_length=20)),
                ("description", fields.CharField(max_length=100)),
                (
                    "contact",
                    fields.ForeignKeyField(
                        "models.Contact",
                        source_field="contact_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="opportunities",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "salesperson",
                    fields.ForeignKeyField(
                        "models.Salesperson",
                        source_field="salesperson_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="opportunities",
                        on_delete=OnDelete.RESTRICT,
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
                        related_name="opportunities",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "sales_cycle",
                    fields.ForeignKeyField(
                        "models.SalesCycle",
                        source_field="sales_cycle_id",
                        null=True,
                        description="Cleared only when its sales cycle is deleted, which O4 allows once it is closed.",
                        db_constraint=True,
                        to_field="id",
                        related_name="opportunities",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=OpportunityStatus.NOT_STARTED,
                        description="NOT_STARTED: NOT_STARTED\nIN_PROGRESS: IN_PROGRESS\nWON: WON\nLOST: LOST",
                        enum_type=OpportunityStatus,
                        max_length=15,
                    ),
                ),
                ("creation_date", fields.DateField()),
                ("closed", fields.BooleanField(default=False)),
                ("date_closed", fields.DateField(null=True)),
                (
                    "priority",
                    fields.CharEnumField(
                        default=Priority.NORMAL,
                        description="LOW: LOW\nNORMAL: NORMAL\nHIGH: HIGH",
                        enum_type=Priority,
                        max_length=10,
                    ),
                ),
                ("created_by", fields.CharField(null=True, max_length=50)),
            ],
            options={
                "table": "opportunity",
                "app": "models",
                "indexes": [
                    Index(fields=["campaign_id", "no"]),
                    Index(fields=["contact_id", "no"]),
                    Index(fields=["salesperson_id", "no"]),
                ],
                "pk_attr": "id",
                "table_description": "A chance to sell to a contact, moved through the stages of a sales cycle.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OpportunityEntry",
            fields=[
                (
                    "entry_no",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "opportunity",
                    fields.ForeignKeyField(
                        "models.Opportunity",
                        source_field="opportunity_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="entries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "stage",
                    fields.IntField(
                        description="The stage number within the opportunity's sales cycle."
                    ),
                ),
                ("active", fields.BooleanField(default=True)),
                ("date_of_change", fields.DateField()),
                ("date_closed", fields.DateField(null=True)),
                ("days_open", fields.IntField(default=0)),
                (
                    "action_taken",
                    fields.CharEnumField(
                        description="NEXT: NEXT\nPREVIOUS: PREVIOUS\nUPDATED: UPDATED\nJUMPED: JUMPED\nSKIPPED: SKIPPED\nWON: WON\nLOST: LOST",
                        enum_type=ActionTaken,
                        max_length=10,
                    ),
                ),
                (
                    "estimated_value",
                    fields.DecimalField(default=0, max_digits=20, decimal_places=2),
                ),
                (
                    "chances_of_success_percent",
                    fields.DecimalField(default=0, max_digits=5, decimal_places=2),
                ),
                (
                    "completed_percent",
                    fields.DecimalField(default=0, max_digits=5, decimal_places=2),
                ),
                (
                    "probability_percent",
                    fields.DecimalField(default=0, max_digits=5, decimal_places=2),
                ),
                (
                    "calculated_current_value",
                    fields.DecimalField(default=0, max_digits=20, decimal_places=2),
                ),
                ("estimated_close_date", fields.DateField(null=True)),
                ("user", fields.CharField(null=True, max_length=50)),
            ],
            options={
                "table": "opportunity_entry",
                "app": "models",
                "indexes": [Index(fields=["opportunity_id", "active"])],
                "pk_attr": "entry_no",
                "table_description": "One step in an opportunity's history. Exactly one entry is active once it has started.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SalesCycleStage",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "sales_cycle",
                    fields.ForeignKeyField(
                        "models.SalesCycle",
                        source_field="sales_cycle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="stages",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("stage", fields.IntField()),
                ("description", fields.CharField(max_length=100)),
                (
                    "completed_percent",
                    fields.DecimalField(default=0, max_digits=5, decimal_places=2),
                ),
                (
                    "chances_of_success_percent",
                    fields.DecimalField(default=0, max_digits=5, decimal_places=2),
                ),
                (
                    "activity",
                    fields.ForeignKeyField(
                        "models.Activity",
                        source_field="activity_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="sales_cycle_stages",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("quote_required", fields.BooleanField(default=False)),
                ("allow_skip", fields.BooleanField(default=False)),
                (
                    "date_formula",
                    fields.CharField(
                        default="",
                        description="Estimated close date formula from the date of change, neutral form.",
                        max_length=50,
                    ),
                ),
            ],
            options={
                "table": "sales_cycle_stage",
                "app": "models",
                "unique_together": (("sales_cycle", "stage"),),
                "pk_attr": "id",
                "table_description": "One stage of a sales cycle with its completion and chances of success.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Interaction",
            name="opportunity",
            field=fields.ForeignKeyField(
                "models.Opportunity",
                source_field="opportunity_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="interactions",
                on_delete=OnDelete.RESTRICT,
            ),
        ),
        ops.AddField(
            model_name="Interaction",
            name="task",
            field=fields.ForeignKeyField(
                "models.Task",
                source_field="task_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="interactions",
                on_delete=OnDelete.RESTRICT,
            ),
        ),
        ops.AddIndex(
            model_name="Interaction",
            index=Index(fields=["opportunity_id", "entry_no"]),
        ),
        ops.AddField(
            model_name="Task",
            name="opportunity",
            field=fields.ForeignKeyField(
                "models.Opportunity",
                source_field="opportunity_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="tasks",
                on_delete=OnDelete.RESTRICT,
            ),
        ),
        ops.AddIndex(
            model_name="Task",
            index=Index(fields=["opportunity_id", "no"]),
        ),
    ]
