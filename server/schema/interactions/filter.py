"""How interaction lists are filtered and sorted (arguments of several connections).

A module of its own, free of the object types, so that Contact and Campaign import these
directly: argument types given lazily are resolved again at every call.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from server.schema.enums import OrderDirection

U = strawberry.UNSET


@strawberry.input(description="Which interactions to list; every given criterion must hold.")
class InteractionFilter:
    """Which interactions to list."""

    campaign_no: str | None = strawberry.field(default=U, description="Only this campaign's.")
    date_from: date | None = strawberry.field(default=U, description="From this day (inclusive).")
    date_to: date | None = strawberry.field(default=U, description="To this day (inclusive).")
    canceled: bool | None = strawberry.field(default=U, description="Cancelled or not.")
    postponed: bool | None = strawberry.field(default=U, description="Postponed or not.")
    contact_nos: list[str] | None = strawberry.field(default=U, description="Only these contacts.")
    template_codes: list[str] | None = strawberry.field(
        default=U, description="Only these interaction templates."
    )
    campaign_target: bool | None = strawberry.field(default=U, description="Campaign target.")
    campaign_response: bool | None = strawberry.field(default=U, description="Campaign response.")


@strawberry.enum(description="What interactions can be sorted by.")
class InteractionOrderField(Enum):
    """What interactions can be sorted by."""

    ENTRY_NO = strawberry.enum_value("ENTRY_NO", description="Entry number (logging order).")
    DATE = strawberry.enum_value("DATE", description="Interaction date.")


@strawberry.input(description="One sort key for interactions.")
class InteractionOrder:
    """One sort key for interactions."""

    field: InteractionOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )
