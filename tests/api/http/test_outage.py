"""A database that cannot answer (services/core/outage.py) is a 503 with `Retry-After` and the
code DATABASE_UNAVAILABLE wherever it shows (the caller's token, a read, a change), on both
transports' media types, logged as one line; nothing changes; any other failure is still a
masked 500. SQLite's writer lock held past the busy timeout is one of them, for real.
(tests/e2e/test_outage.py stops a real PostgreSQL.)"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

import asyncpg
import httpx
import pytest
from tortoise.context import TortoiseContext
from tortoise.exceptions import OperationalError

from server.logs import OutageFilter
from server.models import Campaign, Role
from server.services.accounts import users
from server.services.campaigns import campaign as campaigns
from server.services.core import outage
from server.settings import Settings
from tests.api.conftest import asgi_client, bearer
from tests.builders import make_campaign

SMALL = '{ campaign(no: "CP1") { no description } }'
DIRECTED = '{ campaign(no: "CP1") { no description @include(if: true) } }'
CREATE = 'mutation { campaignCreate(input: {description: "Never made"}) { campaign { no } } }'
SETTINGS = Settings(environment="production", graphiql=False)


def _refused() -> ConnectionRefusedError:
    return ConnectionRefusedError(111, "Connection refused")


def _lost() -> Exception:
    # How asyncpg reports a connection the server closed, wrapped as Tortoise wraps it.
    try:
        raise asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed")
    except asyncpg.exceptions.ConnectionDoesNotExistError as error:
        try:
            raise OperationalError(error) from error
        except OperationalError as wrapped:
            return wrapped


def _locked() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = 5  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_refused(), outage.UNREACHABLE),
        (_lost(), outage.UNREACHABLE),
        (asyncpg.exceptions.CannotConnectNowError("starting up"), outage.UNREACHABLE),
        (asyncpg.exceptions.AdminShutdownError("terminating"), outage.UNREACHABLE),
        (OSError(113, "No route to host"), outage.UNREACHABLE),
        (_locked(), outage.BUSY),
        (ValueError("a bug"), None),
        (OSError(2, "No such file or directory"), None),
        (asyncpg.exceptions.UniqueViolationError("duplicate key"), None),
        (sqlite3.OperationalError("no such table: x"), None),
    ],
)
def test_what_counts_as_the_database_being_unavailable(error: Exception, expected: str | None):
    assert outage.database_unavailable(error) == expected


def test_a_driver_s_outage_warning_is_one_line():
    record = logging.LogRecord("asyncpg.pool", logging.WARNING, "", 0, "retrying %s", ("x",), None)
    record.exc_info = (ConnectionRefusedError, _refused(), None)
    OutageFilter().filter(record)
    assert record.exc_info is None
    assert record.getMessage() == "retrying x (ConnectionRefusedError(111, 'Connection refused'))"
    bug = logging.LogRecord(
        "x", logging.WARNING, "", 0, "m", None, (ValueError, ValueError(), None)
    )
    OutageFilter().filter(bug)
    assert bug.exc_info is not None  # other errors keep their traceback


async def _ask(headers: dict[str, str], query: str, accept: str = "application/json") -> Any:
    async with asgi_client(SETTINGS) as http:
        return await http.post(
            "/graphql", json={"query": query}, headers={**headers, "Accept": accept}
        )


def _assert_unavailable(response: httpx.Response, message: str = outage.UNREACHABLE) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "1"
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert error["message"] == message


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
async def test_an_unreachable_database_while_finding_the_caller_is_a_503(
    db: TortoiseContext,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    accept: str,
):
    headers = await bearer(Role.MANAGER)

    async def down(*args: object) -> None:
        raise _refused()

    monkeypatch.setattr(users, "_TOKEN_BY_HASH", down)
    monkeypatch.setattr(users.credentials, "recall", lambda *args: None)
    with caplog.at_level(logging.WARNING):
        response = await _ask(headers, SMALL, accept)
    _assert_unavailable(response)
    assert response.headers["content-type"].startswith(accept)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("query", [SMALL, DIRECTED], ids=["express-lane", "full-path"])
async def test_a_read_that_loses_its_connection_is_a_503(
    db: TortoiseContext,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    query: str,
):
    await make_campaign(no="CP1")
    headers = await bearer(Role.MANAGER)

    async def lost(*args: object) -> None:
        raise _lost()

    monkeypatch.setattr(campaigns, "_BY_NO", lost)
    with caplog.at_level(logging.WARNING):
        response = await _ask(headers, query)
    _assert_unavailable(response)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_change_the_database_cannot_take_is_a_503_and_changes_nothing(
    db: TortoiseContext, monkeypatch: pytest.MonkeyPatch
):
    headers = await bearer(Role.MANAGER)

    async def locked(*args: object, **kwargs: object) -> None:
        raise _locked()

    monkeypatch.setattr(campaigns, "create_campaign", locked)
    response = await _ask(headers, CREATE)
    _assert_unavailable(response, outage.BUSY)
    assert await Campaign.filter(description="Never made").count() == 0


async def test_any_other_failure_is_still_a_masked_500(
    db: TortoiseContext, monkeypatch: pytest.MonkeyPatch
):
    headers = await bearer(Role.MANAGER)

    async def broken(*args: object) -> None:
        raise RuntimeError("secret state")

    monkeypatch.setattr(users, "_TOKEN_BY_HASH", broken)
    monkeypatch.setattr(users.credentials, "recall", lambda *args: None)
    response = await _ask(headers, SMALL)
    assert response.status_code == 500
    assert "secret" not in response.text


async def test_sqlite_s_writer_lock_held_past_the_busy_timeout_is_a_503(
    sqlite_file: Any, tmp_path: object
):
    headers = await bearer(Role.MANAGER)
    await sqlite_file.execute_script("PRAGMA busy_timeout = 200")
    holder = sqlite3.connect(sqlite_file.filename, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write
    try:
        response = await asyncio.wait_for(_ask(headers, CREATE), 10)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _assert_unavailable(response, outage.BUSY)
    assert await Campaign.filter(description="Never made").count() == 0
    again = await _ask(headers, CREATE)
    assert again.status_code == 200
    assert again.json()["data"]["campaignCreate"]["campaign"]["no"]
