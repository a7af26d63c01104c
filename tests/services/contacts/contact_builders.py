"""Shorthands the contact service tests share: the two contact types, the sorted codes of a
refusal, and a snapshot of every contact to compare before and after."""

from __future__ import annotations

from server.models import Contact, ContactType
from server.services.core.errors import ErrorCode, ValidationFailed

COMPANY = ContactType.COMPANY
PERSON = ContactType.PERSON


def codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return sorted(((e.code, e.field) for e in exc.errors), key=str)


async def snapshot() -> list[tuple[object, ...]]:
    return list(
        await Contact.all()
        .order_by("no")
        .values_list("no", "type", "name", "company_id", "salesperson_id", "email")
    )
