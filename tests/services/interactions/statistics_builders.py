"""Interactions as the campaign statistics tests need them: fresh contacts in bulk, an
interaction as logging would leave it, and logging many at once."""

from __future__ import annotations

from datetime import date
from typing import Any

from server.models import Campaign, Contact, ContactType, Interaction

DAY = date(2026, 3, 1)
_contact_batch = iter(range(1, 10**6))


async def _contacts(count: int) -> list[int]:
    """Ids of `count` new company contacts."""
    prefix = f"ST{next(_contact_batch)}-"
    await Contact.bulk_create(
        [
            Contact(no=f"{prefix}{i:03d}", type=ContactType.COMPANY, name=f"C{i}")
            for i in range(count)
        ]
    )
    ids = await Contact.filter(no__startswith=prefix).order_by("no").values_list("id", flat=True)
    return list(ids)


def _interaction(campaign: Campaign | None, contact_id: int, **values: Any) -> Interaction:
    """An interaction as logging would leave it, with the given values."""
    values.setdefault("date", DAY)
    return Interaction(
        contact_id=contact_id,
        campaign_id=campaign.id if campaign else None,
        description="Interaction",
        user="test",
        **values,
    )


async def _log(*interactions: Interaction) -> None:
    await Interaction.bulk_create(list(interactions))
