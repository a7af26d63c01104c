"""SQLite: integer twins of interactions' cost and duration, kept by triggers
(server/services/interactions/units.py); nothing on PostgreSQL."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

from server.services.interactions import units as interaction_units


async def forward(apps: Any, schema_editor: Any) -> None:
    await interaction_units.install(schema_editor.client)


async def backward(apps: Any, schema_editor: Any) -> None:
    await interaction_units.uninstall(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [("models", "0010_sales_documents")]

    initial = False

    operations = [ops.RunPython(forward, backward)]
