"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main


@pytest.fixture
def migrated_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated SQLite file that `DATABASE_URL` names, outside production."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{path}")
    monkeypatch.delenv("CAMPAIGN_GRAPH_ENV", raising=False)
    assert main(["migrate"]) == 0
    return path
