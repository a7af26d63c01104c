"""Backup and restore of a PostgreSQL database with its own tools.

`pg_dump --format=custom` is online by nature: it reads in one repeatable-read transaction,
so the dump is the database as of one moment while the servers go on writing, and it blocks
no one but a schema change. `pg_restore --clean --if-exists --no-owner --single-transaction`
puts a dump into a database (created when missing) all at once or not at all.

The tools get their connection from the environment (PGHOST, PGPORT, PGUSER, PGPASSWORD),
never a password on their command line, and must be at least as new as the server: a dump
made by an older pg_dump may miss what a newer server has (pg_dump itself refuses that)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from tortoise.backends.base.config_generator import expand_db_url

from server.ops.common import (
    MIGRATIONS_APP,
    BackupRefused,
    Kind,
    SchemaVersion,
    backup_kind,
    check_destination,
    refuse_newer,
    size_text,
    written_atomically,
)


@dataclass(frozen=True)
class Target:
    """Where a PostgreSQL database is, from a DATABASE_URL."""

    host: str
    port: int
    user: str
    password: str | None
    database: str

    @classmethod
    def parse(cls, url: str) -> Target:
        credentials = expand_db_url(url)["credentials"]
        return cls(
            host=str(credentials.get("host") or "localhost"),
            port=int(credentials.get("port") or 5432),
            user=str(credentials.get("user") or ""),
            password=credentials.get("password") or None,
            database=str(credentials["database"]),
        )

    def environment(self) -> dict[str, str]:
        """The tools' connection: their environment, so that no secret is on a command line."""
        env = {**os.environ, "PGHOST": self.host, "PGPORT": str(self.port)}
        env["PGAPPNAME"] = "campaign-graph-backup"
        if self.user:
            env["PGUSER"] = self.user
        env.pop("PGPASSWORD", None)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    async def connect(self, database: str | None = None) -> Any:
        try:
            return await asyncpg.connect(
                host=self.host,
                port=self.port,
                user=self.user or None,
                password=self.password,
                database=database or self.database,
            )
        except (OSError, asyncpg.PostgresError) as exc:
            raise BackupRefused(
                f"cannot connect to PostgreSQL database {database or self.database!r} "
                f"on {self.host}:{self.port}: {exc}"
            ) from exc


@dataclass(frozen=True)
class Dumped:
    """A finished dump or restore: where, and the schema version it holds."""

    where: str
    version: SchemaVersion
    seconds: float
    size: str = ""

    def summary(self) -> str:
        size = f"{self.size}, " if self.size else ""
        return f"{self.where} ({size}{self.version.describe()})"


def tool(name: str, server_major: int | None = None) -> str:
    """The path of a PostgreSQL client tool, refused when missing or older than the server."""
    path = shutil.which(name)
    if path is None:
        raise BackupRefused(
            f"{name} is not installed (or not on PATH): install the PostgreSQL client tools "
            "of the server's major version or newer (Debian: postgresql-client)"
        )
    if server_major is not None:
        output = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
        found = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
        major = int(found.group(1)) if found else 0
        if major < server_major:
            raise BackupRefused(
                f"{path} is version {output.stdout.strip() or '?'}, older than the server "
                f"(PostgreSQL {server_major}): install the client tools of version "
                f"{server_major} or newer"
            )
    return path


async def _server_major(target: Target) -> int:
    connection = await target.connect()
    try:
        return int(connection.get_server_version().major)
    finally:
        await connection.close()


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupRefused(f"{what} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def verify(path: Path, label: Path | None = None) -> SchemaVersion:
    """Check that `path` is a readable dump of a Campaign Graph database (pg_restore reads
    its table of contents and its migration record); its schema version."""
    name = label or path
    if backup_kind(path) is not Kind.POSTGRES:
        raise BackupRefused(f"{name} is {Kind.SQLITE.value}, not a PostgreSQL backup")
    pg_restore = tool("pg_restore")
    env = {**os.environ}
    _run([pg_restore, "--list", str(path)], env, f"reading {name}")
    script = _run(
        [pg_restore, "--data-only", "--table=tortoise_migrations", "--file=-", str(path)],
        env,
        f"reading {name}",
    )
    applied = _copied_migrations(script)
    if not applied:
        raise BackupRefused(
            f"{name} is not a dump of a Campaign Graph database: it records no migrations"
        )
    return SchemaVersion.of(applied)


def _copied_migrations(script: str) -> list[str]:
    """The migration names in the COPY block of `tortoise_migrations` (id, app, name, …)."""
    names: list[str] = []
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "tortoise_migrations" in line:
            for row in lines:
                if row == "\\.":
                    break
                columns = row.split("\t")
                if len(columns) >= 3 and columns[1] == MIGRATIONS_APP:
                    names.append(columns[2])
    return names


def backup(url: str, destination: Path, *, force: bool = False) -> Dumped:
    """Dump the database of `url` to `destination` (a new file unless `force`)."""
    target = Target.parse(url)
    check_destination(destination, force=force)
    tool("pg_dump")
    major = asyncio.run(_server_major(target))
    pg_dump = tool("pg_dump", major)
    tool("pg_restore", major)
    started = time.monotonic()
    with written_atomically(destination) as temporary:
        _run(
            [pg_dump, "--format=custom", "--no-password", f"--file={temporary}", target.database],
            target.environment(),
            f"pg_dump of {target.database}",
        )
        version = verify(temporary, label=destination)
    return Dumped(str(destination), version, time.monotonic() - started, size_text(destination))


def restore(source: Path, url: str, *, force: bool = False) -> Dumped:
    """Restore the dump `source` into the database of `url`: created when missing; one that
    holds tables is replaced only when `force`; never while other sessions use it."""
    target = Target.parse(url)
    version = verify(source)
    refuse_newer(version, source)
    major = asyncio.run(_prepare(target, source, force=force))
    pg_restore = tool("pg_restore", major)
    started = time.monotonic()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={target.database}",
            str(source),
        ],
        target.environment(),
        f"pg_restore into {target.database}",
    )
    return Dumped(f"database {target.database}", version, time.monotonic() - started)


async def _prepare(target: Target, source: Path, *, force: bool) -> int:
    """Create the target database when missing, else check that it may be replaced; the
    server's major version."""
    admin = await target.connect("postgres")
    try:
        major = int(admin.get_server_version().major)
        exists = await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", target.database
        )
        if not exists:
            name = target.database.replace('"', '""')
            await admin.execute(f'CREATE DATABASE "{name}"')
            return major
        sessions = await admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
            target.database,
        )
    finally:
        await admin.close()
    if sessions:
        raise BackupRefused(
            f"database {target.database} is in use ({sessions} other session(s) connected): "
            "stop its servers first, or restore into a new database and switch DATABASE_URL"
        )
    if not force and await _holds_tables(target):
        raise BackupRefused(
            f"database {target.database} holds tables: pass --force to replace them with "
            f"{source}, or restore into a new database"
        )
    return major


async def _holds_tables(target: Target) -> bool:
    connection = await target.connect()
    try:
        count = await connection.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
            "'information_schema')"
        )
    finally:
        await connection.close()
    return bool(count)
