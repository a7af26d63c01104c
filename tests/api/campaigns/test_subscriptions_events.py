"""Subscription.campaignActivity over graphql-transport-ws, in-process: what a subscriber
receives (logged, cancelled, deleted, nothing rolled back), an unknown or vanished campaign,
a subscriber that falls behind, the metrics, and one reload shared by many subscribers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY
from starlette.applications import Starlette

from server.models import Interaction
from server.services.core import events
from tests.api.campaigns.subscription_helpers import ACTIVITY, _subscribed
from tests.api.websocket import WebSocketClient
from tests.builders import make_campaign, make_contact
from tests.conftest import StatementCounter

pytestmark = pytest.mark.usefixtures("broker")


LOG = """
mutation ($input: InteractionLogInput!) {
  interactionLog(input: $input) { interaction { entryNo } errors { code } }
}
"""


@contextlib.asynccontextmanager
async def http_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        yield client


async def _log(client: httpx.AsyncClient, campaign_no: str, **extra: Any) -> dict[str, Any]:
    variables = {
        "input": {"contactNo": "C1", "description": "Call", "campaignNo": campaign_no, **extra}
    }
    response = await client.post("/graphql", json={"query": LOG, "variables": variables})
    payload: dict[str, Any] = response.json()["data"]["interactionLog"]
    return payload


async def test_a_subscriber_receives_what_another_request_logs_for_its_campaign_only(
    app: Starlette, broker: events.Broker
):
    spring = await make_campaign(no="CP1")
    await make_campaign(no="CP2")
    await make_contact(no="C1")

    async with WebSocketClient(app) as ws, http_client(app) as http:
        assert ws.subprotocol == "graphql-transport-ws"
        assert (await ws.init())["type"] == "connection_ack"
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)

        await _log(http, "CP2", campaignTarget=True)  # another campaign: nothing arrives
        logged = await _log(http, "CP1", campaignTarget=True, cost="12.50")
        message = await ws.receive()

        with pytest.raises(TimeoutError):
            await ws.receive(wait=0.2)

    entry_no = logged["interaction"]["entryNo"]
    assert message["type"] == "next"
    assert message["id"] == "1"
    event = message["payload"]["data"]["campaignActivity"]
    assert event["kind"] == "LOGGED"
    assert event["interactionCount"] == 1
    assert len(event["interactionIds"]) == 1
    assert event["interactions"] == [
        {"entryNo": entry_no, "description": "Call", "canceled": False}
    ]
    assert event["campaign"] == {"no": "CP1"}
    assert event["statistics"] == {"targetContactsContacted": 1, "cost": "12.50"}


async def test_cancel_and_delete_arrive_with_fresh_statistics(
    app: Starlette, broker: events.Broker
):
    spring = await make_campaign(no="CP1")
    await make_contact(no="C1")
    async with WebSocketClient(app) as ws, http_client(app) as http:
        await ws.init()
        await ws.subscribe("s", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)
        entry_no = (await _log(http, "CP1", campaignTarget=True))["interaction"]["entryNo"]
        received = [await ws.receive()]
        for mutation in ("interactionCancel", "interactionDelete"):
            await http.post(
                "/graphql",
                json={
                    "query": f"mutation {{ {mutation}(input: {{entryNo: {entry_no}}}) "
                    "{ errors { code } } }"
                },
            )
            received.append(await ws.receive())

    kinds = [m["payload"]["data"]["campaignActivity"] for m in received]
    assert [(e["kind"], e["statistics"]["targetContactsContacted"]) for e in kinds] == [
        ("LOGGED", 1),
        ("CANCELED", 0),
        ("DELETED", 0),
    ]
    assert kinds[1]["interactions"][0]["canceled"] is True
    assert kinds[2]["interactions"] == []
    assert kinds[2]["interactionIds"] == kinds[0]["interactionIds"]


async def test_rolled_back_logging_publishes_nothing(app: Starlette, broker: events.Broker):
    spring = await make_campaign(no="CP1")
    await make_contact(no="C1")
    async with WebSocketClient(app) as ws, http_client(app) as http:
        await ws.init()
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)

        failed = await _log(http, "CP1", interactionTemplateCode="NO-SUCH-TEMPLATE")

        with pytest.raises(TimeoutError):
            await ws.receive(wait=0.3)

    assert failed["errors"][0]["code"] == "NOT_FOUND"
    assert await Interaction.all().count() == 0


async def test_an_unknown_campaign_is_an_error_not_a_silent_stream(app: Starlette):
    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.subscribe("1", ACTIVITY, {"no": "NOPE"})
        message = await ws.receive()

    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_subscriber_that_falls_behind_is_dropped_with_an_error(
    app: Starlette, broker: events.Broker
):
    spring = await make_campaign(no="CP1")
    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)

        # Eleven events in one go: more than the queue of ten holds, before any is read.
        await broker.publish(
            [events.ActivityEvent(events.ActivityKind.LOGGED, spring.id, (), 0)] * 11
        )
        message = await ws.receive()
        complete = await ws.receive()

    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "SUBSCRIBER_TOO_SLOW"
    assert complete["type"] in {"complete", "error"}
    assert broker.subscriber_count() == 0


async def test_the_subscription_completes_when_the_campaign_is_gone(
    app: Starlette, broker: events.Broker
):
    spring = await make_campaign(no="CP1")
    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)

        await spring.delete()
        await broker.publish([events.ActivityEvent(events.ActivityKind.LOGGED, spring.id, (1,), 1)])
        message = await ws.receive()

    assert message == {"id": "1", "type": "complete"}
    assert broker.subscriber_count() == 0


def _sample(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


async def test_open_subscriptions_and_their_events_are_in_the_metrics(
    app: Starlette, broker: events.Broker
):
    spring = await make_campaign(no="CP1")
    await make_contact(no="C1")
    open_before = _sample("campaign_graph_subscriptions_active")
    sockets_before = _sample("campaign_graph_websocket_connections")
    events_before = _sample("campaign_graph_subscription_events_total")

    async with WebSocketClient(app) as ws, http_client(app) as http:
        await ws.init()
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)
        open_during = _sample("campaign_graph_subscriptions_active")
        sockets_during = _sample("campaign_graph_websocket_connections")
        await _log(http, "CP1", campaignTarget=True)
        await ws.receive()
        await ws.send({"id": "1", "type": "complete"})
        for _ in range(200):
            if broker.subscriber_count() == 0:
                break
            await asyncio.sleep(0.01)

    assert open_during == open_before + 1
    assert sockets_during == sockets_before + 1
    assert _sample("campaign_graph_subscription_events_total") == events_before + 1
    assert _sample("campaign_graph_subscriptions_active") == open_before
    assert _sample("campaign_graph_websocket_connections") == sockets_before


async def test_a_dropped_subscriber_is_counted(app: Starlette, broker: events.Broker):
    spring = await make_campaign(no="CP1")
    dropped_before = _sample("campaign_graph_subscriptions_dropped_total")
    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)
        await broker.publish(
            [events.ActivityEvent(events.ActivityKind.LOGGED, spring.id, (), 0)] * 11
        )
        await ws.receive()

    assert _sample("campaign_graph_subscriptions_dropped_total") == dropped_before + 1


async def test_many_subscribers_of_a_campaign_share_one_reload_per_event(
    app: Starlette, broker: events.Broker, sql: StatementCounter
):
    spring = await make_campaign(no="CP1")
    await make_contact(no="C1")
    async with contextlib.AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(WebSocketClient(app)) for _ in range(4)]
        await sockets[0].init()
        await sockets[0].subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)

        sql.statements.clear()
        await broker.publish([events.ActivityEvent(events.ActivityKind.LOGGED, spring.id, (), 0)])
        alone = (await sockets[0].receive())["payload"]
        one_watcher = sql.count

        for ws in sockets[1:]:
            await ws.init()
            await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id, count=4)
        sql.statements.clear()
        await broker.publish([events.ActivityEvent(events.ActivityKind.LOGGED, spring.id, (), 0)])
        shared = [(await ws.receive())["payload"] for ws in sockets]
        four_watchers = sql.count

    assert shared == [alone] * 4
    assert one_watcher > 0
    assert four_watchers == one_watcher
