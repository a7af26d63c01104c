"""A salesperson's day (docs/domain.md "Activities and tasks (K1-K5)": "my day"): recent
interactions and running campaigns."""

from __future__ import annotations

from tortoise.expressions import Case, Q, When

from server.models import Campaign, Interaction
from server.services.core.context import Permission, ServiceContext

#: The most records one of these lists returns.
LIST_LIMIT = 100


async def recent_interactions(ctx: ServiceContext, limit: int) -> list[Interaction]:
    """The acting salesperson's latest interactions that are not cancelled, newest first
    (empty for a user without a salesperson)."""
    ctx.require(Permission.READ)
    code = ctx.actor.salesperson_code
    if code is None:
        return []
    query = Interaction.filter(salesperson__code=code, canceled=False)
    return await query.order_by("-date", "-entry_no").limit(min(limit, LIST_LIMIT))


async def running_campaigns(ctx: ServiceContext, *, mine: bool) -> list[Campaign]:
    """Campaigns running today (started, and not ended), the soonest to end first, open-ended
    ones last. `mine`: only those of the acting salesperson (none without one)."""
    ctx.require(Permission.READ)
    today = ctx.clock.today()
    query = Campaign.filter(
        Q(starting_date__lte=today), Q(ending_date__isnull=True) | Q(ending_date__gte=today)
    )
    if mine:
        code = ctx.actor.salesperson_code
        if code is None:
            return []
        query = query.filter(salesperson__code=code)
    query = query.annotate(open_ended=Case(When(ending_date__isnull=True, then="1"), default="0"))
    return await query.order_by("open_ended", "ending_date", "no").limit(LIST_LIMIT)
