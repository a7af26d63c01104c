"""What a mutation family of the role matrix is (the mutation, its document, what it writes
and who may use it), and the two sets of roles families allow."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.models import Model

from server.models import Role


@dataclass(frozen=True)
class Family:
    """One mutation, how to set it up, and what it writes."""

    name: str
    document: str
    model: type[Model]
    allowed: frozenset[Role]


BUSINESS_WRITERS = frozenset({Role.ADMIN, Role.MANAGER})
ADMINS = frozenset({Role.ADMIN})
