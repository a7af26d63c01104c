"""The `backup`, `restore` and `verify-backup` subcommands of `campaign-graph` (server/cli.py
adds them): arguments in, one line out, exit code 1 with `error: …` on a refusal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from server.settings import Settings


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from server.ops.backup import backup

    return _report(lambda: backup(settings.database_url, Path(args.destination), force=args.force))


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from server.ops.backup import restore

    return _report(lambda: restore(Path(args.source), settings.database_url, force=args.force))


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    from server.ops.backup import verify

    return _report(lambda: verify(Path(args.source)))


def _report(work: Any) -> int:
    from server.ops.common import BackupRefused

    try:
        line: str = work()
    except BackupRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(line)
    return 0


def add_backup_commands(commands: Any) -> None:
    """Register the three subcommands on the CLI's subparsers."""
    backup = commands.add_parser(
        "backup",
        help="copy the database to a file while servers keep serving (SQLite or PostgreSQL)",
        description="SQLite: a consistent copy with the backup API, checked and renamed into "
        "place. PostgreSQL: pg_dump --format=custom. Refuses to overwrite a file unless --force.",
    )
    backup.add_argument("destination", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace an existing file")
    backup.add_argument("--database-url", help="default: DATABASE_URL")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser(
        "restore",
        help="replace the database with a backup (stop the servers first)",
        description="SQLite: the checked backup is renamed over the database file, refused "
        "while any process has it open. PostgreSQL: pg_restore --clean --if-exists --no-owner "
        "--single-transaction into the database (created when missing), refused while other "
        "sessions use it. A backup from a newer schema is refused; after one from an older "
        "schema, run `campaign-graph migrate`.",
    )
    restore.add_argument("source", help="a file written by `campaign-graph backup`")
    restore.add_argument(
        "--force", action="store_true", help="replace a database that already holds data"
    )
    restore.add_argument("--database-url", help="default: DATABASE_URL")
    restore.set_defaults(handler=_restore)

    verify = commands.add_parser(
        "verify-backup",
        help="check a backup file: readable, sound, its schema version against this code",
    )
    verify.add_argument("source", help="a file written by `campaign-graph backup`")
    verify.set_defaults(handler=_verify)
