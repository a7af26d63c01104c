"""Schema evolution (docs/api.md "Schema versions"): what changed since the last released schema,
and whether each breaking change is announced in CHANGELOG.md before it ships.

A released schema is kept as `releases/<version>.graphql`. graphql-core's change finders compare
it with the current schema: a breaking change (a field, type, argument or enum value removed, a
type changed, an argument made required, ...) must be listed, in the words the finder uses,
under `## Unreleased` in CHANGELOG.md; dangerous changes are reported but not refused. Every
deprecation must say when the element goes: its reason names a removal date (YYYY-MM-DD).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

#: A removal date in a deprecation reason.
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

#: The changelog section that announces what the next release changes.
_UNRELEASED = re.compile(r"^## Unreleased\s*$(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)

_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.graphql$")


@dataclass(frozen=True)
class Report:
    """What changed since a released schema, and what the policy refuses."""

    released: str
    breaking: list[str]
    dangerous: list[str]
    unannounced: list[str]
    undated_deprecations: list[str]

    @property
    def ok(self) -> bool:
        """Nothing refused: every breaking change announced, every deprecation dated."""
        return not self.unannounced and not self.undated_deprecations


def latest_release(folder: Path) -> Path | None:
    """The released schema with the highest version in `folder`, if any."""
    versions = []
    for path in folder.glob("*.graphql"):
        found = _VERSION.match(path.name)
        if found:
            versions.append((tuple(int(part) for part in found.groups()), path))
    return max(versions)[1] if versions else None


def unreleased_notes(changelog: str) -> str:
    """The text of the changelog's `## Unreleased` section ("" when it has none)."""
    found = _UNRELEASED.search(changelog)
    return found.group(1) if found else ""


def compare(released_sdl: str, current: GraphQLSchema, changelog: str, name: str) -> Report:
    """The changes from the released schema to the current one, against the changelog."""
    released = build_schema(released_sdl)
    breaking = [change.description for change in find_breaking_changes(released, current)]
    dangerous = [change.description for change in find_dangerous_changes(released, current)]
    notes = " ".join(unreleased_notes(changelog).split())
    unannounced = [change for change in breaking if change not in notes]
    return Report(name, breaking, dangerous, unannounced, undated_deprecations(current))


def undated_deprecations(schema: GraphQLSchema) -> list[str]:
    """Deprecated fields, arguments, input fields and enum values whose reason names no
    removal date."""
    found: list[str] = []

    def check(where: str, reason: str | None) -> None:
        if reason is not None and not _DATE.search(reason):
            found.append(where)

    for type_name, kind in sorted(schema.type_map.items()):
        if type_name.startswith("__"):
            continue
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                check(f"{type_name}.{field_name}", field.deprecation_reason)
                for arg_name, arg in field.args.items():
                    check(f"{type_name}.{field_name}({arg_name}:)", arg.deprecation_reason)
        elif isinstance(kind, GraphQLInputObjectType):
            for field_name, input_field in kind.fields.items():
                check(f"{type_name}.{field_name}", input_field.deprecation_reason)
        elif isinstance(kind, GraphQLEnumType):
            for value_name, value in kind.values.items():
                check(f"{type_name}.{value_name}", value.deprecation_reason)
    return found


def check(current: GraphQLSchema, released: str | None, changelog: Path) -> tuple[bool, str]:
    """The command line's check: whether the current schema may ship, and the report. The
    released schema is `released` or the newest in releases/ (relative to the working folder)."""
    path = Path(released) if released else latest_release(Path("releases"))
    if path is None or not path.exists():
        return False, "no released schema to compare with (releases/<version>.graphql)"
    notes = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    report = compare(path.read_text(encoding="utf-8"), current, notes, path.name)
    return report.ok, render(report)


def render(report: Report) -> str:
    """The report as the command line prints it."""
    lines = [f"compared with the released schema {report.released}:"]
    if not report.breaking and not report.dangerous:
        lines.append("  no breaking or dangerous change")
    for change in report.breaking:
        state = "NOT ANNOUNCED" if change in report.unannounced else "announced"
        lines.append(f"  breaking ({state}): {change}")
    lines.extend(f"  dangerous: {change}" for change in report.dangerous)
    if report.unannounced:
        lines.append(
            "Announce each breaking change under `## Unreleased` in CHANGELOG.md, in the words "
            "above, or undo it."
        )
    lines.extend(
        f"  deprecated without a removal date (YYYY-MM-DD in the reason): {where}"
        for where in report.undated_deprecations
    )
    return "\n".join(lines)
