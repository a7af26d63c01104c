from tortoise import migrations
from tortoise.migrations import operations as ops
from server.models.contacts import ContactType
from server.models.interactions import CorrespondenceType, Evaluation, InformationFlow, InitiatedBy
from server.models.segments import SegmentStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0003_campaign_created_by")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Contact",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("no", fields.CharField(unique=True, max_length=20)),
                (
                    "type",
                    fields.CharEnumField(
                        description="COMPANY: COMPANY\nPERSON: PERSON",
                        enum_type=ContactType,
                        max_length=10,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                (
                    "company",
                    fields.ForeignKeyField(
                        "models.Contact",
                        source_field="company_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="persons",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("email", fields.CharField(null=True, max_length=254)),
                ("phone", fields.CharField(null=True, max_length=30)),
                ("address", fields.CharField(null=True, max_length=100)),
                ("address_2", fields.CharField(null=True, max_length=100)),
                ("city", fields.CharField(null=True, max_length=50)),
                ("post_code", fields.CharField(null=True, max_length=20)),
                ("country_code", fields.CharField(null=True, max_length=10)),
                (
                    "salesperson",
                    fields.ForeignKeyField(
                        "models.Salesperson",
                        source_field="salesperson_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="contacts",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("job_title", fields.CharField(null=True, max_length=100)),
                ("blocked", fields.BooleanField(default=False)),
            ],
            options={
                "table": "contact",
                "app": "models",
                "indexes": [
                    Index(fields=["company_id", "no"]),
                    Index(fields=["name", "no"]),
                    Index(fields=["salesperson_id", "no"]),
                ],
                "pk_attr": "id",
                "table_description": "A company or a person. A person may belong to one company contact.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="InteractionGroup",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("description", fields.CharField(max_length=100)),
            ],
            options={
                "table": "interaction_group",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A group of interaction templates (letters, calls, meetings).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="InteractionTemplate",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=10)),
                ("description", fields.CharField(max_length=100)),
                (
                    "group",
                    fields.ForeignKeyField(
                        "models.InteractionGroup",
                        source_field="group_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="templates",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("unit_cost", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                ("unit_duration", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                (
                    "information_flow",
                    fields.CharEnumField(
                        default=InformationFlow.NONE,
                        description="NONE: NONE\nOUTBOUND: OUTBOUND\nINBOUND: INBOUND",
                        enum_type=InformationFlow,
                        max_length=10,
                    ),
                ),
                (
                    "initiated_by",
                    fields.CharEnumField(
                        default=InitiatedBy.NONE,
                        description="NONE: NONE\nUS: US\nTHEM: THEM",
                        enum_type=InitiatedBy,
                        max_length=10,
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
                        related_name="templates",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("campaign_target", fields.BooleanField(default=False)),
                ("campaign_response", fields.BooleanField(default=False)),
                (
                    "correspondence_type",
                    fields.CharEnumField(
                        default=CorrespondenceType.NONE,
                        description="NONE: NONE\nHARD_COPY: HARD_COPY\nEMAIL: EMAIL",
                        enum_type=CorrespondenceType,
                        max_length=10,
                    ),
                ),
            ],
            options={
                "table": "interaction_template",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A kind of interaction with the defaults it gives segments, lines and logged entries.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Segment",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("no", fields.CharField(unique=True, max_length=20)),
                ("description", fields.CharField(max_length=100)),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="campaign_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="segments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("campaign_target", fields.BooleanField(default=False)),
                ("campaign_response", fields.BooleanField(default=False)),
                (
                    "salesperson",
                    fields.ForeignKeyField(
                        "models.Salesperson",
                        source_field="salesperson_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="segments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "interaction_template",
                    fields.ForeignKeyField(
                        "models.InteractionTemplate",
                        source_field="interaction_template_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="segments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("unit_cost", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                ("unit_duration", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                ("date", fields.DateField(null=True)),
                (
                    "information_flow",
                    fields.CharEnumField(
                        default=InformationFlow.NONE,
                        description="NONE: NONE\nOUTBOUND: OUTBOUND\nINBOUND: INBOUND",
                        enum_type=InformationFlow,
                        max_length=10,
                    ),
                ),
                (
                    "initiated_by",
                    fields.CharEnumField(
                        default=InitiatedBy.NONE,
                        description="NONE: NONE\nUS: US\nTHEM: THEM",
                        enum_type=InitiatedBy,
                        max_length=10,
                    ),
                ),
                ("subject", fields.CharField(null=True, max_length=100)),
                (
                    "status",
                    fields.CharEnumField(
                        default=SegmentStatus.OPEN,
                        description="OPEN: OPEN\nLOGGED: LOGGED",
                        enum_type=SegmentStatus,
                        max_length=10,
                    ),
                ),
                ("created_by", fields.CharField(null=True, max_length=50)),
            ],
            options={
                "table": "segment",
                "app": "models",
                "indexes": [Index(fields=["campaign_id", "no"])],
                "pk_attr": "id",
                "table_description": "A set of contacts to interact with, with the values its lines start from.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LoggedSegment",
            fields=[
                (
                    "entry_no",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "segment",
                    fields.ForeignKeyField(
                        "models.Segment",
                        source_field="segment_id",
                        unique=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="logged",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("description", fields.CharField(max_length=100)),
                ("creation_date", fields.DateField()),
                ("user", fields.CharField(max_length=50)),
                ("canceled", fields.BooleanField(default=False)),
            ],
            options={
                "table": "logged_segment",
                "app": "models",
                "pk_attr": "entry_no",
                "table_description": "The record of one segment having been logged: cancelling it cancels what it logged.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CampaignEntry",
            fields=[
                (
                    "entry_no",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="campaign_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("date", fields.DateField()),
                ("description", fields.CharField(max_length=100)),
                (
                    "segment",
                    fields.ForeignKeyField(
                        "models.Segment",
                        source_field="segment_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="campaign_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "logged_segment",
                    fields.ForeignKeyField(
                        "models.LoggedSegment",
                        source_field="logged_segment_id",
                        null=True,
                        db_constraint=True,
                        to_field="entry_no",
                        related_name="campaign_entries",
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
                        related_name="campaign_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("user", fields.CharField(max_length=50)),
                (
                    "single_interactions",
                    fields.BooleanField(
                        default=False,
                        description="The campaign's entry for interactions logged one by one (at most one open per campaign).",
                    ),
                ),
                ("canceled", fields.BooleanField(default=False)),
            ],
            options={
                "table": "campaign_entry",
                "app": "models",
                "indexes": [Index(fields=["campaign_id", "entry_no"])],
                "pk_attr": "entry_no",
                "table_description": "One logging event of a campaign: a segment logged, or the entry that collects single",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Interaction",
            fields=[
                (
                    "entry_no",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "contact",
                    fields.ForeignKeyField(
                        "models.Contact",
                        source_field="contact_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="interactions",
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
                        related_name="company_interactions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("date", fields.DateField()),
                ("time", fields.TimeField(null=True, auto_now=False, auto_now_add=False)),
                ("description", fields.CharField(max_length=100)),
                ("subject", fields.CharField(null=True, max_length=100)),
                (
                    "template",
                    fields.ForeignKeyField(
                        "models.InteractionTemplate",
                        source_field="template_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="interactions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "models.InteractionGroup",
                        source_field="group_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="interactions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "information_flow",
                    fields.CharEnumField(
                        default=InformationFlow.NONE,
                        description="NONE: NONE\nOUTBOUND: OUTBOUND\nINBOUND: INBOUND",
                        enum_type=InformationFlow,
                        max_length=10,
                    ),
                ),
                (
                    "initiated_by",
                    fields.CharEnumField(
                        default=InitiatedBy.NONE,
                        description="NONE: NONE\nUS: US\nTHEM: THEM",
                        enum_type=InitiatedBy,
                        max_length=10,
                    ),
                ),
                ("cost", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                ("duration", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                (
                    "evaluation",
                    fields.CharEnumField(
                        null=True,
                        description="VERY_POSITIVE: VERY_POSITIVE\nPOSITIVE: POSITIVE\nNEUTRAL: NEUTRAL\nNEGATIVE: NEGATIVE\nVERY_NEGATIVE: VERY_NEGATIVE",
                        enum_type=Evaluation,
                        max_length=15,
                    ),
                ),
                ("attempt_failed", fields.BooleanField(default=False)),
                (
                    "salesperson",
                    fields.ForeignKeyField(
                        "models.Salesperson",
                        source_field="salesperson_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="interactions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("user", fields.CharField(max_length=50)),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "models.Campaign",
                        source_field="campaign_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="interactions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "campaign_entry",
                    fields.ForeignKeyField(
                        "models.CampaignEntry",
                        source_field="campaign_entry_id",
                        null=True,
                        db_constraint=True,
                        to_field="entry_no",
                        related_name="interactions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("campaign_target", fields.BooleanField(default=False)),
                ("campaign_response", fields.BooleanField(default=False)),
                (
                    "segment",
                    fields.ForeignKeyField(
                        "models.Segment",
                        source_field="segment_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="interactions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "logged_segment",
                    fields.ForeignKeyField(
                        "models.LoggedSegment",
                        source_field="logged_segment_id",
                        null=True,
                        db_constraint=True,
                        to_field="entry_no",
                        related_name="interactions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("canceled", fields.BooleanField(default=False)),
                ("postponed", fields.BooleanField(default=False)),
            ],
            options={
                "table": "interaction",
                "app": "models",
                "indexes": [
                    Index(fields=["contact_id", "entry_no"]),
                    Index(fields=["campaign_id", "date"]),
                    Index(fields=["campaign_entry_id"]),
                    Index(fields=["logged_segment_id"]),
                    Index(fields=["segment_id", "contact_id"]),
                ],
                "pk_attr": "entry_no",
                "table_description": "An interaction log entry. Cost, duration, contact and campaign are fixed once logged.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SegmentLine",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "segment",
                    fields.ForeignKeyField(
                        "models.Segment",
                        source_field="segment_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("line_no", fields.IntField()),
                (
                    "contact",
                    fields.ForeignKeyField(
                        "models.Contact",
                        source_field="contact_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="segment_lines",
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
                        related_name="segment_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("campaign_target", fields.BooleanField(default=False)),
                ("campaign_response", fields.BooleanField(default=False)),
                (
                    "salesperson",
                    fields.ForeignKeyField(
                        "models.Salesperson",
                        source_field="salesperson_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="segment_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "interaction_template",
                    fields.ForeignKeyField(
                        "models.InteractionTemplate",
                        source_field="interaction_template_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="segment_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("cost", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                ("duration", fields.DecimalField(default=0, max_digits=20, decimal_places=2)),
                ("date", fields.DateField(null=True)),
                ("description", fields.CharField(null=True, max_length=100)),
                (
                    "evaluation",
                    fields.CharEnumField(
                        null=True,
                        description="VERY_POSITIVE: VERY_POSITIVE\nPOSITIVE: POSITIVE\nNEUTRAL: NEUTRAL\nNEGATIVE: NEGATIVE\nVERY_NEGATIVE: VERY_NEGATIVE",
                        enum_type=Evaluation,
                        max_length=15,
                    ),
                ),
                ("attempt_failed", fields.BooleanField(default=False)),
                (
                    "campaign_entry",
                    fields.ForeignKeyField(
                        "models.CampaignEntry",
                        source_field="campaign_entry_id",
                        null=True,
                        db_constraint=True,
                        to_field="entry_no",
                        related_name="segment_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
            ],
            options={
                "table": "segment_line",
                "app": "models",
                "unique_together": (("segment", "contact"), ("segment", "line_no")),
                "indexes": [
                    Index(fields=["campaign_id", "campaign_target"]),
                    Index(fields=["contact_id"]),
                ],
                "pk_attr": "id",
                "table_description": "One contact in a segment, with the values its interaction will be logged with.",
            },
            bases=["Model"],
        ),
    ]
