"""Bulk writing for `campaign-graph seed`: big chunks in one transaction each, through the
Tortoise connection (SQLite: one prepared INSERT run by executemany; PostgreSQL: COPY through
asyncpg's copy_records_to_table), and the upkeep that explicit ids need afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from itertools import islice
from typing import Any

from tortoise import connections

from server.demo.seed_data import SeedRefused
from server.services.core.sql import SQLITE
from server.services.core.unit_of_work import transaction

#: Called with (stage, rows done, rows in the stage) after every chunk.
Progress = Callable[[str, int, int], None]

#: Tables written with explicit ids, and their key column (sequences follow on PostgreSQL).
KEYED_TABLES = [
    ("contact", "id"),
    ("customer", "id"),
    ("segment", "id"),
    ("segment_line", "id"),
    ("logged_segment", "entry_no"),
    ("campaign_entry", "entry_no"),
    ("interaction", "entry_no"),
]


#: SQLite page cache while seeding (KiB, as PRAGMA cache_size takes it negated): the
#: interaction indexes stay in memory instead of being re-read page by page (measured: system
#: time 11 s -> 1.5 s at full size).
BULK_CACHE_KIB = 65536


@asynccontextmanager
async def bulk_session() -> AsyncIterator[None]:
    """SQLite: a bigger page cache while the bulk rows are written, restored afterwards."""
    db = connections.get("default")
    if db.capabilities.dialect != SQLITE:
        yield
        return
    _, rows = await db.execute_query("PRAGMA cache_size")
    previous = int(rows[0][0])
    await db.execute_script(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        await db.execute_script(f"PRAGMA cache_size = {previous}")


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


class BulkWriter:
    """Writes rows in chunks of `chunk`, one transaction per chunk, reporting progress."""

    def __init__(self, progress: Progress | None = None, chunk: int = 50_000) -> None:
        self.dialect: str = connections.get("default").capabilities.dialect
        self.progress = progress
        self.chunk = chunk

    async def write(
        self,
        stage: str,
        table: str,
        columns: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        total: int,
    ) -> int:
        """Insert every row of `rows` (about `total` of them) into `table`; returns the count."""
        done = 0
        self._report(stage, done, total)
        iterator = iter(rows)

        def take() -> list[tuple[Any, ...]]:
            return list(islice(iterator, self.chunk))

        # The next chunk is generated in a worker thread while this one is written (the
        # drivers leave the interpreter lock while the database works).
        upcoming = asyncio.ensure_future(asyncio.to_thread(take))
        while batch := await upcoming:
            upcoming = asyncio.ensure_future(asyncio.to_thread(take))
            async with transaction() as conn:
                if self.dialect == SQLITE:
                    marks = ", ".join("?" for _ in columns)
                    statement = f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({marks})'
                    await conn.execute_many(statement, batch)  # type: ignore[arg-type]
                else:
                    async with conn.acquire_connection() as raw:
                        await raw.copy_records_to_table(table, records=batch, columns=list(columns))
            done += len(batch)
            self._report(stage, done, max(total, done))
        return done

    def _report(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)


async def check_schema(tables: Mapping[str, Sequence[str]]) -> None:
    """Refuse unless every table exists with every column the seed writes (a migrated
    database); reading no rows costs nothing."""
    db = connections.get("default")
    for table, columns in tables.items():
        try:
            await db.execute_query(f'SELECT {_quoted(columns)} FROM "{table}" WHERE 1 = 0')
        except Exception as exc:  # the driver's "no such table/column" in its own type
            raise SeedRefused(
                f"the database is not migrated ({table}: {exc}); run `campaign-graph migrate` first"
            ) from exc


async def next_id(table: str, key: str) -> int:
    """The first free id of `table` (1 on an empty table)."""
    db = connections.get("default")
    _, rows = await db.execute_query(f'SELECT COALESCE(MAX("{key}"), 0) AS top FROM "{table}"')
    return int(rows[0]["top"]) + 1


async def after_bulk() -> None:
    """Move PostgreSQL's id sequences past the explicit ids (SQLite's AUTOINCREMENT follows by
    itself), then refresh the planner's statistics so the first queries get good plans."""
    db = connections.get("default")
    if db.capabilities.dialect == SQLITE:
        await db.execute_script("ANALYZE")
        return
    for table, key in KEYED_TABLES:
        await db.execute_query(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key}'), MAX(\"{key}\")) "
            f'FROM "{table}" HAVING MAX("{key}") IS NOT NULL'
        )
        await db.execute_script(f'ANALYZE "{table}"')
