"""Enums shared across the schema."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from server.models.auth import Role as DomainRole
from server.services.errors import ERROR_CODE_DESCRIPTIONS
from server.services.errors import ErrorCode as DomainErrorCode

E = TypeVar("E", bound=type[Enum])


def described_enum(cls: E, *, name: str, description: str, values: dict[str, str]) -> E:
    """Expose a Python enum defined in a lower layer, with a description for every value."""
    exposed = strawberry.enum(cls, name=name, description=description)
    for value in exposed.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[value.name]
    return exposed


described_enum(
    DomainErrorCode,
    name="ErrorCode",
    description="Stable code of an expected failure; clients switch on it.",
    values={code.name: text for code, text in ERROR_CODE_DESCRIPTIONS.items()},
)
ErrorCode = DomainErrorCode


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    """Sort direction."""

    ASC = strawberry.enum_value("ASC", description="Ascending (A-Z, oldest first, blanks first).")
    DESC = strawberry.enum_value("DESC", description="Descending (Z-A, newest first, blanks last).")


described_enum(
    DomainRole,
    name="Role",
    description="What a user may do (see the README's role table).",
    values={
        "ADMIN": "Everything, plus users and API tokens.",
        "MANAGER": "All business reads and writes: campaigns, pricing, segments, setup, logging.",
        "SALES": "Reads everything; logs as themselves; works on their own or their teams' "
        "segments, tasks, quotes and opportunities.",
        "VIEWER": "Reads only.",
    },
)
Role = DomainRole
