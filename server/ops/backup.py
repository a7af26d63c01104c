"""The backup commands' entry points: the database kind follows the DATABASE_URL (a SQLite
file or a PostgreSQL database), the backup's kind its first bytes. Each returns the line to
print, or raises BackupRefused naming the problem."""

from __future__ import annotations

from pathlib import Path

from tortoise.backends.base.config_generator import expand_db_url

from server.ops import postgres_backup, sqlite_backup
from server.ops.common import BackupRefused, Kind, Schema, backup_kind


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for a PostgreSQL URL."""
    try:
        config = expand_db_url(url)
    except Exception as exc:
        raise BackupRefused(f"DATABASE_URL {url!r} is not a database URL: {exc}") from exc
    if config["engine"].endswith("asyncpg"):
        return None
    if not config["engine"].endswith("sqlite"):
        raise BackupRefused(f"backups support SQLite and PostgreSQL, not {config['engine']}")
    path = str(config["credentials"].get("file_path", ""))
    if path in ("", ":memory:"):
        raise BackupRefused("an in-memory database has nothing to back up or restore into")
    return Path(path)


def backup(url: str, destination: Path, *, force: bool = False) -> str:
    """Back up the database of `url` to the file `destination`, online."""
    database = _sqlite_file(url)
    if database is None:
        dumped = postgres_backup.backup(url, destination, force=force)
        return f"backed up to {dumped.summary()} in {dumped.seconds:.1f} s"
    copied = sqlite_backup.backup(database, destination, force=force)
    return f"backed up {database} to {copied.summary()} in {copied.seconds:.1f} s"


def verify(source: Path) -> str:
    """Check the backup `source` without restoring it."""
    kind = backup_kind(source)
    if kind is Kind.SQLITE:
        version = sqlite_backup.verify(source)
        checks = "integrity ok"
    else:
        version = postgres_backup.verify(source)
        checks = "archive readable"
    usable = "" if version.state is not Schema.NEWER else "; this code cannot restore it"
    return f"{source}: {kind.value}, {checks}, {version.describe()}{usable}"


def restore(source: Path, url: str, *, force: bool = False) -> str:
    """Restore the backup `source` into the database of `url` (stopped servers only)."""
    database = _sqlite_file(url)
    kind = backup_kind(source)
    expected = Kind.POSTGRES if database is None else Kind.SQLITE
    if kind is not expected:
        engine = "PostgreSQL" if database is None else "SQLite"
        raise BackupRefused(f"{source} is {kind.value}, but DATABASE_URL is a {engine} database")
    if database is None:
        dumped = postgres_backup.restore(source, url, force=force)
        return f"restored {source} into {dumped.summary()} in {dumped.seconds:.1f} s"
    copied = sqlite_backup.restore(source, database, force=force)
    return f"restored {source} into {copied.summary()} in {copied.seconds:.1f} s"
