"""The committed migrations build exactly the schema the models describe."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio
from tortoise import Tortoise
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from server.db import migrate, tortoise_config
from tests.conftest import BACKEND, POSTGRES_URL


@pytest_asyncio.fixture
async def empty_database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A URL of an empty database of the backend under test (dropped afterwards)."""
    if BACKEND == "sqlite":
        yield f"sqlite://{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"cg_migrate_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_migrations_apply_to_an_empty_database_and_match_the_models(
    empty_database_url: str,
):
    await migrate(empty_database_url)
    await migrate(empty_database_url)  # a second run applies nothing and does not fail

    config = tortoise_config(empty_database_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        conn = ctx.connections.get("default")
        _, rows = await conn.execute_query("SELECT count(*) AS n FROM campaign")
        assert rows[0]["n"] == 0
        assert ctx.apps is not None
        changes = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
        assert changes == [], "models changed without a migration: run `make makemigrations`"
    await Tortoise.close_connections()


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
