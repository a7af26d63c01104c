"""`campaign-graph seed` in-process, against SQLite files: the summary line, the progress bar
on a terminal only, the idempotent re-run and the refusals."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest

from server.cli import main
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the CLI runs on its own SQLite file")

SMALL = ["--contacts", "200", "--segments", "5", "--lines", "100", "--interactions", "500"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        count: int = db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        return count


def test_seed_prints_one_summary_line_and_no_progress_when_not_a_terminal(
    migrated_file: Path, capsys: pytest.CaptureFixture[str]
):
    capsys.readouterr()

    assert main(["seed", *SMALL, "--random-seed", "3"]) == 0

    out, err = capsys.readouterr()
    assert re.fullmatch(
        r"seeded 200 contacts, \d+ customers, 1 campaigns, 5 segments, 100 segment lines, "
        r"500 interactions \(dashboard campaign CP00001\) in \d+\.\d s\n",
        out,
    )
    assert err == ""
    assert _count(migrated_file, "interaction") == 500
    assert _count(migrated_file, "segment_line") == 100


def test_a_terminal_gets_a_progress_bar_per_stage(
    migrated_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)

    assert main(["seed", *SMALL]) == 0

    shown = terminal.getvalue()
    for stage in ("contacts", "segments", "segment lines", "interactions"):
        assert re.search(rf"\r{stage} +\[#+\] 100% +[\d,]+", shown), stage
    assert shown.endswith("\n")
    assert "seeded 200 contacts" in capsys.readouterr().out


def test_a_second_run_reports_the_data_set_ready_and_another_is_refused(
    migrated_file: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["seed", *SMALL, "--anchor-date", "2026-03-15"]) == 0
    capsys.readouterr()

    assert main(["seed", *SMALL]) == 0
    again = capsys.readouterr().out
    assert main(["seed", *SMALL, "--random-seed", "2"]) == 1
    refused = capsys.readouterr().err

    assert again.startswith("already seeded with these parameters, nothing written: 200 contacts")
    assert refused.startswith("error: the database already holds contacts")
    assert _count(migrated_file, "contact") == 200


def test_an_unmigrated_database_is_refused_with_the_command_that_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "empty.sqlite3"

    assert main(["seed", *SMALL, "--database-url", f"sqlite://{path}"]) == 1

    err = capsys.readouterr().err
    assert "error: the database is not migrated" in err
    assert "run `campaign-graph migrate` first" in err


def test_the_database_url_option_wins_over_the_environment(
    migrated_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    other = tmp_path / "other.sqlite3"
    assert main(["migrate"]) == 0  # DATABASE_URL: the fixture's file

    assert main(["seed", *SMALL, "--database-url", f"sqlite://{other}"]) == 1

    assert _count(migrated_file, "contact") == 0
    assert "not migrated" in capsys.readouterr().err


def test_sizes_that_do_not_fit_and_bad_dates_are_refused(
    migrated_file: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["seed", "--contacts", "2", "--segments", "1", "--lines", "3"]) == 1
    assert "error: --lines 3 do not fit" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["seed", "--anchor-date", "yesterday"])
    assert "not a date (YYYY-MM-DD)" in capsys.readouterr().err
    assert _count(migrated_file, "contact") == 0
