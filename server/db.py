"""Tortoise ORM configuration for SQLite (embedded default) and PostgreSQL (scale-out)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url

from server.settings import DEFAULT_DATABASE_URL

APP_LABEL = "models"

#: Every module holding Tortoise models; one per aggregate.
MODEL_MODULES = [
    "server.models.core",
    "server.models.setup",
    "server.models.campaigns",
    "server.models.accounts",
    "server.models.contacts",
    "server.models.interactions",
    "server.models.segments",
    "server.models.customers",
    "server.models.items",
    "server.models.pricing",
    "server.models.activities",
    "server.models.opportunities",
    "server.models.sales",
]

# sqlite3 binds no `time` (Tortoise registers adapters for dates, datetimes and decimals only):
# a time of day is stored as its ISO text, "HH:MM:SS", which TimeField reads back.
sqlite3.register_adapter(dt.time, dt.time.isoformat)

#: SQLite: write-ahead log for concurrent readers, real foreign keys, wait on locks.
SQLITE_PRAGMAS = {"journal_mode": "WAL", "foreign_keys": "ON", "busy_timeout": 10000}


async def keep_session(connection: Any) -> None:
    """asyncpg's pool resets a connection it takes back with one more round trip to the
    server (`SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`): session
    state this application never makes on its pooled connections (no advisory locks, cursors,
    LISTEN or SET; the broker listens on a connection of its own). A transaction left open is
    still rolled back by the pool itself before this runs."""


def connection_config(db_url: str, *, testing: bool = False) -> dict[str, Any]:
    """Expand a database URL into a Tortoise connection dict with our per-engine settings."""
    conn = expand_db_url(db_url, testing=testing)
    if conn["engine"].endswith("asyncpg"):
        conn["credentials"].setdefault("reset", keep_session)
    if conn["engine"].endswith("sqlite"):
        file_path = conn["credentials"].get("file_path", "")
        if file_path and file_path != ":memory:":
            Path(file_path).parent.mkdir(parents=True, exist_ok=True)
        for key, value in SQLITE_PRAGMAS.items():
            conn["credentials"].setdefault(key, value)
    return conn


def tortoise_config(db_url: str, *, testing: bool = False) -> dict[str, Any]:
    """The full Tortoise config (one app, committed migrations under server/migrations)."""
    return {
        "connections": {"default": connection_config(db_url, testing=testing)},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "server.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


#: Used by the `tortoise` command line (makemigrations), configured in pyproject.toml.
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)


async def init_db(db_url: str) -> None:
    """Open the process-wide database connections."""
    # Requests run in other tasks than the lifespan, so the context must be process-global.
    await Tortoise.init(config=tortoise_config(db_url), _enable_global_fallback=True)


async def close_db() -> None:
    """Close every database connection of this process."""
    await Tortoise.close_connections()


async def migrate(db_url: str) -> None:
    """Apply every committed migration that the database has not seen yet."""
    from tortoise.migrations.api import migrate as run_migrations

    await run_migrations(config=tortoise_config(db_url))
    await Tortoise.close_connections()
