from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


async def unlogged(apps, schema_editor):
    """PostgreSQL: budgets skip the write-ahead log (a crash forgets them: they refill in a
    minute); nothing on SQLite."""
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script("ALTER TABLE shared_budget SET UNLOGGED")


async def logged(apps, schema_editor):
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script("ALTER TABLE shared_budget SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("models", "0013_trusted_documents")]

    initial = False

    operations = [
        ops.CreateModel(
            name="PersistedQuery",
            fields=[
                (
                    "hash",
                    fields.CharField(
                        primary_key=True,
                        unique=True,
                        db_index=True,
                        description="Lowercase hex SHA-256 of the UTF-8 document text (verified before storing).",
                        max_length=64,
                    ),
                ),
                ("body", fields.TextField(unique=False)),
                (
                    "used_at",
                    fields.DatetimeField(
                        db_index=True,
                        description="Registered or last fetched from here (touched at most once a day).",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
            ],
            options={
                "table": "persisted_query",
                "app": "models",
                "pk_attr": "hash",
                "table_description": "An automatic persisted query (server/http/persisted.py) registered by some server",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SharedBudget",
            fields=[
                (
                    "principal",
                    fields.CharField(
                        primary_key=True,
                        unique=True,
                        db_index=True,
                        description='The caller, as `Actor.principal` names it ("token:12", "anonymous:127.0.0.1").',
                        max_length=200,
                    ),
                ),
                (
                    "tokens",
                    fields.FloatField(
                        description="Cost points left (below 0 after the processes together overspent: a debt, repaid)."
                    ),
                ),
                (
                    "at",
                    fields.FloatField(
                        db_index=True,
                        description="When `tokens` was right: seconds since the epoch, on the database server's clock.",
                    ),
                ),
            ],
            options={
                "table": "shared_budget",
                "app": "models",
                "pk_attr": "principal",
                "table_description": "One caller's shared cost budget (server/services/core/shared_state.py): the tokens left",
            },
            bases=["Model"],
        ),
        ops.RunPython(unlogged, logged),
    ]
