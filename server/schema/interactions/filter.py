"""How interaction lists are filtered and sorted (arguments of several connections).

A module of its own, free of the object types, so that Contact and Campaign import these
directly: argument types given lazily are resolved again at every call.
"""

from __future__ import annotations

from datetime import date

import strawberry

from server.resolvers.interactions import ledger
from server.schema.connection import order_input

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


InteractionOrder = order_input(
    "InteractionOrder",
    ledger.SORT,
    description="One sort key for interactions.",
    fields="What interactions can be sorted by.",
)
