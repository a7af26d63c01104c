"""The graphql-transport-ws socket, in-process: who may connect (credentials, tokens, demo
mode, origins), the protocol and its messages, the query limits, and the time limit, which
stops operations but not subscriptions."""

from __future__ import annotations

import asyncio

import pytest
from starlette.applications import Starlette
from tortoise.context import TortoiseContext

from server.app import create_app
from server.models import Role, Salesperson
from server.services.core import events
from server.settings import Settings
from tests.api.campaigns.subscription_helpers import ACTIVITY, _subscribed
from tests.api.conftest import bearer
from tests.api.websocket import Closed, WebSocketClient
from tests.builders import make_campaign

pytestmark = pytest.mark.usefixtures("broker")


async def test_without_credentials_outside_demo_mode_the_socket_is_closed_4403(
    db: TortoiseContext,
):
    app = create_app(Settings(), manage_database=False)

    async with WebSocketClient(app) as ws:
        with pytest.raises(Closed) as closed:
            await ws.init()

    assert closed.value.code == 4403


async def test_a_bad_token_is_refused_even_in_demo_mode(app: Starlette):
    async with WebSocketClient(app) as ws:
        with pytest.raises(Closed) as closed:
            await ws.init({"Authorization": "Bearer not-a-token"})

    assert closed.value.code == 4403


async def test_demo_mode_does_not_trust_remote_clients(app: Starlette):
    async with WebSocketClient(app, client=("203.0.113.5", 4000)) as ws:
        with pytest.raises(Closed) as closed:
            await ws.init()

    assert closed.value.code == 4403


async def test_a_token_in_the_payload_or_the_header_authenticates(db: TortoiseContext):
    app = create_app(Settings(), manage_database=False)
    await make_campaign(no="CP1")
    payload_headers = await bearer(Role.VIEWER)
    header_headers = await bearer(Role.SALES)

    async with WebSocketClient(app) as ws:
        ack_payload = await ws.init({"authorization": payload_headers["Authorization"]})
    async with WebSocketClient(app, headers=header_headers) as ws:
        ack_header = await ws.init()

    assert ack_payload["type"] == ack_header["type"] == "connection_ack"


async def test_subscribing_before_connection_init_is_closed_4401(app: Starlette):
    async with WebSocketClient(app) as ws:
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        with pytest.raises(Closed) as closed:
            await ws.receive()

    assert closed.value.code == 4401


async def test_a_revoked_token_cannot_open_more_subscriptions(db: TortoiseContext):
    from server.models import ApiToken

    app = create_app(Settings(), manage_database=False)
    await make_campaign(no="CP1")
    headers = await bearer(Role.VIEWER)
    async with WebSocketClient(app) as ws:
        await ws.init(headers)
        await ApiToken.all().delete()
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        with pytest.raises(Closed) as closed:
            await ws.receive()

    assert closed.value.code == 4403


async def test_the_legacy_graphql_ws_protocol_is_not_offered(app: Starlette):
    async with WebSocketClient(app, subprotocols=("graphql-ws",)) as ws:
        with pytest.raises(Closed) as closed:
            await ws.receive()

    assert closed.value.code == 4406


async def test_pages_on_foreign_origins_cannot_open_a_socket(app: Starlette):
    with pytest.raises(Closed):
        async with WebSocketClient(app, headers={"Origin": "https://evil.example"}):
            pass


async def test_subscription_documents_obey_the_same_limits(db: TortoiseContext):
    await make_campaign(no="CP1")
    deep = (
        'subscription { campaignActivity(campaignNo: "CP1") '
        "{ campaign { segments { nodes { campaign { no } } } } } }"
    )
    app = create_app(Settings(demo_mode=True, max_depth=3), manage_database=False)
    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.subscribe("1", deep)
        message = await ws.receive()

    assert message["type"] == "error"
    assert message["payload"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert events.broker().subscriber_count() == 0


async def test_a_mutation_over_the_socket_past_the_time_limit_is_stopped_and_rolled_back(
    db: TortoiseContext, hanging_create: str
):
    app = create_app(Settings(demo_mode=True, request_timeout=0.2), manage_database=False)
    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.subscribe("m", hanging_create)
        message = await ws.receive()
        # The socket stays usable: the next operation runs.
        await ws.subscribe("q", "{ salespeople { code } }")
        answer = await ws.receive()

    assert message["type"] == "error"
    assert message["id"] == "m"
    assert message["payload"][0]["extensions"] == {"code": "TIMEOUT"}
    assert await Salesperson.all().count() == 0
    assert answer == {"id": "q", "type": "next", "payload": {"data": {"salespeople": []}}}


async def test_subscriptions_outlive_the_time_limit(db: TortoiseContext, broker: events.Broker):
    spring = await make_campaign(no="CP1")
    app = create_app(Settings(demo_mode=True, request_timeout=0.2), manage_database=False)
    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, spring.id)
        await asyncio.sleep(0.4)
        await broker.publish([events.ActivityEvent(events.ActivityKind.LOGGED, spring.id, (), 0)])
        message = await ws.receive()

    assert message["type"] == "next"
    assert message["payload"]["data"]["campaignActivity"]["kind"] == "LOGGED"


@pytest.mark.parametrize("payload", [{"query": None}, {"query": 5}, {"variables": {}}, "query"])
async def test_a_subscribe_message_without_a_document_is_refused_not_crashed(
    app: Starlette, payload: object, caplog: pytest.LogCaptureFixture
):
    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.send({"id": "1", "type": "subscribe", "payload": payload})
        with pytest.raises(Closed) as closed:
            await ws.receive()

    assert closed.value.code == 4400
    assert "unexpected error" not in caplog.text
