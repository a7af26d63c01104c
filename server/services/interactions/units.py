"""SQLite: every interaction's cost and duration also kept as integer units (issue 9).

Exact sums on SQLite parse each stored decimal text with string functions (decimal_sums):
about 40 ms for the dashboard campaign's 6,000 interactions, on every statistics read. Here
triggers do that parsing once, when a row is written, into `cost_units` and
`duration_units` (hundredths, or NULL for a text that is not plain, which the statistics
then add in Python as before). Reads sum integers. PostgreSQL sums `numeric` exactly and
fast, so it has none of this.

The columns are not part of the Tortoise model: the migration 0011 adds them to migrated
databases, and `install` adds them to schemas made by `generate_schemas` (the tests).
"""

from __future__ import annotations

from typing import Any

from server.models import AMOUNT_PLACES
from server.services.core.decimal_sums import plain, units

#: Stored column -> its integer twin (both fields have AMOUNT_PLACES decimal places).
TWINS = {"cost": "cost_units", "duration": "duration_units"}
PLACES = AMOUNT_PLACES

_TRIGGERS = ("interaction_units_inserted", "interaction_units_updated")


def _assignments(prefix: str) -> str:
    return ", ".join(
        f'"{twin}" = (CASE WHEN {plain(prefix + column, PLACES)} '
        f"THEN {units(prefix + column, PLACES)} END)"
        for column, twin in TWINS.items()
    )


def statements() -> list[str]:
    """The DDL that adds the columns and triggers and fills the columns of existing rows."""
    on_write = (
        f'UPDATE "interaction" SET {_assignments("NEW.")} WHERE "entry_no" = NEW."entry_no"; '
    )
    return [
        *(f'ALTER TABLE "interaction" ADD COLUMN "{twin}" INTEGER' for twin in TWINS.values()),
        f'CREATE TRIGGER "{_TRIGGERS[0]}" AFTER INSERT ON "interaction" BEGIN {on_write}END',
        f'CREATE TRIGGER "{_TRIGGERS[1]}" AFTER UPDATE OF "cost", "duration" ON "interaction" '
        f"BEGIN {on_write}END",
        f'UPDATE "interaction" SET {_assignments("")}',
    ]


def removal() -> list[str]:
    """The DDL that takes them away again."""
    return [
        *(f'DROP TRIGGER IF EXISTS "{name}"' for name in _TRIGGERS),
        *(f'ALTER TABLE "interaction" DROP COLUMN "{twin}"' for twin in TWINS.values()),
    ]


async def install(client: Any) -> None:
    """Add the columns and triggers to an SQLite database (nothing on PostgreSQL)."""
    if client.capabilities.dialect != "sqlite":
        return
    for statement in statements():
        await client.execute_script(statement)


async def uninstall(client: Any) -> None:
    """Remove them from an SQLite database (nothing on PostgreSQL)."""
    if client.capabilities.dialect != "sqlite":
        return
    for statement in removal():
        await client.execute_script(statement)
