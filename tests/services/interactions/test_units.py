"""SQLite keeps integer twins of interactions' cost and duration (services/interactions/units):
whatever writes a row, the twin equals the stored text in hundredths, or is NULL for a text
that is not plain; PostgreSQL has no twins."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tortoise import connections

from server.models import Interaction
from server.services.interactions import units as interaction_units
from tests.builders import make_campaign, make_contact
from tests.conftest import BACKEND
from tests.services.interactions.statistics_builders import _interaction

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the twins are SQLite's")


async def _twins() -> dict[int, tuple[Any, Any, Any, Any]]:
    _, rows = await connections.get("default").execute_query(
        'SELECT "entry_no", "cost", "cost_units", "duration", "duration_units" FROM "interaction"'
    )
    return {
        r["entry_no"]: (r["cost"], r["cost_units"], r["duration"], r["duration_units"])
        for r in rows
    }


async def test_every_kind_of_write_keeps_the_twins(db: Any):
    campaign, contact = await make_campaign(), await make_contact()
    rows = [
        _interaction(campaign, contact.id, cost=Decimal("12.50"), duration=Decimal("-3.00")),
        _interaction(campaign, contact.id, cost=Decimal("0"), duration=Decimal("7.25")),
    ]
    await Interaction.bulk_create(rows)
    first, second = sorted(await _twins())
    assert (await _twins())[first] == ("12.50", 1250, "-3.00", -300)
    assert (await _twins())[second] == ("0.00", 0, "7.25", 725)

    # Writes that skip the ORM's quantizing: plain texts still count, others are NULL.
    await Interaction.filter(entry_no=first).update(cost=Decimal("7.5"))
    db_client = connections.get("default")
    await db_client.execute_query(
        'UPDATE "interaction" SET "duration" = ? WHERE "entry_no" = ?', ["1E+1", second]
    )
    await db_client.execute_query(
        'INSERT INTO "interaction" ("date", "time", "description", "subject", "user", '
        '"cost", "duration", "campaign_target", "campaign_response", "canceled", "postponed", '
        '"attempt_failed", "information_flow", "initiated_by", "contact_id") '
        "VALUES ('2026-01-05', NULL, 'raw', '', 'test', '-0.125', '42', 0, 0, 0, 0, 0, "
        "'OUTBOUND', 'US', ?)",
        [contact.id],
    )
    twins = await _twins()
    assert twins[first][:2] == ("7.5", 750)
    assert twins[second][2:] == ("1E+1", None)
    third = max(twins)
    assert twins[third] == ("-0.125", None, "42", 4200)


async def test_installing_on_existing_rows_fills_the_twins(db: Any):
    campaign, contact = await make_campaign(), await make_contact()
    await Interaction.bulk_create(
        [_interaction(campaign, contact.id, cost=Decimal("1.10"), duration=Decimal("2.00"))]
    )
    db_client = connections.get("default")
    await interaction_units.uninstall(db_client)
    _, rows = await db_client.execute_query('SELECT * FROM "interaction"')
    assert "cost_units" not in rows[0].keys()  # noqa: SIM118 - `in` on a Row looks at values

    await interaction_units.install(db_client)
    assert list((await _twins()).values()) == [("1.10", 110, "2.00", 200)]
