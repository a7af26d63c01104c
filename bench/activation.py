"""The activation benchmark's campaign: one whose segments hold about N target lines.

The seeded background campaigns hold a few thousand lines each, so the benchmark gives whole
background segments (in id order, until N lines are reached) to the first background campaign
and flags them and their lines Campaign Target. Deterministic for a given seeded database.
"""

from __future__ import annotations

from tortoise import connections

from server.db import close_db, init_db
from server.services.core.sql import Statement


async def prepare(database_url: str, dashboard_no: str, lines: int) -> tuple[str, int]:
    """Returns the campaign's number and how many target lines its segments now hold."""
    await init_db(database_url)
    try:
        db = connections.get("default")
        dialect = db.capabilities.dialect
        sql = Statement(dialect)
        found = await db.execute_query_dict(
            f"SELECT id FROM campaign WHERE no = {sql.param(dashboard_no)}", sql.params
        )
        dashboard = found[0]["id"]
        sql = Statement(dialect)
        chosen = (
            await db.execute_query_dict(
                f"SELECT id, no FROM campaign WHERE id <> {sql.param(dashboard)} "
                "ORDER BY no LIMIT 1",
                sql.params,
            )
        )[0]
        sql = Statement(dialect)
        sizes = await db.execute_query_dict(
            "SELECT s.id, COUNT(l.id) AS n FROM segment s "
            "JOIN segment_line l ON l.segment_id = s.id "
            f"WHERE s.campaign_id <> {sql.param(dashboard)} GROUP BY s.id ORDER BY s.id",
            sql.params,
        )
        picked: list[int] = []
        total = 0
        for row in sizes:
            if total >= lines:
                break
            picked.append(int(row["id"]))
            total += int(row["n"])
        if picked:
            ids = ", ".join(str(i) for i in picked)
            await db.execute_script(
                f"UPDATE segment SET campaign_id = {chosen['id']}, campaign_target = TRUE "
                f"WHERE id IN ({ids}); "
                f"UPDATE segment_line SET campaign_id = {chosen['id']}, campaign_target = TRUE "
                f"WHERE segment_id IN ({ids})"
            )
        return str(chosen["no"]), total
    finally:
        await close_db()
