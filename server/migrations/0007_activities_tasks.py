from tortoise import migrations
from tortoise.migrations import operations as ops
from server.models.activities import Priority, TaskStatus, TaskType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0006_pricing_and_activation")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Activity",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("description", fields.CharField(max_length=100)),
            ],
            options={
                "table": "activity",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A named sequence of steps that becomes tasks when assigned.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ActivityStep",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "activity",
                    fields.ForeignKeyField(
                        "models.Activity",
                        source_field="activity_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="steps",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("step_no", fields.IntField()),
                (
                    "type",
                    fields.CharEnumField(
                        default=TaskType.NONE,
                        description="NONE: NONE\nMEETING: MEETING\nPHONE_CALL: PHONE_CALL",
                        enum_type=TaskType,
                        max_length=15,
                    ),
                ),
                (
                    "priority",
                    fields.CharEnumField(
                        default=Priority.NORMAL,
                        description="LOW: LOW\nNORMAL: NORMAL\nHIGH: HIGH",
                        enum_type=Priority,
                        max_length=10,
                    ),
                ),
                ("description", fields.CharField(max_length=100)),
                ("date_formula", fields.CharField(default="", max_length=50)),
            ],
            options={
                "table": "activity_step",
                "app": "models",
                "unique_together": (("activity", "step_no"),),
                "pk_attr": "id",
                "table_description": "One step of an activity, dated by a formula from the assignment's start date.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Task",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("no", fields.CharField(unique=True, max_length=20)),
                ("description", fields.CharField(max_length=100)),
                (
                    "type",
                    fields.CharEnumField(
                        default=TaskType.NONE,
                        description="NONE: NONE\nMEETING: MEETING\nPHONE_CALL: PHONE_CALL",
                        enum_type=TaskType,
                        max_length=15,
                    ),
                ),
                ("date", fields.DateField()),
                (
                    "start_time",
                    fields.CharField(
                        null=True,
                        description='ISO "HH:MM:SS" (Tortoise\'s TimeField cannot be bound on SQLite with time zones on).',
                        max_length=8,
                    ),
                ),
                ("duration", fields.DecimalField(null=True, max_digits=20, decimal_places=2)),
                (
                    "status",
                    fields.CharEnumField(
                        default=TaskStatus.NOT_STARTED,
                        description="NOT_STARTED: NOT_STARTED\nIN_PROGRESS: IN_PROGRESS\nCOMPLETED: COMPLETED\nWAITING: WAITING\nPOSTPONED: POSTPONED",
                        enum_type=TaskStatus,
                        max_length=15,
                    ),
                ),
                (
                    "priority",
                    fields.CharEnumField(
                        default=Priority.NORMAL,
                        description="LOW: LOW\nNORMAL: NORMAL\nHIGH: HIGH",
                        enum_type=Priority,
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
                        related_name="tasks",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "team",
                    fields.ForeignKeyField(
                        "models.Team",
                        source_field="team_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="tasks",
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
                        related_name="tasks",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "contact_company",
                    fields.ForeignKeyField(
                        "models.Contact",
                        source_field="contact_company_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="company_tasks",
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
                        related_name="tasks",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "segment",
                    fields.ForeignKeyField(
                        "models.Segment",
                        source_field="segment_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="tasks",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "activity",
                    fields.ForeignKeyField(
                        "models.Activity",
                        source_field="activity_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="tasks",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("closed", fields.BooleanField(default=False)),
                ("date_closed", fields.DateField(null=True)),
                ("canceled", fields.BooleanField(default=False)),
                ("completed_by", fields.CharField(null=True, max_length=20)),
                ("created_by", fields.CharField(null=True, max_length=50)),
            ],
            options={
                "table": "task",
                "app": "models",
                "indexes": [
                    Index(fields=["salesperson_id", "closed", "date"]),
                    Index(fields=["team_id", "closed", "date"]),
                    Index(fields=["campaign_id", "no"]),
                    Index(fields=["contact_id", "no"]),
                    Index(fields=["segment_id", "no"]),
                ],
                "pk_attr": "id",
                "table_description": "A to-do for a salesperson or a team, possibly from an activity.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TaskAttendee",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "task",
                    fields.ForeignKeyField(
                        "models.Task",
                        source_field="task_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="attendees",
                        on_delete=OnDelete.CASCADE,
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
                        related_name="attendances",
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
                        related_name="attendances",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
            ],
            options={
                "table": "task_attendee",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Someone taking part in a task: a salesperson or a contact, never both.",
            },
            bases=["Model"],
        ),
    ]
