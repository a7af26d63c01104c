"""Campaign activity events for live dashboards (docs/api.md "Subscriptions").

Services announce what they changed with `emit(...)` inside their transaction; the events reach
the broker only AFTER the outermost transaction commits, and never when it (or the
`unit_of_work.transaction()` savepoint they were emitted in) rolls back. Events carry ids only:
subscribers reload what they show.

A Broker fans events out to subscribers of one campaign. `InProcessBroker` serves one process;
the SQLite and PostgreSQL brokers (server/http/) carry the same events between the server
processes of one database, through a table or with LISTEN/NOTIFY. Each subscriber has a bounded
queue: one that does not keep up is dropped (it sees `SubscriberTooSlow`) instead of letting
memory grow.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from server.models import Interaction
from server.services.core.unit_of_work import on_commit

log = logging.getLogger("campaign_graph.events")

#: At most this many interaction numbers travel with one event; `count` tells the total.
MAX_IDS_PER_EVENT = 100

#: Default number of events one subscriber may have waiting.
DEFAULT_QUEUE_SIZE = 100


class ActivityKind(Enum):
    """What happened to a campaign's interactions."""

    LOGGED = "LOGGED"
    CANCELED = "CANCELED"
    UNCANCELED = "UNCANCELED"
    DELETED = "DELETED"
    CORRECTED = "CORRECTED"
    #: Not a change: events may have been missed (the process's event connection was lost
    #: and is back), so subscribers reload what they show.
    RESYNC = "RESYNC"


