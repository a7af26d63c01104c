"""The benchmark's raw-SQL floor answers the dashboard with the same data as the product."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from graphql import parse, validate
from tortoise.context import TortoiseContext

from bench import compare, floor
from server.models import (
    Campaign,
)
from server.schema.schema import schema
from tests.api.conftest import GraphQLClient
from tests.api.engine.test_dashboard import CONTRACT, _dashboard_data, _pricing
from tests.conftest import BACKEND

DASHBOARD = CONTRACT
SHARED = Path(__file__).parents[4] / "shared" / "queries" / "dashboard.graphql"


class TortoiseDatabase:
    """The floor's database protocol on the test's connection (`?` placeholders)."""

    def __init__(self, ctx: TortoiseContext) -> None:
        self.connection = ctx.connections.get("default")

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        if BACKEND == "postgres":
            sql = floor.numbered(sql)
        _, rows = await self.connection.execute_query(sql, list(params))
        return [tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in rows]

    async def close(self) -> None:
        pass


def test_the_vendored_dashboard_is_the_contract_and_validates():
    if SHARED.exists():
        assert SHARED.read_text() == DASHBOARD
    assert validate(schema._schema, parse(DASHBOARD)) == []


@pytest.mark.parametrize(
    "variables",
    [
        {"no": "DASH"},
        {"no": "DASH", "from": "2026-01-01", "to": "2026-01-03"},
        {"no": "NONE"},
    ],
)
async def test_the_floor_answers_with_the_products_data(
    db: TortoiseContext, gql: GraphQLClient, variables: dict[str, Any]
):
    await _dashboard_data(12)
    await _pricing(await Campaign.get(no="DASH"))
    product = await gql(DASHBOARD, variables)

    answer = await floor.dashboard(
        TortoiseDatabase(db),
        variables["no"],
        date.fromisoformat(variables["from"]) if "from" in variables else None,
        date.fromisoformat(variables["to"]) if "to" in variables else None,
        sqlite=BACKEND == "sqlite",
    )

    assert "errors" not in product
    assert compare.differences(product, answer) == []
    if variables["no"] == "DASH":
        shown = answer["data"]["campaign"]
        assert len(shown["segments"]["nodes"]) == 10
        assert len(shown["segments"]["nodes"][0]["lines"]["nodes"]) == 12
        assert len(shown["discountLines"]["nodes"]) == 4


async def test_the_comparison_notices_a_difference():
    product = {"data": {"campaign": {"cost": "1.10", "lines": [1, 2], "endCursor": "x"}}}

    assert (
        compare.differences(product, {"data": {"campaign": {"cost": "1.1", "lines": [1, 2]}}}) == []
    )
    assert compare.differences(product, {"data": {"campaign": {"cost": "1.2", "lines": [1]}}}) == [
        "$.data.campaign.cost: Decimal('1.10') against Decimal('1.2')",
        "$.data.campaign.lines: 2 items against 1",
    ]
