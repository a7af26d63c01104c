"""The connection settings the server adds to a database URL (server/db.py)."""

from __future__ import annotations

import asyncio

from server.db import SQLITE_PRAGMAS, connection_config, keep_session


def test_postgres_pools_hand_connections_back_without_a_reset_round_trip():
    credentials = connection_config("postgres://u@db:5432/cg")["credentials"]

    assert credentials["reset"] is keep_session
    assert asyncio.run(keep_session(object())) is None  # nothing sent to the server
    assert "reset" not in connection_config("sqlite://:memory:")["credentials"]


def test_sqlite_gets_its_pragmas_unless_the_url_says_otherwise():
    credentials = connection_config("sqlite://:memory:?busy_timeout=5")["credentials"]

    assert credentials["journal_mode"] == SQLITE_PRAGMAS["journal_mode"]
    assert str(credentials["busy_timeout"]) == "5"
