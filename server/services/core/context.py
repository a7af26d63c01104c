"""Who is acting and what day it is: passed into every service call, never read from globals."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Protocol

from server.models.accounts import Role
from server.services.core.errors import PermissionDenied

__all__ = [
    "GRANTS",
    "Actor",
    "Clock",
    "FixedClock",
    "Permission",
    "Role",
    "Scope",
    "ServiceContext",
    "SystemClock",
]


class Permission(Enum):
    """Capabilities checked by services before they act (docs/domain.md "Who may do what")."""

    READ = "read business data"
    MANAGE_USERS = "manage users and API tokens"
    MANAGE_SETUP = "change setup (salespeople, teams, codes, templates, activities, items, groups)"
    MANAGE_CONTACTS = "create, change or delete contacts"
    MANAGE_CUSTOMERS = "create, change or delete customers"
    MANAGE_CAMPAIGNS = "create, change or delete campaigns"
    MANAGE_PRICING = "change campaign prices, discounts or their activation"
    MANAGE_SEGMENTS = "create or change this segment"
    LOG_INTERACTIONS = "log interactions for this salesperson"
    CANCEL_ENTRIES = "cancel, restore or delete logged entries"
    MANAGE_TASKS = "create or change this task"
    MANAGE_OPPORTUNITIES = "create or change this opportunity"
    MANAGE_SALES_DOCUMENTS = "create or change this sales document"


class Scope(Enum):
    """How far a granted permission reaches."""

    ALL = "any record"
    OWN = "records of the user's own salesperson or their teams"


_MANAGER: dict[Permission, Scope] = {
    permission: Scope.ALL for permission in Permission if permission is not Permission.MANAGE_USERS
}

#: The role matrix of docs/domain.md "Who may do what"; a permission missing for a role is refused.
GRANTS: dict[Role, dict[Permission, Scope]] = {
    Role.ADMIN: dict.fromkeys(Permission, Scope.ALL),
    Role.MANAGER: _MANAGER,
    Role.SALES: {
        Permission.READ: Scope.ALL,
        Permission.MANAGE_SEGMENTS: Scope.OWN,
        Permission.LOG_INTERACTIONS: Scope.OWN,
        Permission.MANAGE_TASKS: Scope.OWN,
        Permission.MANAGE_OPPORTUNITIES: Scope.OWN,
        Permission.MANAGE_SALES_DOCUMENTS: Scope.OWN,
    },
    Role.VIEWER: {Permission.READ: Scope.ALL},
}


class Clock(Protocol):
    """Source of "today" and "now"; tests pass a fixed one."""

    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock (UTC)."""

    def today(self) -> date:
        """Today's date in UTC."""
        return datetime.now(UTC).date()

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at one instant (tests, replays)."""

    instant: datetime

    def today(self) -> date:
        """The fixed date."""
        return self.instant.date()

    def now(self) -> datetime:
        """The fixed instant."""
        return self.instant


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a service acts."""

    user: str
    role: Role
    salesperson_code: str | None = None
    #: The stored user behind the actor (None for the demo actor and the command line).
    user_id: int | None = None
    #: Identifies the credential for per-caller limits ("token:12", "anonymous:127.0.0.1").
    principal: str = ""

    def can(self, permission: Permission, owners: Collection[str] | None = None) -> bool:
        """Whether this actor may use `permission`; `owners` are the salesperson codes
        responsible for the record (its salesperson and its team's members), when it has any."""
        scope = GRANTS[self.role].get(permission)
        if scope is Scope.ALL:
            return True
        return (
            scope is Scope.OWN
            and owners is not None
            and self.salesperson_code is not None
            and self.salesperson_code in owners
        )


@dataclass(frozen=True)
class ServiceContext:
    """The acting user and the clock, handed to every service function."""

    actor: Actor
    clock: Clock

    def require(self, permission: Permission, owners: Collection[str] | None = None) -> None:
        """Refuse the operation unless the actor holds `permission` (for these owners)."""
        if not self.actor.can(permission, owners):
            raise PermissionDenied(permission.value)
