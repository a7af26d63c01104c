"""What SQLite and PostgreSQL backups share: the refusal they raise, the schema version a
backup records (the migrations applied) judged against the code's, the kind of a backup file
and writing a file under its final name only once it is complete."""

from __future__ import annotations

import contextlib
import enum
import os
import pkgutil
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import server.migrations

#: The Tortoise app whose migrations `tortoise_migrations` records (server/db.py: APP_LABEL).
MIGRATIONS_APP = "models"

#: The files SQLite keeps beside a database: its write-ahead log, the log's index, and the
#: rollback journal of a database not in WAL mode.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")

_MIGRATION = re.compile(r"^\d{4}_\w+$")


class BackupRefused(Exception):
    """A backup, verification or restore that did not happen; the message names the problem."""


def code_migrations() -> list[str]:
    """The migrations this code ships (server/migrations), oldest first."""
    names = (m.name for m in pkgutil.iter_modules(server.migrations.__path__))
    return sorted(name for name in names if _MIGRATION.match(name))


class Schema(enum.Enum):
    """How a database's schema compares with the code's migrations."""

    CURRENT = "current"
    OLDER = "older"
    NEWER = "newer"


@dataclass(frozen=True)
class SchemaVersion:
    """The migrations a database (or a backup of one) has applied, judged against the code."""

    applied: tuple[str, ...]
    state: Schema
    #: OLDER: the code's migrations it lacks; NEWER: the migrations this code does not know.
    difference: tuple[str, ...]

    @classmethod
    def of(cls, applied: Collection[str]) -> SchemaVersion:
        known = code_migrations()
        unknown = tuple(sorted(set(applied) - set(known)))
        missing = tuple(name for name in known if name not in applied)
        state = Schema.NEWER if unknown else Schema.OLDER if missing else Schema.CURRENT
        return cls(tuple(sorted(applied)), state, unknown or missing)

    @property
    def latest(self) -> str:
        return self.applied[-1] if self.applied else "(none)"

    def describe(self) -> str:
        """One phrase for the operator: the version and how it compares with the code."""
        if self.state is Schema.CURRENT:
            return f"schema {self.latest} (current)"
        if self.state is Schema.NEWER:
            return (
                f"schema {self.latest}, newer than this code's (it does not know "
                f"{', '.join(self.difference)})"
            )
        return (
            f"schema {self.latest}, older than this code's (it lacks "
            f"{', '.join(self.difference)}: run `campaign-graph migrate` before serving)"
        )


def refuse_newer(version: SchemaVersion, source: Path) -> None:
    """A backup from a newer schema cannot be served by this code: upgrade the code first."""
    if version.state is Schema.NEWER:
        raise BackupRefused(
            f"{source} holds {version.describe()}: restore it with the release that made it"
        )


class Kind(enum.Enum):
    """What a backup file is, by its first bytes."""

    SQLITE = "a SQLite database"
    POSTGRES = "a PostgreSQL dump (pg_dump --format=custom)"


def backup_kind(path: Path) -> Kind:
    """The kind of the backup at `path`, or a refusal naming why it is none."""
    if not path.exists():
        raise BackupRefused(f"backup {path} does not exist")
    if not path.is_file():
        raise BackupRefused(f"backup {path} is not a file")
    with path.open("rb") as file:
        head = file.read(16)
    if head == b"SQLite format 3\x00":
        return Kind.SQLITE
    if head.startswith(b"PGDMP"):
        return Kind.POSTGRES
    raise BackupRefused(
        f"{path} is not a backup: neither a SQLite database nor a PostgreSQL custom-format dump"
    )


def check_destination(destination: Path, *, force: bool) -> None:
    """A backup goes to a new file, or replaces one only when asked to."""
    if destination.is_dir():
        raise BackupRefused(f"{destination} is a directory: name the backup file")
    if destination.exists() and not force:
        raise BackupRefused(f"{destination} exists: pass --force to replace it")


def partial_path(destination: Path) -> Path:
    """The temporary file a backup is written to, beside its destination (same file system,
    so that the final rename is atomic)."""
    return destination.with_name(f".{destination.name}.{os.getpid()}.partial")


@contextlib.contextmanager
def written_atomically(
    destination: Path, put: Callable[[Path, Path], object] = os.replace
) -> Iterator[Path]:
    """Yields a temporary path to write; on success it is synced and renamed to
    `destination` in one step (by `put`), on failure removed: nothing half-written is left
    behind."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = partial_path(destination)
    try:
        yield temporary
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        put(temporary, destination)
        directory = os.open(destination.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    finally:
        for leftover in (temporary, *(Path(f"{temporary}{s}") for s in SQLITE_SIDE_FILES)):
            leftover.unlink(missing_ok=True)


def size_text(path: Path) -> str:
    """A file's size for people (kB or MB)."""
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"