@dataclass(frozen=True)
class ActivityEvent:
    """Interactions of one campaign that one committed operation logged, cancelled, restored,
    deleted or corrected. `entry_nos` holds at most MAX_IDS_PER_EVENT of them; `count` is the
    total."""

    kind: ActivityKind
    campaign_id: int
    entry_nos: tuple[int, ...]
    count: int

    def to_json(self) -> dict[str, Any]:
        """A small JSON-able form (PostgreSQL NOTIFY payloads are limited to 8000 bytes)."""
        return {
            "k": self.kind.value,
            "c": self.campaign_id,
            "i": list(self.entry_nos),
            "n": self.count,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ActivityEvent:
        """The inverse of to_json (raises KeyError/ValueError/TypeError on foreign payloads)."""
        entry_nos = tuple(int(i) for i in data["i"])
        return cls(ActivityKind(data["k"]), int(data["c"]), entry_nos, int(data["n"]))


def events_for(kind: ActivityKind, rows: Iterable[tuple[int, int | None]]) -> list[ActivityEvent]:
    """One event per campaign from (entry_no, campaign_id) rows; rows without a campaign are
    nobody's campaign activity."""
    by_campaign: dict[int, list[int]] = defaultdict(list)
    for entry_no, campaign_id in rows:
        if campaign_id is not None:
            by_campaign[campaign_id].append(entry_no)
    return [
        ActivityEvent(kind, campaign_id, tuple(sorted(nos)[:MAX_IDS_PER_EVENT]), len(nos))
        for campaign_id, nos in sorted(by_campaign.items())
    ]


async def affected(kind: ActivityKind, **criteria: Any) -> list[ActivityEvent]:
    """The events for the interactions matching `criteria`, read now (inside the transaction,
    before a delete) in one statement."""
    rows = await Interaction.filter(campaign_id__not_isnull=True, **criteria).values_list(
        "entry_no", "campaign_id"
    )
    return events_for(kind, rows)


class SubscriberTooSlow(Exception):
    """The subscriber's queue overflowed: it was dropped and should resubscribe and reload."""


class BrokerClosed(Exception):
    """The broker stopped (the server is shutting down)."""


class Subscription:
    """One subscriber's bounded queue of events for one campaign."""

    def __init__(self, broker: Broker, campaign_id: int, size: int) -> None:
        self.broker = broker
        self.campaign_id = campaign_id
        self._queue: asyncio.Queue[ActivityEvent | None] = asyncio.Queue(size)
        self.overflowed = False
        self.closed = False

    def offer(self, event: ActivityEvent) -> None:
        """Queue an event without waiting; a full queue drops the subscriber."""
        if self.overflowed or self.closed:
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            log.warning("subscriber of campaign %s too slow: dropped", self.campaign_id)
            self.overflowed = True
            self._drain()
            self._queue.put_nowait(None)  # wakes the consumer, who then sees `overflowed`
            self.broker.unsubscribe(self)

    def close(self) -> None:
        """End the subscription (the consumer sees BrokerClosed)."""
        if not self.closed:
            self.closed = True
            self._drain()
            self._queue.put_nowait(None)

    def _drain(self) -> None:
        while not self._queue.empty():
            self._queue.get_nowait()

    def __aiter__(self) -> AsyncIterator[ActivityEvent]:
        return self

    async def __anext__(self) -> ActivityEvent:
        event = None if self.overflowed or self.closed else await self._queue.get()
        if event is None:
            if self.overflowed:
                raise SubscriberTooSlow
            raise BrokerClosed
        return event

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.broker.unsubscribe(self)


class Broker(ABC):
    """Fans events out to the subscribers of their campaign. Subclasses decide how events
    travel from `publish` to `deliver` (directly, or through the database)."""

    def __init__(self, queue_size: int = DEFAULT_QUEUE_SIZE) -> None:
        self.queue_size = queue_size
        self._subscribers: dict[int, set[Subscription]] = defaultdict(set)

    async def start(self) -> None:  # noqa: B027 - optional: most brokers need nothing
        """Open whatever the broker needs (called from the application's lifespan)."""

    async def stop(self) -> None:
        """Close every subscription and release resources."""
        for subscribers in list(self._subscribers.values()):
            for subscription in list(subscribers):
                subscription.close()
        self._subscribers.clear()

    @abstractmethod
    async def publish(self, events: Sequence[ActivityEvent]) -> None:
        """Send committed events on their way to every subscriber (of every process)."""

    def subscribe(self, campaign_id: int) -> Subscription:
        """A new subscription to one campaign's events (use it with `async with`)."""
        subscription = Subscription(self, campaign_id, self.queue_size)
        self._subscribers[campaign_id].add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        """Forget a subscription (idempotent)."""
        subscribers = self._subscribers.get(subscription.campaign_id)
        if subscribers is not None:
            subscribers.discard(subscription)
            if not subscribers:
                del self._subscribers[subscription.campaign_id]

    def subscriber_count(self, campaign_id: int | None = None) -> int:
        """How many subscriptions are open (for one campaign, or all)."""
        if campaign_id is not None:
            return len(self._subscribers.get(campaign_id, ()))
        return sum(len(s) for s in self._subscribers.values())

    def deliver(self, event: ActivityEvent) -> None:
        """Hand an event to this process's subscribers of its campaign (never blocks)."""
        for subscription in list(self._subscribers.get(event.campaign_id, ())):
            subscription.offer(event)

    def resync(self) -> None:
        """Tell every subscriber of this process that events may have been missed."""
        for campaign_id in list(self._subscribers):
            self.deliver(ActivityEvent(ActivityKind.RESYNC, campaign_id, (), 0))


class InProcessBroker(Broker):
    """Events stay in this process: right where no other process shares the database (an
    in-memory one, tests) or where `CAMPAIGN_GRAPH_EVENT_BROKER=memory` asks for it."""

    async def publish(self, events: Sequence[ActivityEvent]) -> None:
        for event in events:
            self.deliver(event)


_broker: Broker = InProcessBroker()


def broker() -> Broker:
    """The process's broker (in-process until the application installs another)."""
    return _broker


def install(new: Broker) -> Broker:
    """Make `new` the process's broker; returns the previous one."""
    global _broker
    previous, _broker = _broker, new
    return previous


# --- after commit ---------------------------------------------------------------------------


async def emit(events: Sequence[ActivityEvent]) -> None:
    """Publish `events` once the enclosing transaction commits (at once outside any); never
    for work that rolls back (see unit_of_work.on_commit)."""
    if not events:
        return
    batch = list(events)
    await on_commit(lambda: _publish(batch))


async def _publish(events: Sequence[ActivityEvent]) -> None:
    try:
        await _broker.publish(events)
    except Exception:
        # The change is committed; a lost notification must not turn it into an error.
        log.exception("could not publish %d campaign activity event(s)", len(events))
