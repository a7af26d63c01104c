"""Online backup and restore of a SQLite database file.

The backup copies with SQLite's backup API (`sqlite3.Connection.backup`) page by page inside
one read transaction on the source. In WAL mode, which the server always uses, a reader
never blocks writers and always sees one committed state: the copy is the database as of
the moment the read began, however many commits the server makes meanwhile. (Without that
read transaction, SQLite restarts a stepped copy whenever another connection commits, so a
busy server could keep it from ever finishing.) The copy is written beside the destination,
switched to a rollback journal (a backup is one self-contained file), checked (`PRAGMA
integrity_check`, the migrations it records) and only then renamed into place.

A restore replaces a database file only while nothing has it open: switching the target out
of WAL mode needs every other connection gone, so it doubles as the check that no server is
using it, and the target stays locked while the checked copy is renamed over it."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from server.ops.common import (
    MIGRATIONS_APP,
    SQLITE_SIDE_FILES,
    BackupRefused,
    Kind,
    SchemaVersion,
    backup_kind,
    check_destination,
    refuse_newer,
    size_text,
    written_atomically,
)

#: Pages copied per step of the backup API (4 MB of 4 kB pages).
STEP_PAGES = 1024

#: Called after each step of a copy with its status, the pages remaining and the total.
Progress = Callable[[int, int, int], object]


@dataclass(frozen=True)
class Copied:
    """A finished backup or restore: the file written and what it holds."""

    path: Path
    version: SchemaVersion
    seconds: float

    def summary(self) -> str:
        return f"{self.path} ({size_text(self.path)}, {self.version.describe()}, integrity ok)"


def _connect(path: Path, *, timeout: float = 10.0) -> sqlite3.Connection:
    """A connection to an existing file (never creating one), transactions by hand."""
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None, timeout=timeout)


def verify(path: Path, label: Path | None = None) -> SchemaVersion:
    """Check that `path` is a sound SQLite database of Campaign Graph (named `label` in
    refusals, by default `path`); its schema version."""
    name = label or path
    if backup_kind(path) is not Kind.SQLITE:
        raise BackupRefused(f"{path} is {Kind.POSTGRES.value}, not a SQLite backup")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupRefused(f"{name} is damaged: {'; '.join(problems[:5])}")
        return SchemaVersion.of(_applied(connection, name))
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(f"{name} cannot be read as a SQLite database: {exc}") from exc
    finally:
        connection.close()


def _applied(connection: sqlite3.Connection, path: Path) -> list[str]:
    try:
        rows = connection.execute(
            "SELECT name FROM tortoise_migrations WHERE app = ?", (MIGRATIONS_APP,)
        ).fetchall()
    except sqlite3.OperationalError:
        rows = []
    if not rows:
        raise BackupRefused(
            f"{path} is not a Campaign Graph database: it records no migrations "
            "(databases are made with `campaign-graph migrate`)"
        )
    return [name for (name,) in rows]


def backup(
    source: Path,
    destination: Path,
    *,
    force: bool = False,
    pages: int = STEP_PAGES,
    progress: Progress | None = None,
) -> Copied:
    """Copy the live database `source` to `destination` (a new file unless `force`), `pages`
    at a time; `progress(status, remaining, total)` is called after each step."""
    if not source.is_file():
        raise BackupRefused(f"database {source} does not exist")
    check_destination(destination, force=force)
    if destination.exists() and destination.samefile(source):
        raise BackupRefused(f"{destination} is the database itself")
    started = time.monotonic()
    with written_atomically(destination) as temporary:
        try:
            _copy(source, temporary, pages, progress)
        except sqlite3.DatabaseError as exc:
            raise BackupRefused(f"{source} cannot be backed up: {exc}") from exc
        version = verify(temporary, label=source)
    return Copied(destination, version, time.monotonic() - started)


def _copy(
    source: Path, temporary: Path, pages: int = STEP_PAGES, progress: Progress | None = None
) -> None:
    origin = _connect(source)
    copy = sqlite3.connect(temporary, isolation_level=None)
    try:
        wal = origin.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if wal:
            # One read transaction for the whole copy: its snapshot is what the steps copy.
            origin.execute("BEGIN")
            origin.execute("SELECT count(*) FROM sqlite_master").fetchone()
        origin.backup(copy, pages=pages, progress=progress, sleep=0.05)
        if wal:
            origin.execute("COMMIT")
        copy.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        copy.close()
        origin.close()


def restore(source: Path, target: Path, *, force: bool = False) -> Copied:
    """Replace the database file `target` with the backup `source` (while no server uses the
    target; an existing target only when `force`)."""
    started = time.monotonic()
    version = verify(source)
    refuse_newer(version, source)
    if target.exists() and not force:
        raise BackupRefused(
            f"database {target} exists: pass --force to replace it with {source} "
            "(stop every server using it first)"
        )
    with written_atomically(target, put=_replace) as temporary:
        _copy(source, temporary)
        copy = _connect(temporary)
        try:
            copy.execute("PRAGMA journal_mode=WAL").fetchone()
        finally:
            copy.close()
    return Copied(target, version, time.monotonic() - started)


def _replace(temporary: Path, target: Path) -> None:
    """Rename the restored copy over `target` while holding it exclusively, so that no
    server has it open; stale WAL files of the old database go first."""
    if not target.exists():
        _remove_side_files(target)
        temporary.replace(target)
        return
    holder = _connect(target, timeout=0.0)
    try:
        mode = holder.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if mode != "delete":
            raise sqlite3.OperationalError("database is locked")
        holder.execute("BEGIN EXCLUSIVE")
    except sqlite3.DatabaseError as exc:
        holder.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise BackupRefused(
                f"database {target} is in use (a server or another process has it open): "
                "stop it, then restore"
            ) from exc
        if "not a database" not in str(exc):  # pragma: no cover - other I/O troubles
            raise BackupRefused(f"{target} cannot be replaced: {exc}") from exc
        # Not a SQLite file at all: nothing can be using it as a database.
        _remove_side_files(target)
        temporary.replace(target)
        return
    try:
        _remove_side_files(target)
        temporary.replace(target)
    finally:
        holder.close()


def _remove_side_files(database: Path) -> None:
    for suffix in SQLITE_SIDE_FILES:
        Path(f"{database}{suffix}").unlink(missing_ok=True)
