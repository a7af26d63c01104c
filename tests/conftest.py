"""Shared fixtures: a fresh database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import pytest_asyncio
from hypothesis import HealthCheck, settings
from tortoise.backends.base.config_generator import generate_config
from tortoise.context import TortoiseContext
from tortoise.warnings import TortoiseLoopSwitchWarning

from server.db import MODEL_MODULES, connection_config
from server.services.core.context import Actor, FixedClock, Role, ServiceContext
from server.services.interactions import units as interaction_units

#: Which database this pytest process runs against: "sqlite" (default) or "postgres".
#: Tortoise binds models to one dialect per process, so `make test` runs the suite once per
#: backend in separate processes rather than parametrising inside one.
BACKEND = os.environ.get("TEST_DATABASE", "sqlite").strip().lower()
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()

#: The day every test lives on unless it says otherwise.
TODAY = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)


def _postgres_url(name: str) -> str:
    if not POSTGRES_URL:
        pytest.fail("TEST_DATABASE=postgres needs TEST_POSTGRES_URL")
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name


def pytest_report_header() -> str:
    return f"campaign-graph test database: {BACKEND}"


#: PostgreSQL: one database per pytest process, its schema generated once. Each test starts by
#: emptying it (DELETE with foreign-key triggers off, sequences reset): a couple of milliseconds,
#: where creating or truncating fifty tables per test costs half a second.
_database: str | None = None
_wipe: str = ""


async def _postgres_database() -> str:
    global _database, _wipe
    if _database is None:
        name = f"cg_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        await _admin(f'CREATE DATABASE "{name}"')
        async with _context(_postgres_url(name)) as ctx:
            await ctx.generate_schemas(safe=False)
            await interaction_units.install(ctx.connections.get("default"))
            _, rows = await ctx.connections.get("default").execute_query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        deletes = "".join(f'DELETE FROM "{row["tablename"]}"; ' for row in rows)
        _wipe = (
            f"SET session_replication_role = replica; {deletes}"
            "SET session_replication_role = DEFAULT; "
            "SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'"
        )
        _database = name
    return _database


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _database is not None:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{_database}" WITH (FORCE)'))


async def _admin(statement: str, url: str = "") -> None:
    admin = await asyncpg.connect(url or POSTGRES_URL)
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@asynccontextmanager
async def _context(db_url: str, *, create: bool = False) -> AsyncIterator[TortoiseContext]:
    """An initialised Tortoise context on `db_url` (closed on exit), as the test helper does."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=TortoiseLoopSwitchWarning)
        ctx = TortoiseContext()
        async with ctx:
            config = generate_config(db_url, app_modules={"models": MODEL_MODULES}, testing=True)
            await ctx.init(config=config, _create_db=create, use_tz=True, timezone="UTC")
            yield ctx


@pytest_asyncio.fixture
async def sqlite_file(tmp_path: Path) -> AsyncIterator[Any]:
    """A SQLite database file in WAL mode with the current schema, as servers have (the
    suite's `db` is in memory); yields its Tortoise client (`.filename` is the file). SQLite
    runs only."""
    if BACKEND != "sqlite":
        pytest.skip("a SQLite database file")
    async with _context(f"sqlite://{tmp_path / 'cg.sqlite3'}", create=True) as ctx:
        client = ctx.connections.get("default")
        await client.execute_script("PRAGMA journal_mode=WAL")
        await ctx.generate_schemas(safe=False)
        yield client


@pytest_asyncio.fixture
async def db() -> AsyncIterator[TortoiseContext]:
    """An empty database with the current schema."""
    if BACKEND == "sqlite":
        async with _context("sqlite://:memory:", create=True) as ctx:
            await ctx.generate_schemas(safe=False)
            await interaction_units.install(ctx.connections.get("default"))
            # Apply the pragmas the application uses.
            conn = ctx.connections.get("default")
            for pragma, value in connection_config("sqlite://:memory:")["credentials"].items():
                if pragma != "file_path":
                    await conn.execute_script(f"PRAGMA {pragma}={value}")
            yield ctx
        return
    if BACKEND != "postgres":
        pytest.fail(f"unknown TEST_DATABASE {BACKEND!r}")
    url = _postgres_url(await _postgres_database())
    try:
        await _admin(_wipe, url)
    except asyncpg.PostgresError:
        # An earlier test damaged the schema: start this process's database afresh.
        global _database
        await _admin(f'DROP DATABASE IF EXISTS "{_database}" WITH (FORCE)')
        _database = None
        url = _postgres_url(await _postgres_database())
    async with _context(url) as ctx:
        yield ctx


@asynccontextmanager
async def separate_database() -> AsyncIterator[TortoiseContext]:
    """A brand-new database with the current schema besides the test's own (dropped after)."""
    if BACKEND == "sqlite":
        async with _context("sqlite://:memory:", create=True) as ctx:
            await ctx.generate_schemas(safe=False)
            await interaction_units.install(ctx.connections.get("default"))
            yield ctx
        return
    name = f"cg_test_{uuid.uuid4().hex[:12]}"
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        async with _context(_postgres_url(name)) as ctx:
            await ctx.generate_schemas(safe=False)
            await interaction_units.install(ctx.connections.get("default"))
            yield ctx
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_ctx(role: Role = Role.MANAGER, *, salesperson: str | None = None) -> ServiceContext:
    """A service context acting as `role` on the fixed test day."""
    return ServiceContext(
        actor=Actor(user=f"test-{role.value.lower()}", role=role, salesperson_code=salesperson),
        clock=FixedClock(TODAY),
    )


@pytest.fixture
def manager() -> ServiceContext:
    """Acting as a marketing manager."""
    return make_ctx(Role.MANAGER)


class StatementCounter(logging.Handler):
    """Counts SQL statements Tortoise sends (every backend logs each one at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection", "Closed connection")):
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def sql() -> Iterator[StatementCounter]:
    """Collect the SQL statements run while the test body executes."""
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)


def reproducible(examples: int) -> settings:
    """Hypothesis settings for a seeded run of `examples` cases: the same cases every run,
    no deadline (requests go through a server), no example database, no health checks."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
