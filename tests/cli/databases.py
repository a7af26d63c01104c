"""Real database files for the backup tests: a migrated SQLite file with the demo company,
built once per module by the real commands, and each table of a file as rows to compare."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.servers import cli, environment

#: A table's rows in primary-key order, as one count and one digest.
Digest = tuple[int, str]


def demo_template(factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated by `campaign-graph migrate` and holding the demo company."""
    path = factory.mktemp("template") / "demo.sqlite3"
    env = environment(f"sqlite://{path}", demo=False)
    cli(env, "migrate")
    cli(env, "demo")
    return path


def copy_of(template: Path, path: Path) -> Path:
    """A copy of a closed database file (no WAL beside it) at `path`."""
    shutil.copyfile(template, path)
    return path


@contextlib.contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to `path`, committed and closed on exit: `with sqlite3.connect()` alone
    leaves it open until the collector finds it, and an open connection makes a restore of
    the file refuse (the database is in use)."""
    db = sqlite3.connect(path)
    try:
        with db:
            yield db
    finally:
        db.close()


def tables(path: Path) -> list[str]:
    with opened(path) as db:
        return [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]


def digests(
    path: Path, keep: Callable[[str, tuple[object, ...]], bool] | None = None
) -> dict[str, Digest]:
    """Every table's rows (in rowid order) and the schema itself, as count and SHA-256;
    `keep(table, row)` may leave rows out."""
    result: dict[str, Digest] = {}
    with opened(path) as db:
        for table in ["sqlite_master", *tables(path)]:
            order = "type, name" if table == "sqlite_master" else "rowid"
            rows = db.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
            rows = [row for row in rows if keep is None or keep(table, row)]
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result


def scalar(path: Path, query: str, *parameters: object) -> object:
    with opened(path) as db:
        return db.execute(query, parameters).fetchone()[0]
