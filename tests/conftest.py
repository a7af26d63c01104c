"""Shared fixtures: a fresh database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import asyncpg
import pytest
import pytest_asyncio
from tortoise.context import TortoiseContext, tortoise_test_context

from server.db import MODEL_MODULES, connection_config
from server.services.context import Actor, FixedClock, Role, ServiceContext

#: Which database this pytest process runs against: "sqlite" (default) or "postgres".
#: Tortoise binds models to one dialect per process, so `make test` runs the suite once per
#: backend in separate processes rather than parametrising inside one.
BACKEND = os.environ.get("TEST_DATABASE", "sqlite").strip().lower()
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()

#: The day every test lives on unless it says otherwise.
TODAY = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)


def database_url() -> str:
    """The URL of a brand-new database for one test ({} becomes a random suffix)."""
    if BACKEND == "sqlite":
        return "sqlite://:memory:"
    if BACKEND == "postgres":
        if not POSTGRES_URL:
            pytest.fail("TEST_DATABASE=postgres needs TEST_POSTGRES_URL")
        return POSTGRES_URL.rsplit("/", 1)[0] + "/cg_test_{}"
    pytest.fail(f"unknown TEST_DATABASE {BACKEND!r}")


def pytest_report_header() -> str:
    return f"campaign-graph test database: {BACKEND}"


@pytest_asyncio.fixture
async def db() -> AsyncIterator[TortoiseContext]:
    """A fresh, empty database with the current schema (dropped afterwards)."""
    async with tortoise_test_context(MODEL_MODULES, db_url=database_url()) as ctx:
        if BACKEND == "sqlite":
            # tortoise_test_context builds its own config; apply our pragmas too.
            conn = ctx.connections.get("default")
            for pragma, value in connection_config("sqlite://:memory:")["credentials"].items():
                if pragma != "file_path":
                    await conn.execute_script(f"PRAGMA {pragma}={value}")
        name = getattr(ctx.connections.get("default"), "database", None)
        try:
            yield ctx
        finally:
            if BACKEND == "postgres" and name:
                # tortoise_test_context only closes connections: drop the per-test database,
                # or every run leaves hundreds of them behind.
                await ctx.close_connections()
                await _drop_postgres_database(name)


async def _drop_postgres_database(name: str) -> None:
    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


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
