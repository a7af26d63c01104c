"""Schema evolution (server/schema/evolution.py): a breaking change since the released schema
fails the check until CHANGELOG.md announces it; deprecations must name their removal date."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema

from server.cli import main
from server.engine.library import core_schema
from server.schema.evolution import compare, latest_release, undated_deprecations
from server.schema.schema import schema

ROOT = Path(__file__).resolve().parents[3]

RELEASED = """
type Query { campaign(no: String!): Campaign }
type Campaign { no: String! description: String! budget: Int targets: Int! }
enum Kind { A B }
"""

CHANGELOG = """# Changelog

## Unreleased

### Breaking

- {note}

## 0.1.0 - 2026-12-06

- Field Campaign.description was removed.
"""


def test_the_current_schema_keeps_the_last_release_or_announces_what_it_breaks():
    released = latest_release(ROOT / "releases")
    assert released is not None
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")

    report = compare(released.read_text(encoding="utf-8"), core_schema(schema), changelog, "x")

    assert report.ok, report


def test_a_removed_field_is_breaking_until_the_changelog_announces_it():
    current = build_schema(RELEASED.replace("budget: Int", ""))

    silent = compare(RELEASED, current, CHANGELOG.format(note="Nothing."), "0.1.0")
    announced = compare(
        RELEASED, current, CHANGELOG.format(note="Field Campaign.budget was removed."), "0.1.0"
    )

    assert silent.breaking == ["Field Campaign.budget was removed."]
    assert silent.unannounced == ["Field Campaign.budget was removed."]
    assert not silent.ok
    assert announced.unannounced == []
    assert announced.ok


def test_only_the_unreleased_section_announces():
    # The 0.1.0 section names a removal: a change the next release makes is not announced there.
    current = build_schema(RELEASED.replace("description: String!", ""))

    report = compare(RELEASED, current, CHANGELOG.format(note="Nothing."), "0.1.0")

    assert report.unannounced == ["Field Campaign.description was removed."]


def test_dangerous_changes_are_reported_and_allowed():
    current = build_schema(RELEASED.replace("enum Kind { A B }", "enum Kind { A B C }"))

    report = compare(RELEASED, current, "", "0.1.0")

    assert report.breaking == []
    assert report.dangerous == ["Enum value Kind.C was added."]
    assert report.ok


def test_a_deprecation_must_name_its_removal_date():
    dated = build_schema(
        'type Query { a: Int @deprecated(reason: "Use b. Removal after 2027-06-30.") b: Int }'
    )
    undated = build_schema(
        'type Query { a(x: Int @deprecated(reason: "Unused.")): Int @deprecated } '
        'enum E { ONE @deprecated(reason: "Soon.") TWO } '
        'input I { old: Int @deprecated(reason: "Later.") }'
    )

    assert undated_deprecations(dated) == []
    assert undated_deprecations(undated) == [
        "E.ONE",
        "I.old",
        "Query.a",
        "Query.a(x:)",
    ]
    assert undated_deprecations(core_schema(schema)) == []


def test_the_newest_release_is_chosen_by_version(tmp_path: Path):
    for name in ("0.9.0.graphql", "0.10.0.graphql", "1.0.0-rc.graphql", "notes.graphql"):
        (tmp_path / name).write_text("type Query { a: Int }")

    found = latest_release(tmp_path)

    assert found is not None
    assert found.name == "0.10.0.graphql"
    assert latest_release(tmp_path / "none") is None


def test_the_command_fails_on_an_unannounced_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    released = tmp_path / "0.1.0.graphql"
    released.write_text((ROOT / "schema.graphql").read_text() + "\ntype Gone { a: Int }\n")
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(CHANGELOG.format(note="Nothing."))

    code = main(["schema-changes", "--released", str(released), "--changelog", str(changelog)])

    assert code == 1
    assert "breaking (NOT ANNOUNCED): Gone was removed." in capsys.readouterr().err
    changelog.write_text(CHANGELOG.format(note="Gone was removed."))
    assert main(["schema-changes", "--released", str(released), "--changelog", str(changelog)]) == 0


def test_the_command_needs_a_released_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["schema-changes", "--released", str(tmp_path / "0.0.1.graphql")])

    assert code == 1
    assert "no released schema" in capsys.readouterr().err
