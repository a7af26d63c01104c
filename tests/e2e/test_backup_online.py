"""An online SQLite backup: while `campaign-graph serve` answers queries on the file and a
writer commits a segment with its lines every few milliseconds, the backup copies in many
steps. Restored, the copy is the source as of one moment: every table equal to the source
without the commits made after it, no segment torn from its lines, integrity ok."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from server.ops import sqlite_backup
from tests.cli.databases import copy_of, demo_template, digests, opened, scalar
from tests.conftest import BACKEND
from tests.e2e.servers import environment, serve

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(BACKEND != "sqlite", reason="the e2e run uses its own SQLite file"),
]

#: Lines the writer gives each of its segments, in the same transaction.
LINES = 3


class Writer(threading.Thread):
    """Commits segment BK000001, BK000002, … each with LINES lines, one transaction each."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path, self.commits, self.stop = path, 0, threading.Event()

    def run(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        db.execute("PRAGMA foreign_keys=ON")
        query = "SELECT id FROM contact ORDER BY id LIMIT ?"
        contacts = [row[0] for row in db.execute(query, (LINES,))]
        while not self.stop.is_set():
            n = self.commits + 1
            db.execute("BEGIN IMMEDIATE")
            segment = db.execute(
                "INSERT INTO segment (no, description, campaign_target, campaign_response, "
                "unit_cost, unit_duration, information_flow, initiated_by, status, campaign_id) "
                "VALUES (?, ?, 0, 0, '0', '0', 'NONE', 'NONE', 'OPEN', 1)",
                (f"BK{n:06d}", f"Written during the backup ({n})"),
            ).lastrowid
            db.executemany(
                "INSERT INTO segment_line (line_no, campaign_target, campaign_response, cost, "
                "duration, attempt_failed, contact_id, segment_id) "
                "VALUES (?, 0, 0, '0', '0', 0, ?, ?)",
                [(10000 * (i + 1), contact, segment) for i, contact in enumerate(contacts)],
            )
            db.execute("COMMIT")
            self.commits = n
        db.close()


class Reader(threading.Thread):
    """Asks the server for the campaigns and contacts, again and again."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.statuses, self.stop = base, list[int](), threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=10) as client:
            while not self.stop.is_set():
                answer = client.post(
                    f"{self.base}/graphql",
                    json={"query": "{ campaigns { totalCount } contacts { totalCount } }"},
                )
                self.statuses.append(answer.status_code)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory)


def _wait(condition: object, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_backup_while_serving_and_writing_is_the_database_of_one_moment(
    template: Path, tmp_path: Path
):
    live = copy_of(template, tmp_path / "live.sqlite3")
    backup, restored = tmp_path / "cg.sqlite3", tmp_path / "restored.sqlite3"
    steps: list[tuple[int, int]] = []
    writer = Writer(live)
    serving = contextlib.contextmanager(serve)(environment(f"sqlite://{live}"), tmp_path / "log")

    with serving as base:
        reader = Reader(base)
        writer.start()
        reader.start()
        _wait(lambda: writer.commits >= 20 and len(reader.statuses) >= 2)

        def slowly(status: int, remaining: int, total: int) -> None:
            steps.append((writer.commits, len(reader.statuses)))
            time.sleep(0.002)

        before = writer.commits
        sqlite_backup.backup(live, backup, pages=4, progress=slowly)
        _wait(lambda: writer.commits > steps[-1][0] + 5)
        for thread in (writer, reader):
            thread.stop.set()
            thread.join(timeout=10)
    sqlite_backup.restore(backup, restored)

    moment = scalar(restored, "SELECT count(*) FROM segment WHERE no LIKE 'BK%'")
    # Many steps, the writer committing and the server answering all along; the copy is the
    # database as it was when the backup began, before those commits.
    assert len(steps) > 20
    assert steps[-1][0] > steps[0][0] + 5
    assert steps[-1][1] > steps[0][1]
    assert set(reader.statuses) == {200}
    assert before <= moment <= steps[0][0] + 1
    assert scalar(restored, "PRAGMA integrity_check") == "ok"
    assert scalar(restored, "SELECT count(*) FROM pragma_foreign_key_check") == 0
    assert (
        scalar(
            restored,
            "SELECT count(*) FROM segment s WHERE no LIKE 'BK%' AND "
            "(SELECT count(*) FROM segment_line l WHERE l.segment_id = s.id) <> ?",
            LINES,
        )
        == 0
    )
    later = set(
        _column(
            live,
            "SELECT id FROM segment WHERE no LIKE 'BK%' AND CAST(substr(no, 3) AS INTEGER) > ?",
            moment,
        )
    )
    assert len(later) == writer.commits - moment > 5

    def as_of_the_moment(table: str, row: tuple[object, ...]) -> bool:
        """The source's rows without those committed after the moment the copy shows."""
        if table == "segment":
            return row[0] not in later
        if table == "segment_line":
            return row[-1] not in later
        return not (table == "sqlite_sequence" and row[0] in ("segment", "segment_line"))

    assert digests(restored, as_of_the_moment) == digests(live, as_of_the_moment)
    for table in ("segment", "segment_line"):
        assert scalar(restored, "SELECT seq FROM sqlite_sequence WHERE name = ?", table) == (
            scalar(restored, f"SELECT max(id) FROM {table}")
        )


def _column(path: Path, query: str, *parameters: object) -> list[object]:
    with opened(path) as db:
        return [row[0] for row in db.execute(query, parameters)]
