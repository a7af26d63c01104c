"""`campaign-graph backup`, `verify-backup` and `restore` on SQLite files, in-process: the
round trip, and every refusal naming its problem with nothing half-written left behind."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from server.cli import main
from server.ops.common import code_migrations
from tests.cli.databases import copy_of, demo_template, digests, opened, scalar
from tests.conftest import BACKEND

#: The newest migration of this code, and the one before it.
*_, PREVIOUS, LATEST = code_migrations()

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the CLI runs on its own SQLite file")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory)


@pytest.fixture
def database(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo company in a file of its own, which DATABASE_URL names."""
    path = copy_of(template, tmp_path / "live.sqlite3")
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{path}")
    monkeypatch.delenv("CAMPAIGN_GRAPH_ENV", raising=False)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".partial" in p.name)


def test_backup_verify_and_restore_into_a_new_file_give_the_same_tables(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    backup = tmp_path / "backups" / "cg.sqlite3"
    restored = tmp_path / "restored.sqlite3"

    assert main(["backup", str(backup)]) == 0
    assert main(["verify-backup", str(backup)]) == 0
    assert main(["restore", str(backup), "--database-url", f"sqlite://{restored}"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"backed up {database} to {backup} (")
    assert f"schema {LATEST} (current), integrity ok)" in out[0]
    assert out[1] == (f"{backup}: a SQLite database, integrity ok, schema {LATEST} (current)")
    assert out[2].startswith(f"restored {backup} into {restored} (")
    assert digests(restored) == digests(database)
    assert scalar(backup, "PRAGMA journal_mode") == "delete"
    assert scalar(restored, "PRAGMA journal_mode") == "wal"
    assert scalar(restored, "PRAGMA integrity_check") == "ok"
    assert scalar(restored, "SELECT count(*) FROM contact") == 273
    assert _leftovers(tmp_path) == []
    assert _leftovers(backup.parent) == []


def test_a_backup_of_a_backup_is_the_same_database(database: Path, tmp_path: Path):
    """The source of this copy is not in WAL mode: SQLite restarts the copy on a write."""
    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"

    assert main(["backup", str(first)]) == 0
    assert main(["backup", str(second), "--database-url", f"sqlite://{first}"]) == 0

    assert digests(second) == digests(database)


def test_an_existing_backup_is_replaced_only_with_force(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    backup = tmp_path / "cg.sqlite3"
    backup.write_text("an older backup")

    assert main(["backup", str(backup)]) == 1
    assert backup.read_text() == "an older backup"
    assert f"error: {backup} exists: pass --force to replace it" in capsys.readouterr().err

    assert main(["backup", str(backup), "--force"]) == 0
    assert digests(backup) == digests(database)
    assert main(["backup", str(tmp_path)]) == 1
    assert main(["backup", str(database), "--force"]) == 1
    err = capsys.readouterr().err
    assert f"error: {tmp_path} is a directory: name the backup file" in err
    assert f"error: {database} is the database itself" in err


def test_a_restore_replaces_a_database_only_with_force_and_drops_its_stale_log(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    backup = tmp_path / "cg.sqlite3"
    assert main(["backup", str(backup)]) == 0
    # A process that dies without closing leaves its write-ahead log beside the file.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
            "db.execute('PRAGMA journal_mode=WAL'); db.execute('DELETE FROM segment_line'); "
            "db.commit(); os._exit(0)",
            str(database),
        ],
        check=True,
    )
    stale = [Path(f"{database}-wal"), Path(f"{database}-shm")]
    assert all(path.exists() for path in stale)
    capsys.readouterr()

    assert main(["restore", str(backup)]) == 1
    assert "pass --force to replace it" in capsys.readouterr().err
    assert scalar(database, "SELECT count(*) FROM segment_line") == 0

    assert main(["restore", str(backup), "--force"]) == 0
    assert not any(path.exists() for path in stale)
    assert digests(database) == digests(backup)
    assert scalar(database, "SELECT count(*) FROM segment_line") > 0


def test_a_restore_is_refused_while_another_process_has_the_database_open(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    backup = tmp_path / "cg.sqlite3"
    assert main(["backup", str(backup)]) == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
            "db.execute('SELECT count(*) FROM campaign').fetchone(); print('open', flush=True); "
            "sys.stdin.read()",
            str(database),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "open\n"
        in_use = main(["restore", str(backup), "--force"])
    finally:
        holder.communicate("", timeout=10)

    assert in_use == 1
    assert f"error: database {database} is in use" in capsys.readouterr().err
    assert _leftovers(tmp_path) == []
    assert main(["restore", str(backup), "--force"]) == 0


def test_a_backup_from_a_newer_schema_is_refused_an_older_one_asks_for_migrate(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    newer, older = tmp_path / "newer.sqlite3", tmp_path / "older.sqlite3"
    target = tmp_path / "target.sqlite3"
    assert main(["backup", str(newer)]) == 0
    assert main(["backup", str(older)]) == 0
    with opened(newer) as db:
        db.execute(
            "INSERT INTO tortoise_migrations (app, name, applied_at) VALUES "
            "('models', '0099_from_the_future', '2030-01-01')"
        )
    with opened(older) as db:
        db.execute("DELETE FROM tortoise_migrations WHERE name = ?", (LATEST,))
    capsys.readouterr()

    assert main(["restore", str(newer), "--database-url", f"sqlite://{target}"]) == 1
    assert not target.exists()
    assert main(["verify-backup", str(newer)]) == 0
    assert main(["restore", str(older), "--database-url", f"sqlite://{target}"]) == 0

    out, err = capsys.readouterr()
    assert (
        f"error: {newer} holds schema 0099_from_the_future, newer than this code's (it does not "
        "know 0099_from_the_future): restore it with the release that made it"
    ) in err
    assert "this code cannot restore it" in out
    assert (
        f"schema {PREVIOUS}, older than this code's (it lacks {LATEST}: "
        "run `campaign-graph migrate` before serving)"
    ) in out


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "backup {source} does not exist"),
        (b"name,city\nJohn,London\n", "{source} is not a backup: neither a SQLite database"),
        (
            b"PGDMP\x01\x0e\x00",
            "{source} is a PostgreSQL dump (pg_dump --format=custom), but "
            "DATABASE_URL is a SQLite database",
        ),
        ("empty-sqlite", "{source} is not a Campaign Graph database: it records no migrations"),
        ("damaged", "{source} cannot be read as a SQLite database"),
    ],
    ids=["missing", "not-a-backup", "postgres-dump", "foreign-sqlite", "damaged"],
)
def test_a_restore_from_something_not_a_backup_names_the_problem(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | str | None,
    problem: str,
):
    source = tmp_path / "source.bin"
    if content == "empty-sqlite":
        sqlite3.connect(source).execute("CREATE TABLE notes (text TEXT)").connection.close()
    elif content == "damaged":
        data = bytearray(database.read_bytes())
        data[4096 * 5 : 4096 * 40] = b"\xff" * (4096 * 35)
        source.write_bytes(bytes(data))
    elif isinstance(content, bytes):
        source.write_bytes(content)
    before = digests(database)

    assert main(["restore", str(source), "--force"]) == 1

    assert problem.format(source=source) in capsys.readouterr().err
    assert digests(database) == before
    assert _leftovers(tmp_path) == []


def test_a_backup_of_what_is_not_a_database_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    text = tmp_path / "notes.txt"
    text.write_text("not a database " * 500)
    backup = tmp_path / "cg.sqlite3"

    assert main(["backup", str(backup), "--database-url", f"sqlite://{text}"]) == 1
    assert main(["backup", str(backup), "--database-url", f"sqlite://{tmp_path / 'none'}"]) == 1
    assert main(["backup", str(backup), "--database-url", "sqlite://:memory:"]) == 1
    assert main(["backup", str(backup), "--database-url", "mysql://cg@localhost/cg"]) == 1
    assert main(["backup", str(backup), "--database-url", "nonsense"]) == 1

    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"error: {text} cannot be backed up: file is not a database")
    assert err[1] == f"error: database {tmp_path / 'none'} does not exist"
    assert err[2] == "error: an in-memory database has nothing to back up or restore into"
    assert err[3] == "error: backups support SQLite and PostgreSQL, not tortoise.backends.mysql"
    assert err[4].startswith("error: DATABASE_URL 'nonsense' is not a database URL")
    assert not backup.exists()
    assert _leftovers(tmp_path) == []


def test_a_postgres_backup_needs_the_client_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    dump = tmp_path / "cg.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00")
    monkeypatch.setenv("PATH", str(tmp_path))

    assert main(["verify-backup", str(dump)]) == 1

    assert "error: pg_restore is not installed (or not on PATH)" in capsys.readouterr().err


def test_a_restore_over_a_file_that_is_no_database_replaces_it_with_force(
    database: Path, tmp_path: Path
):
    backup, target = tmp_path / "cg.sqlite3", tmp_path / "target.sqlite3"
    target.write_text("not a database " * 500)
    assert main(["backup", str(backup)]) == 0

    assert main(["restore", str(backup), "--database-url", f"sqlite://{target}", "--force"]) == 0

    assert digests(target) == digests(database)
