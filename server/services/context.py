"""Who is acting and what day it is: passed into every service call, never read from globals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Protocol

from server.services.errors import PermissionDenied


class Role(Enum):
    """What a user may do (DOMAIN section 5)."""

    ADMIN = "ADMIN"
    MANAGER = "MANAGER"
    SALES = "SALES"
    VIEWER = "VIEWER"


class Permission(Enum):
    """Capabilities checked by services before they act."""

    READ = "read business data"
    MANAGE_SETUP = "change setup (salespeople, teams, status codes)"
    MANAGE_CAMPAIGNS = "create, change or delete campaigns"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset(Permission),
    Role.SALES: frozenset({Permission.READ}),
    Role.VIEWER: frozenset({Permission.READ}),
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

    def can(self, permission: Permission) -> bool:
        """Whether this actor's role grants the permission."""
        return permission in _GRANTS[self.role]


@dataclass(frozen=True)
class ServiceContext:
    """The acting user and the clock, handed to every service function."""

    actor: Actor
    clock: Clock

    def require(self, permission: Permission) -> None:
        """Refuse the operation unless the actor holds `permission`."""
        if not self.actor.can(permission):
            raise PermissionDenied(permission.value)
