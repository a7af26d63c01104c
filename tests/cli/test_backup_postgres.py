"""`campaign-graph backup`, `verify-backup` and `restore` on PostgreSQL, in-process with the
real pg_dump and pg_restore: a dump of the demo company restored into a new database holds
the same rows, table by table in primary-key order; the refusals name their problem."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from server.cli import main
from server.ops.common import code_migrations
from tests.conftest import BACKEND, POSTGRES_URL
from tests.e2e.servers import cli, environment

#: The newest migration of this code, and the one before it.
*_, PREVIOUS, LATEST = code_migrations()

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="needs PostgreSQL")

#: A pg_dump that writes down its command line and password, then runs the real one.
SPY = """#!/bin/sh
echo "$@" > "$(dirname "$0")/argv"
echo "$PGPASSWORD" > "$(dirname "$0")/password"
exec {real} "$@"
"""


def _url(name: str) -> str:
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def new_database() -> Iterator[str]:
    """The URL of a database that does not exist yet (dropped after the test if made)."""
    name = f"cg_restore_{uuid.uuid4().hex[:12]}"
    yield _url(name)
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def source() -> Iterator[str]:
    """A database migrated by `campaign-graph migrate`, holding the demo company."""
    name = f"cg_backup_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        env = environment(_url(name), demo=False)
        cli(env, "migrate")
        cli(env, "demo")
        yield _url(name)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _contents(url: str) -> dict[str, Any]:
    """Every table's rows ordered by primary key, every sequence's value, the triggers and
    functions: what a restore must bring back."""
    connection = await asyncpg.connect(url)
    try:
        contents: dict[str, Any] = {}
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        )
        for (table,) in tables:
            keys = await connection.fetch(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
                "i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass "
                "AND i.indisprimary ORDER BY a.attnum",
                f'"{table}"',
            )
            if keys:
                order = ", ".join(f'"{key}"' for (key,) in keys)
                rows = await connection.fetch(f'SELECT * FROM "{table}" ORDER BY {order}')
                contents[table] = [tuple(row) for row in rows]
            else:  # a many-to-many table: all its columns are the key
                rows = await connection.fetch(f'SELECT * FROM "{table}"')
                contents[table] = sorted((tuple(row) for row in rows), key=repr)
        contents["sequences"] = [
            tuple(row)
            for row in await connection.fetch(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        contents["triggers"] = [
            tuple(row)
            for row in await connection.fetch(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
                "WHERE NOT tgisinternal ORDER BY 1, 2"
            )
        ]
        return contents
    finally:
        await connection.close()


def test_a_dump_restored_into_a_new_database_holds_the_same_rows(
    source: str, new_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    dump = tmp_path / "backups" / "cg.dump"

    assert main(["backup", str(dump), "--database-url", source]) == 0
    assert main(["verify-backup", str(dump)]) == 0
    assert main(["restore", str(dump), "--database-url", new_database]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"backed up to {dump} (")
    assert f"schema {LATEST} (current)) in " in out[0]
    assert out[1] == (
        f"{dump}: a PostgreSQL dump (pg_dump --format=custom), archive readable, "
        f"schema {LATEST} (current)"
    )
    assert out[2].startswith(f"restored {dump} into database {new_database.rsplit('/')[-1]} (")
    restored, original = asyncio.run(_contents(new_database)), asyncio.run(_contents(source))
    assert len(restored["contact"]) == 273
    assert restored.keys() == original.keys()
    for table, rows in original.items():
        assert restored[table] == rows, table
    assert [p.name for p in dump.parent.iterdir()] == ["cg.dump"]


def test_a_restore_replaces_a_database_that_holds_tables_only_with_force(
    source: str, new_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    dump = tmp_path / "cg.dump"
    assert main(["backup", str(dump), "--database-url", source]) == 0
    assert main(["restore", str(dump), "--database-url", new_database]) == 0
    asyncio.run(_admin_on(new_database, "DELETE FROM segment_line"))
    capsys.readouterr()

    assert main(["restore", str(dump), "--database-url", new_database]) == 1
    assert "holds tables: pass --force to replace them" in capsys.readouterr().err
    assert asyncio.run(_contents(new_database))["segment_line"] == []

    assert main(["restore", str(dump), "--database-url", new_database, "--force"]) == 0
    assert asyncio.run(_contents(new_database)) == asyncio.run(_contents(source))


async def _admin_on(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def test_a_restore_is_refused_while_a_session_uses_the_database(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    dump = tmp_path / "cg.dump"
    assert main(["backup", str(dump), "--database-url", source]) == 0

    async def while_connected() -> int:
        connection = await asyncpg.connect(source)
        try:
            return await asyncio.to_thread(
                main, ["restore", str(dump), "--database-url", source, "--force"]
            )
        finally:
            await connection.close()

    assert asyncio.run(while_connected()) == 1
    assert "is in use (1 other session(s) connected)" in capsys.readouterr().err


def test_a_dump_of_a_newer_schema_is_refused(
    source: str, new_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    dump = tmp_path / "cg.dump"
    future = "INSERT INTO tortoise_migrations (app, name, applied_at) VALUES ('models', {}, now())"
    asyncio.run(_admin_on(source, future.format("'0099_from_the_future'")))
    try:
        assert main(["backup", str(dump), "--database-url", source]) == 0
    finally:
        asyncio.run(
            _admin_on(source, "DELETE FROM tortoise_migrations WHERE name = '0099_from_the_future'")
        )
    capsys.readouterr()

    assert main(["restore", str(dump), "--database-url", new_database]) == 1

    assert "newer than this code's (it does not know 0099_from_the_future)" in (
        capsys.readouterr().err
    )


def test_refusals_before_anything_is_written(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    existing = tmp_path / "cg.dump"
    existing.write_text("an older dump")

    assert main(["backup", str(existing), "--database-url", source]) == 1
    assert main(["backup", str(tmp_path / "x.dump"), "--database-url", _url("cg_missing")]) == 1
    assert main(["restore", str(existing), "--database-url", source]) == 1

    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"error: {existing} exists: pass --force to replace it"
    assert err[1].startswith("error: cannot connect to PostgreSQL database 'cg_missing'")
    assert err[2].startswith(f"error: {existing} is not a backup")
    assert existing.read_text() == "an older dump"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cg.dump"]


def test_client_tools_older_than_the_server_are_refused(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    old = tmp_path / "bin" / "pg_dump"
    old.parent.mkdir()
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", f"{old.parent}{os.pathsep}{os.environ['PATH']}")

    assert main(["backup", str(tmp_path / "cg.dump"), "--database-url", source]) == 1

    err = capsys.readouterr().err
    assert f"error: {old} is version pg_dump (PostgreSQL) 9.6.24, older than the server" in err
    assert not (tmp_path / "cg.dump").exists()


def test_the_password_travels_in_the_environment_never_on_the_command_line(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    spy = tmp_path / "bin" / "pg_dump"
    spy.parent.mkdir()
    spy.write_text(SPY.format(real=shutil.which("pg_dump")))
    spy.chmod(0o755)
    monkeypatch.setenv("PATH", f"{spy.parent}{os.pathsep}{os.environ['PATH']}")
    parts = urlsplit(source)
    secret = parts.password or "s3cret-w0rd"  # any will do where the server trusts the user
    url = urlunsplit(
        parts._replace(netloc=f"{parts.username}:{secret}@{parts.hostname}:{parts.port or 5432}")
    )

    assert main(["backup", str(tmp_path / "cg.dump"), "--database-url", url]) == 0

    assert secret not in (spy.parent / "argv").read_text()
    assert (spy.parent / "password").read_text() == f"{secret}\n"


def test_a_file_that_only_looks_like_a_dump_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    fake = tmp_path / "cg.dump"
    fake.write_bytes(b"PGDMP" + b"\0" * 200)

    assert main(["verify-backup", str(fake)]) == 1

    assert f"error: reading {fake} failed: pg_restore: error:" in capsys.readouterr().err
