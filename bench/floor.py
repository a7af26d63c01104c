"""The raw-SQL floor of the benchmark (issue 9): the campaign dashboard by hand.

A minimal Starlette service that answers the two benchmark requests -- the dashboard of
`bench/dashboard.graphql` and the small `campaign(no:) { no description }` -- with
hand-written SQL (one statement per level, window functions for the per-parent pages) on the
raw driver (aiosqlite or asyncpg) and orjson. No GraphQL, no ORM, no authorization: the best a
hand-written service can do on the same database, which the product is measured against.

Run: `DATABASE_URL=sqlite://data/bench.sqlite3 uvicorn bench.floor:app`.
"""

from __future__ import annotations

import base64
import os
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Row = Sequence[Any]

#: Page sizes of the dashboard document (10 segments x 100 lines x 5 interactions).
SEGMENTS, LINES, INTERACTIONS, PRICES = 10, 100, 5, 50


class Database(Protocol):
    """Runs one statement written with `?` placeholders and returns its rows as tuples."""

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Row]: ...

    async def close(self) -> None: ...


class SqliteDatabase:
    """aiosqlite on one connection (SQLite serialises writers anyway; these are reads)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    @classmethod
    async def open(cls, path: str) -> SqliteDatabase:
        import aiosqlite

        connection = await aiosqlite.connect(path)
        await connection.execute("PRAGMA journal_mode=WAL")
        return cls(connection)

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Row]:
        async with self.connection.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def close(self) -> None:
        await self.connection.close()


class PostgresDatabase:
    """An asyncpg pool; `?` placeholders become `$1, $2, ...` once per statement text."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.translated: dict[str, str] = {}

    @classmethod
    async def open(cls, url: str) -> PostgresDatabase:
        import asyncpg  # type: ignore[import-untyped]

        return cls(await asyncpg.create_pool(url, min_size=2, max_size=10))

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Row]:
        text = self.translated.get(sql)
        if text is None:
            text = self.translated[sql] = numbered(sql)
        return list(await self.pool.fetch(text, *params))

    async def close(self) -> None:
        await self.pool.close()


def numbered(sql: str) -> str:
    """`sql` with its `?` placeholders as PostgreSQL's `$1, $2, ...`."""
    parts = sql.split("?")
    return parts[0] + "".join(f"${i}{p}" for i, p in enumerate(parts[1:], start=1))


async def open_database(url: str) -> Database:
    """The raw database behind a Tortoise-style URL (sqlite://path or postgres://...)."""
    if url.startswith("sqlite://"):
        return await SqliteDatabase.open(url.removeprefix("sqlite://"))
    return await PostgresDatabase.open(url.replace("postgres://", "postgresql://", 1))


def global_id(type_name: str, pk: int) -> str:
    """The product's global ID (base64url of "Type:pk", unpadded)."""
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def _money(value: Any) -> str | None:
    """A decimal as stored (numeric on PostgreSQL, text on SQLite)."""
    return None if value is None else str(value)


