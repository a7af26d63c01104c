"""What the campaign activity subscription tests share: the subscription document and waiting
until a subscription has reached the broker."""

from __future__ import annotations

import asyncio

from server.services.core import events

ACTIVITY = """
subscription ($no: String!) {
  campaignActivity(campaignNo: $no) {
    kind interactionIds interactionCount
    interactions { entryNo description canceled }
    campaign { no }
    statistics { targetContactsContacted cost }
  }
}
"""


async def _subscribed(broker: events.Broker, campaign_id: int, count: int = 1) -> None:
    for _ in range(200):
        if broker.subscriber_count(campaign_id) == count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the subscription never reached the broker")
