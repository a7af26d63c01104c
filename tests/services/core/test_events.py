"""Campaign activity events: published after commit, never for rolled-back work."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from server.models import Evaluation, Interaction
from server.services.core import events as ev
from server.services.core.context import ServiceContext
from server.services.core.unit_of_work import transaction
from server.services.interactions import entries
from server.services.interactions import logging as log
from tests.builders import make_campaign, make_contact
from tests.services.interactions.test_logging import _ready_segment

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def broker() -> Iterator[ev.InProcessBroker]:
    fresh = ev.InProcessBroker(queue_size=10)
    previous = ev.install(fresh)
    try:
        yield fresh
    finally:
        ev.install(previous)


def _pending(subscription: ev.Subscription) -> list[ev.ActivityEvent]:
    found = []
    while not subscription._queue.empty():
        event = subscription._queue.get_nowait()
        assert event is not None
        found.append(event)
    return found


async def _log_one(manager: ServiceContext, campaign_no: str | None = "CP1") -> Interaction:
    return await log.interaction_log(
        manager,
        log.InteractionDraft(contact_no="C1", description="Call", campaign_no=campaign_no),
    )


async def test_logging_one_interaction_publishes_after_commit(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign(no="CP1")
    other = await make_campaign(no="CP2")
    await make_contact(no="C1")
    mine, theirs = broker.subscribe(campaign.id), broker.subscribe(other.id)

    interaction = await _log_one(manager)

    assert _pending(mine) == [
        ev.ActivityEvent(ev.ActivityKind.LOGGED, campaign.id, (interaction.entry_no,), 1)
    ]
    assert _pending(theirs) == []


async def test_an_interaction_without_campaign_publishes_nothing(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign(no="CP1")
    await make_contact(no="C1")
    subscription = broker.subscribe(campaign.id)

    await _log_one(manager, campaign_no=None)

    assert _pending(subscription) == []


async def test_rolled_back_logging_publishes_nothing(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign(no="CP1")
    await make_contact(no="C1")
    subscription = broker.subscribe(campaign.id)

    async def log_then_fail() -> None:
        async with transaction():
            await _log_one(manager)
            assert _pending(subscription) == []  # not before the outer commit either
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError):
        await log_then_fail()

    assert await Interaction.all().count() == 0
    assert _pending(subscription) == []


async def test_a_rolled_back_savepoint_publishes_nothing_but_the_rest_does(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign(no="CP1")
    await make_contact(no="C1")
    subscription = broker.subscribe(campaign.id)

    async def log_then_fail() -> None:
        async with transaction():
            await _log_one(manager)
            raise RuntimeError("abort the savepoint")

    async with transaction():
        kept = await _log_one(manager)
        with pytest.raises(RuntimeError):
            await log_then_fail()
        assert _pending(subscription) == []

    assert await Interaction.all().count() == 1
    assert _pending(subscription) == [
        ev.ActivityEvent(ev.ActivityKind.LOGGED, campaign.id, (kept.entry_no,), 1)
    ]


async def test_an_enclosing_transaction_publishes_when_it_commits(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign(no="CP1")
    await make_contact(no="C1")
    subscription = broker.subscribe(campaign.id)

    async with transaction():
        first = await _log_one(manager)
        second = await _log_one(manager)
        assert _pending(subscription) == []

    assert [e.entry_nos for e in _pending(subscription)] == [
        (first.entry_no,),
        (second.entry_no,),
    ]


async def test_segment_logging_publishes_one_event_per_campaign(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign()
    subscription = broker.subscribe(campaign.id)
    segment = await _ready_segment(3, campaign=campaign)

    await log.segment_log(manager, segment.no)

    nos = tuple(await Interaction.all().order_by("entry_no").values_list("entry_no", flat=True))
    assert _pending(subscription) == [ev.ActivityEvent(ev.ActivityKind.LOGGED, campaign.id, nos, 3)]


async def test_cancel_uncancel_and_delete_publish_their_kinds(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign()
    segment = await _ready_segment(2, campaign=campaign)
    result = await log.segment_log(manager, segment.no)
    nos = tuple(await Interaction.all().order_by("entry_no").values_list("entry_no", flat=True))
    subscription = broker.subscribe(campaign.id)
    entry_no = result.campaign_entries[0].entry_no

    await entries.campaign_entry_set_canceled(manager, entry_no, True)
    await entries.campaign_entry_set_canceled(manager, entry_no, False)
    await entries.interaction_set_canceled(manager, nos[0], True)
    await entries.interaction_delete(manager, nos[0])
    await entries.logged_segment_set_canceled(manager, result.logged_segment.entry_no, True)
    await entries.campaign_entries_delete(manager, [entry_no])

    kind = ev.ActivityKind
    assert [(e.kind, e.entry_nos) for e in _pending(subscription)] == [
        (kind.CANCELED, nos),
        (kind.UNCANCELED, nos),
        (kind.CANCELED, nos[:1]),
        (kind.DELETED, nos[:1]),
        (kind.CANCELED, nos[1:]),
        (kind.DELETED, nos[1:]),
    ]


async def test_a_correction_publishes_corrected_and_a_correction_to_the_same_values_nothing(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign(no="CP1")
    await make_contact(no="C1")
    interaction = await _log_one(manager)
    subscription = broker.subscribe(campaign.id)

    fix = entries.InteractionCorrection(description="Call back", evaluation=Evaluation.POSITIVE)
    await entries.interaction_correct(manager, interaction.entry_no, fix)
    await entries.interaction_correct(manager, interaction.entry_no, fix)

    assert _pending(subscription) == [
        ev.ActivityEvent(ev.ActivityKind.CORRECTED, campaign.id, (interaction.entry_no,), 1)
    ]
    stored = await Interaction.get(entry_no=interaction.entry_no)
    assert (stored.description, stored.evaluation) == ("Call back", Evaluation.POSITIVE)


async def test_a_refused_change_publishes_nothing(
    manager: ServiceContext, broker: ev.InProcessBroker
):
    campaign = await make_campaign()
    segment = await _ready_segment(1, campaign=campaign)
    await log.segment_log(manager, segment.no)
    no = await Interaction.all().first().values_list("entry_no", flat=True)
    subscription = broker.subscribe(campaign.id)

    with pytest.raises(Exception, match="not cancelled"):
        await entries.interaction_delete(manager, no)

    assert _pending(subscription) == []


def test_a_resync_reaches_every_subscribed_campaign_once(broker: ev.InProcessBroker):
    first, second, same = broker.subscribe(1), broker.subscribe(2), broker.subscribe(2)

    broker.resync()

    resync = ev.ActivityKind.RESYNC
    assert _pending(first) == [ev.ActivityEvent(resync, 1, (), 0)]
    assert _pending(second) == _pending(same) == [ev.ActivityEvent(resync, 2, (), 0)]


def test_events_carry_at_most_a_hundred_numbers_and_the_total():
    (event,) = ev.events_for(ev.ActivityKind.LOGGED, [(n, 7) for n in range(250)] + [(999, None)])

    assert event.count == 250
    assert event.entry_nos == tuple(range(ev.MAX_IDS_PER_EVENT))
    assert ev.ActivityEvent.from_json(event.to_json()) == event


async def test_a_slow_subscriber_is_dropped_instead_of_growing(broker: ev.InProcessBroker):
    subscription = broker.subscribe(1)
    event = ev.ActivityEvent(ev.ActivityKind.LOGGED, 1, (1,), 1)

    await broker.publish([event] * 11)  # one more than the queue holds

    assert subscription.overflowed
    assert broker.subscriber_count(1) == 0
    with pytest.raises(ev.SubscriberTooSlow):
        await anext(subscription)


async def test_stopping_the_broker_ends_subscriptions(broker: ev.InProcessBroker):
    subscription = broker.subscribe(1)
    waiting = asyncio.ensure_future(anext(subscription))
    await asyncio.sleep(0)

    await broker.stop()

    with pytest.raises(ev.BrokerClosed):
        await waiting
    assert broker.subscriber_count() == 0


async def test_leaving_a_subscription_unsubscribes(broker: ev.InProcessBroker):
    async with broker.subscribe(1) as subscription:
        await broker.publish([ev.ActivityEvent(ev.ActivityKind.LOGGED, 1, (5,), 1)])
        assert (await anext(subscription)).entry_nos == (5,)
        assert broker.subscriber_count(1) == 1

    assert broker.subscriber_count() == 0
