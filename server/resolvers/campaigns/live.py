"""Subscription.campaignActivity: campaign events from the broker, reloaded for each client."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass

from graphql import GraphQLError

from server import metrics
from server.engine.reads import InfoLike
from server.models import Campaign, Interaction
from server.resolvers.ids import encode_id
from server.services.accounts import users
from server.services.campaigns import campaign as campaign_service
from server.services.core import events
from server.services.core.context import ServiceContext
from server.services.core.errors import NotFound
from server.services.interactions import statistics as stats


@dataclass(frozen=True)
class ActivityView:
    """One event as the schema shows it: ids from the event, the rest read fresh."""

    kind: events.ActivityKind
    campaign: Campaign
    interaction_ids: list[str]
    interaction_count: int
    interactions: list[Interaction]
    statistics: stats.CampaignStatistics


async def campaign_activity(info: InfoLike, campaign_no: str) -> AsyncIterator[ActivityView]:
    """Every committed change to the campaign's interactions, until the client stops, the
    campaign is deleted (the stream completes) or the caller's credentials stop holding (it
    ends with UNAUTHENTICATED before the next event)."""
    ctx: ServiceContext = info.context.service
    campaign = await campaign_service.campaign_by_no(ctx, campaign_no)
    if campaign is None:
        raise NotFound("Campaign", campaign_no, ("campaign_no",))
    async with events.broker().subscribe(campaign.id) as subscription:
        metrics.SUBSCRIPTIONS_ACTIVE.inc()
        try:
            async for event in subscription:
                if not await users.still_authenticated(ctx.actor, ctx.clock):
                    raise GraphQLError(
                        "The credentials this subscription was opened with no longer hold "
                        "(token revoked or expired, or user deactivated): it ends here.",
                        extensions={"code": "UNAUTHENTICATED"},
                    )
                view = await _shared_view(ctx, event)
                if view is None:
                    return  # the campaign is gone (deleted): the subscription completes
                # Each event is a fresh read: drop what earlier events cached (released, so
                # the earlier answers' rows go at once rather than at the next collection).
                info.context.loaders.release()
                metrics.SUBSCRIPTION_EVENTS.inc()
                yield view
        except events.SubscriberTooSlow:
            metrics.SUBSCRIPTIONS_DROPPED.inc()
            raise GraphQLError(
                "This subscription fell too far behind and was dropped: subscribe again and "
                "reload the campaign.",
                extensions={"code": "SUBSCRIBER_TOO_SLOW"},
            ) from None
        except events.BrokerClosed:
            return
        finally:
            metrics.SUBSCRIPTIONS_ACTIVE.dec()


#: Views of recent events, by the event's identity (the event is kept with its view, so the
#: identity stays its own). The broker hands every subscriber of a campaign in this process
#: the same event object: the first to need its view loads it, the others share the load, so
#: a campaign watched by fifty dashboards costs one reload per event, not fifty. A subscriber
#: so far behind that its event's view has gone loads its own.
_VIEWS: OrderedDict[int, tuple[events.ActivityEvent, asyncio.Future[ActivityView | None]]] = (
    OrderedDict()
)
_VIEWS_KEPT = 16


async def _shared_view(ctx: ServiceContext, event: events.ActivityEvent) -> ActivityView | None:
    kept = _VIEWS.get(id(event))
    if kept is None or kept[0] is not event:
        kept = (event, asyncio.ensure_future(_view(ctx, event)))
        _VIEWS[id(event)] = kept
        while len(_VIEWS) > _VIEWS_KEPT:
            _VIEWS.popitem(last=False)
    # Shielded: a subscriber that leaves while waiting does not stop the others' load.
    return await asyncio.shield(kept[1])


async def _view(ctx: ServiceContext, event: events.ActivityEvent) -> ActivityView | None:
    campaign = await Campaign.get_or_none(id=event.campaign_id)
    if campaign is None:
        return None
    present: list[Interaction] = []
    if event.kind is not events.ActivityKind.DELETED and event.entry_nos:
        present = list(await Interaction.filter(entry_no__in=list(event.entry_nos)))
    figures = await stats.campaign_statistics(ctx, [campaign.id])
    return ActivityView(
        kind=event.kind,
        campaign=campaign,
        interaction_ids=[encode_id("Interaction", no) for no in event.entry_nos],
        interaction_count=event.count,
        interactions=present,
        statistics=figures[campaign.id],
    )