def _date(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _flag(value: Any) -> bool:
    return bool(value)


CAMPAIGN = """
SELECT c.id, c.no, c.description, c.starting_date, c.ending_date,
       s.id, s.code, s.description, p.id, p.code, p.name,
       EXISTS (SELECT 1 FROM campaign_target t WHERE t.campaign_id = c.id)
FROM campaign c
LEFT JOIN campaign_status s ON s.id = c.status_id
LEFT JOIN salesperson p ON p.id = c.salesperson_id
WHERE c.no = ?
"""

SMALL = "SELECT no, description FROM campaign WHERE no = ?"

STATISTICS = """
SELECT SUM(CASE WHEN campaign_target THEN 1 ELSE 0 END),
       SUM(CASE WHEN campaign_response THEN 1 ELSE 0 END),
       SUM({cost}), SUM({duration})
FROM interaction
WHERE campaign_id = ? AND NOT canceled AND NOT postponed
"""

PRICE_LINES = """
SELECT n.total, n.id, i.id, i.no, i.description, n.unit_of_measure, n.minimum_quantity,
       n.unit_price, n.starting_date, n.ending_date
FROM (SELECT pl.*, ROW_NUMBER() OVER (ORDER BY pl.id) AS position,
             COUNT(*) OVER () AS total
      FROM price_line pl WHERE pl.campaign_id = ?) n
JOIN item i ON i.id = n.item_id
WHERE n.position <= ? ORDER BY n.position
"""

DISCOUNT_LINES = """
SELECT n.total, n.id, n.type, i.id, i.no, g.id, g.code, n.line_discount_percent,
       n.minimum_quantity
FROM (SELECT dl.*, ROW_NUMBER() OVER (ORDER BY dl.id) AS position,
             COUNT(*) OVER () AS total
      FROM discount_line dl WHERE dl.campaign_id = ?) n
LEFT JOIN item i ON i.id = n.item_id
LEFT JOIN item_discount_group g ON g.id = n.item_discount_group_id
WHERE n.position <= ? ORDER BY n.position
"""

SEGMENT_PAGE = """
SELECT n.id, n.total, n.no, n.description, n.campaign_target, n.status
FROM (SELECT s.*, ROW_NUMBER() OVER (ORDER BY s.no) AS position, COUNT(*) OVER () AS total
      FROM segment s WHERE s.campaign_id = ?) n
WHERE n.position <= ? ORDER BY n.position
"""

LINE_PAGES = """
SELECT n.segment_id, n.total, n.line_no, n.campaign_target, n.campaign_response,
       c.id, c.no, c.name, c.email, n.id
FROM (SELECT l.*, ROW_NUMBER() OVER (PARTITION BY l.segment_id ORDER BY l.line_no) AS position,
             COUNT(*) OVER (PARTITION BY l.segment_id) AS total
      FROM segment_line l WHERE l.segment_id IN ({segments})) n
JOIN contact c ON c.id = n.contact_id
WHERE n.position <= ? ORDER BY n.segment_id, n.position
"""

INTERACTION_PAGES = """
SELECT n.contact_id, n.entry_no, n.date, n.description, n.cost, n.campaign_response, n.evaluation
FROM (SELECT i.*, ROW_NUMBER() OVER (PARTITION BY i.contact_id ORDER BY i.entry_no) AS position
      FROM interaction i WHERE i.campaign_id = ? AND i.contact_id IN ({contacts})) n
WHERE n.position <= ? ORDER BY n.contact_id, n.position
"""


def _placeholders(count: int) -> str:
    return ", ".join("?" * count) or "NULL"


async def small(db: Database, no: str) -> dict[str, Any]:
    """`{ campaign(no:) { no description } }`."""
    rows = await db.fetch(SMALL, [no])
    campaign = {"no": rows[0][0], "description": rows[0][1]} if rows else None
    return {"data": {"campaign": campaign}}


async def dashboard(
    db: Database, no: str, date_from: date | None, date_to: date | None, *, sqlite: bool
) -> dict[str, Any]:
    """The dashboard document's answer, level by level."""
    rows = await db.fetch(CAMPAIGN, [no])
    if not rows:
        return {"data": {"campaign": None}}
    (pk, no, description, starting, ending, *status, person_id, person, name, active) = rows[0]
    status_id, status, status_text = status
    cost, duration = (
        ("CAST(cost AS REAL)", "CAST(duration AS REAL)")
        if sqlite
        else (
            "cost",
            "duration",
        )
    )
    statistics, params = STATISTICS.format(cost=cost, duration=duration), [pk]
    for bound, operator in ((date_from, ">="), (date_to, "<=")):
        if bound is not None:
            statistics += f" AND date {operator} ?"
            params.append(bound.isoformat() if sqlite else bound)
    figures = (await db.fetch(statistics, params))[0]
    prices = await db.fetch(PRICE_LINES, [pk, PRICES])
    discounts = await db.fetch(DISCOUNT_LINES, [pk, PRICES])
    segments = await db.fetch(SEGMENT_PAGE, [pk, SEGMENTS + 1])
    shown = segments[:SEGMENTS]
    segment_ids = [row[0] for row in shown]
    lines = await db.fetch(
        LINE_PAGES.format(segments=_placeholders(len(segment_ids))), [*segment_ids, LINES + 1]
    )
    lines_of: dict[int, list[Row]] = defaultdict(list)
    for line in lines:
        lines_of[line[0]].append(line)
    contact_ids = sorted({line[5] for segment in lines_of.values() for line in segment[:LINES]})
    touches = await db.fetch(
        INTERACTION_PAGES.format(contacts=_placeholders(len(contact_ids))),
        [pk, *contact_ids, INTERACTIONS],
    )
    touches_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for contact_id, entry_no, day, text, amount, response, evaluation in touches:
        touches_of[contact_id].append(
            {
                "id": global_id("Interaction", entry_no),
                "entryNo": entry_no,
                "date": _date(day),
                "description": text,
                "cost": _money(amount),
                "campaignResponse": _flag(response),
                "evaluation": evaluation,
            }
        )
    contacted, responded = int(figures[0] or 0), int(figures[1] or 0)
    total_cost = Decimal(str(figures[2] or 0)).quantize(Decimal("0.01"))
    campaign = {
        "id": global_id("Campaign", pk),
        "no": no,
        "description": description,
        "startingDate": _date(starting),
        "endingDate": _date(ending),
        "activated": _flag(active),
        "status": None
        if status_id is None
        else {
            "id": global_id("CampaignStatus", status_id),
            "code": status,
            "description": status_text,
        },
        "salesperson": None
        if person_id is None
        else {"id": global_id("Salesperson", person_id), "code": person, "name": name},
        "statistics": {
            "targetContactsContacted": contacted,
            "contactsResponded": responded,
            "responseRatePercent": str(_ratio(Decimal(responded * 100), contacted, "0.1")),
            "cost": str(total_cost),
            "duration": str(Decimal(str(figures[3] or 0)).quantize(Decimal("0.01"))),
            "averageCostPerResponse": str(_ratio(total_cost, responded, "0.01")),
        },
        "priceLines": {
            "totalCount": prices[0][0] if prices else 0,
            "nodes": [
                {
                    "id": global_id("PriceLine", r[1]),
                    "item": {"id": global_id("Item", r[2]), "no": r[3], "description": r[4]},
                    "unitOfMeasure": r[5],
                    "minimumQuantity": _money(r[6]),
                    "unitPrice": _money(r[7]),
                    "startingDate": _date(r[8]),
                    "endingDate": _date(r[9]),
                }
                for r in prices
            ],
        },
        "discountLines": {
            "totalCount": discounts[0][0] if discounts else 0,
            "nodes": [
                {
                    "id": global_id("DiscountLine", r[1]),
                    "type": r[2],
                    "item": None if r[3] is None else {"id": global_id("Item", r[3]), "no": r[4]},
                    "itemDiscountGroup": None
                    if r[5] is None
                    else {"id": global_id("ItemDiscountGroup", r[5]), "code": r[6]},
                    "lineDiscountPercent": _money(r[7]),
                    "minimumQuantity": _money(r[8]),
                }
                for r in discounts
            ],
        },
        "segments": {
            "totalCount": segments[0][1] if segments else 0,
            "pageInfo": {
                "hasNextPage": len(segments) > SEGMENTS,
                "endCursor": shown[-1][2] if shown else None,
            },
            "nodes": [_segment(row, lines_of.get(row[0], []), touches_of) for row in shown],
        },
    }
    return {"data": {"campaign": campaign}}


def _segment(
    row: Row, lines: list[Row], touches_of: dict[int, list[dict[str, Any]]]
) -> dict[str, Any]:
    page = lines[:LINES]
    return {
        "id": global_id("Segment", row[0]),
        "no": row[2],
        "description": row[3],
        "campaignTarget": _flag(row[4]),
        "status": row[5],
        "lines": {
            "totalCount": lines[0][1] if lines else 0,
            "pageInfo": {
                "hasNextPage": len(lines) > LINES,
                "endCursor": page[-1][2] if page else None,
            },
            "nodes": [
                {
                    "id": global_id("SegmentLine", line[9]),
                    "lineNo": line[2],
                    "campaignTarget": _flag(line[3]),
                    "campaignResponse": _flag(line[4]),
                    "contact": {
                        "id": global_id("Contact", line[5]),
                        "no": line[6],
                        "name": line[7],
                        "email": line[8],
                        "interactions": {"nodes": touches_of.get(line[5], [])},
                    },
                }
                for line in page
            ],
        },
    }


def _ratio(numerator: Decimal, denominator: int, quantum: str) -> Decimal:
    if not denominator:
        return Decimal(0).quantize(Decimal(quantum))
    return (numerator / denominator).quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


def create_app(url: str) -> Starlette:
    """The floor service on the database at `url`."""
    sqlite = url.startswith("sqlite://")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.db = await open_database(url)
        try:
            yield
        finally:
            await app.state.db.close()

    async def graphql(request: Request) -> Response:
        body = orjson.loads(await request.body())
        variables = body.get("variables") or {}
        if "segments" in body.get("query", ""):
            answer = await dashboard(
                request.app.state.db,
                variables["no"],
                _day(variables.get("from")),
                _day(variables.get("to")),
                sqlite=sqlite,
            )
        else:
            answer = await small(request.app.state.db, variables.get("no", ""))
        return Response(orjson.dumps(answer), media_type="application/json")

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])], lifespan=lifespan)


app = create_app(os.environ.get("DATABASE_URL", "sqlite://data/bench.sqlite3"))
