"""Traces over graphql-transport-ws (server/http/traced.py): a span per operation, a child of
the upgrade request's `traceparent`; a subscription's ends once its stream has started."""

from __future__ import annotations

from tortoise.context import TortoiseContext

from server.services.core import events
from tests.api.campaigns.subscription_helpers import ACTIVITY, _subscribed
from tests.api.http.tracing_helpers import (
    CALLER_SPAN,
    DB_SYSTEM,
    TRACE_ID,
    TRACEPARENT,
    Traced,
    attributes,
    traced,
)
from tests.api.websocket import WebSocketClient
from tests.builders import make_campaign

__all__ = ["traced"]  # the fixture


async def test_each_operation_over_a_websocket_is_a_span_of_the_callers_trace(
    db: TortoiseContext, traced: Traced, broker: events.Broker
):
    campaign = await make_campaign(no="CP1")
    app = traced.app()
    async with WebSocketClient(app, headers={"traceparent": TRACEPARENT}) as ws:
        assert (await ws.init())["type"] == "connection_ack"
        await ws.subscribe("1", 'query Look { campaign(no: "CP1") { no } }')
        assert (await ws.receive())["type"] == "next"
        assert (await ws.receive())["type"] == "complete"
        await ws.subscribe("2", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, campaign.id)
        subscribed = [s for s in traced.spans if s.name == "subscription"]
        assert len(subscribed) == 1  # ended once the stream started, the socket still open

    query = next(s for s in traced.spans if s.name == "query Look")
    for span in (query, subscribed[0]):
        assert span.kind.name == "SERVER"
        assert span.context.trace_id == TRACE_ID
        assert span.parent is not None
        assert span.parent.span_id == CALLER_SPAN
        assert attributes(span)["network.protocol.name"] == "websocket"
    assert attributes(subscribed[0])["graphql.operation.type"] == "subscription"
    statements = traced.statements(query)
    assert statements
    assert {attributes(s)["db.system"] for s in statements} == {DB_SYSTEM}
    assert {s.parent.span_id for s in statements if s.parent} == {query.context.span_id}
