"""`campaign-graph user …` and `token …` in-process, against a migrated SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the CLI runs on its own SQLite file")


def test_an_operator_creates_a_user_issues_lists_and_revokes_a_token(
    migrated_file: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["user", "create", "--username", "Ops", "--role", "admin"]) == 0
    assert main(["user", "list"]) == 0
    assert (
        main(["token", "create", "--user", "ops", "--name", "ci", "--expires-in-days", "30"]) == 0
    )
    created = capsys.readouterr()
    secret = created.out.strip().splitlines()[-1]

    assert main(["token", "list", "--user", "ops"]) == 0
    listed = capsys.readouterr().out
    assert main(["token", "revoke", "1"]) == 0
    assert main(["token", "list"]) == 0
    after = capsys.readouterr().out

    assert "created user ops (ADMIN)" in created.out
    assert "ops                            ADMIN    active" in created.out
    assert secret.startswith("cg_")
    assert "Copy the secret now" in created.err
    assert secret[:9] in listed
    assert secret not in listed
    assert "never used" in listed
    assert "token 1 revoked" in after
    assert "revoked" in after.splitlines()[-1]


def test_refusals_name_the_problem_and_fail(
    migrated_file: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["user", "create", "--username", "bad name", "--role", "viewer"]) == 1
    assert main(["token", "create", "--user", "nobody", "--name", "x"]) == 1
    assert main(["token", "revoke", "7"]) == 1

    err = capsys.readouterr().err
    assert "error: Username may hold only letters" in err
    assert "error: User 'nobody' does not exist." in err
    assert "error: API token '7' does not exist." in err


def test_demo_mode_will_not_serve_a_public_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("CAMPAIGN_GRAPH_DEMO", "1")
    monkeypatch.delenv("CAMPAIGN_GRAPH_ENV", raising=False)

    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "loopback" in capsys.readouterr().err
