"""`campaign-graph documents register|list|retire` in-process, against a migrated SQLite file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from server.cli import main
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the CLI runs on its own SQLite file")

ONE = 'query One { campaign(no: "CP1") { no } }'
TWO = "query Two { campaigns(first: 1) { totalCount } }"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _manifest(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


def test_a_release_manager_registers_lists_and_retires_app_versions(
    migrated_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    codegen = _manifest(tmp_path, "persisted-documents.json", {_sha(ONE): ONE})
    operations = [
        {"id": _sha(body), "name": name, "type": "query", "body": body}
        for name, body in (("One", ONE), ("Two", TWO))
    ]
    apollo = _manifest(
        tmp_path,
        "apollo.json",
        {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations},
    )
    capsys.readouterr()

    assert main(["documents", "register", "--client", "ios", "--version", "1.0", codegen]) == 0
    assert main(["documents", "register", "--client", "ios", "--version", "1.0", codegen]) == 0
    assert main(["documents", "register", "--client", "ios", "--version", "1.1", apollo]) == 0
    registered = capsys.readouterr().out.splitlines()
    assert main(["documents", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert main(["documents", "list", "--client", "ios", "--version", "1.1"]) == 0
    documents = capsys.readouterr().out.splitlines()
    assert main(["documents", "retire", "--client", "ios", "--version", "1.0"]) == 0
    assert main(["documents", "list", "--client", "ios"]) == 0
    after = capsys.readouterr().out.splitlines()

    assert registered == [
        "registered ios 1.0: 1 documents added, 0 already known",
        "registered ios 1.0: 0 documents added, 1 already known",
        "registered ios 1.1: 1 documents added, 1 already known",
    ]
    assert [line.split()[:3] for line in listed] == [["ios", "1.0", "1"], ["ios", "1.1", "2"]]
    assert all(line.endswith("active") for line in listed)
    assert documents == [
        f"sha256:{_sha(ONE)} query        One",
        f"sha256:{_sha(TWO)} query        Two",
    ]
    assert after[0].startswith("retired ios 1.0: 0 of its 1 documents are no longer accepted")
    assert "retired 20" in after[1]
    assert after[2].endswith("active")


def test_refusals_name_the_entry_and_fail(
    migrated_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    mismatch = _manifest(tmp_path, "a.json", {_sha(TWO): ONE})
    invalid = _manifest(tmp_path, "b.json", {_sha("{ nope }"): "{ nope }"})

    assert main(["documents", "register", "--client", "ios", "--version", "1", mismatch]) == 1
    assert main(["documents", "register", "--client", "ios", "--version", "1", invalid]) == 1
    assert main(["documents", "register", "--client", "ios", "--version", "1", "nowhere"]) == 1
    assert main(["documents", "retire", "--client", "ios", "--version", "1"]) == 1

    err = capsys.readouterr().err
    assert f"is not the SHA-256 of its document (which is {_sha(ONE)})" in err
    assert "Cannot query field 'nope' on type 'Query'" in err
    assert "error: cannot read nowhere" in err
    assert "error: App version 'ios 1' does not exist." in err
