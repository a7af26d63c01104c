"""Subscriptions do not outlive what they are about (issue 17, class 5): campaignActivity
completes when its campaign is deleted, as the schema says, and a subscription opened with a
token ends (UNAUTHENTICATED) instead of streaming once that token is revoked or expired or its
user deactivated, as HTTP refuses it at once."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from tortoise.context import TortoiseContext

from server.app import create_app
from server.models import ApiToken, Campaign, Role, User
from server.services.core import events
from server.settings import Settings
from tests.api.campaigns.subscription_helpers import ACTIVITY, _subscribed
from tests.api.conftest import bearer
from tests.api.websocket import WebSocketClient
from tests.builders import make_campaign, make_contact
from tests.conftest import TODAY

pytestmark = pytest.mark.usefixtures("broker")

LOG = """
mutation ($input: InteractionLogInput!) {
  interactionLog(input: $input) { interaction { entryNo } errors { code } }
}
"""
DELETE = "mutation($no: String!) { campaignDelete(input: {no: $no}) { errors { code } } }"


@contextlib.asynccontextmanager
async def _http(app: Starlette, headers: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://localhost", headers=headers
    ) as client:
        yield client


async def _log(client: httpx.AsyncClient) -> None:
    variables = {"input": {"contactNo": "C1", "description": "Call", "campaignNo": "CP1"}}
    response = await client.post("/graphql", json={"query": LOG, "variables": variables})
    assert response.json()["data"]["interactionLog"]["errors"] == []


async def test_deleting_the_campaign_completes_its_subscriptions(
    app: Starlette, broker: events.Broker
):
    campaign = await make_campaign(no="CP1")

    async with WebSocketClient(app) as ws, _http(app, {}) as http:
        await ws.init()
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, campaign.id)

        deleted = await http.post("/graphql", json={"query": DELETE, "variables": {"no": "CP1"}})
        message = await ws.receive()

    assert deleted.json()["data"]["campaignDelete"]["errors"] == []
    assert message == {"type": "complete", "id": "1"}
    assert await Campaign.all().count() == 0


async def _revoke(user: User) -> None:
    await ApiToken.filter(user=user).update(revoked_at=TODAY)


async def _expire(user: User) -> None:
    await ApiToken.filter(user=user).update(expires_at=TODAY - timedelta(days=1))


async def _deactivate(user: User) -> None:
    await User.filter(id=user.id).update(active=False)


@pytest.mark.parametrize(
    "end", [_revoke, _expire, _deactivate], ids=["revoked", "expired", "inactive"]
)
async def test_a_subscription_whose_credentials_stop_holding_ends_instead_of_streaming(
    db: TortoiseContext, broker: events.Broker, end: Any
):
    app = create_app(Settings(), manage_database=False)
    campaign = await make_campaign(no="CP1")
    await make_contact(no="C1")
    watcher = await bearer(Role.VIEWER, username="watcher")
    writer = await bearer(Role.MANAGER, username="writer")

    async with WebSocketClient(app) as ws, _http(app, writer) as http:
        await ws.init(watcher)
        await ws.subscribe("1", ACTIVITY, {"no": "CP1"})
        await _subscribed(broker, campaign.id)
        await _log(http)
        streamed = await ws.receive()

        await end(await User.get(username="watcher"))
        await _log(http)
        ended = await ws.receive()
        closing = await ws.receive()

    assert streamed["payload"]["data"]["campaignActivity"]["kind"] == "LOGGED"
    # graphql-transport-ws: the stream's error as its last result, then complete.
    assert ended["type"] == "next"
    assert ended["payload"]["data"] is None  # nothing of the second event was shown
    assert [e["extensions"]["code"] for e in ended["payload"]["errors"]] == ["UNAUTHENTICATED"]
    assert closing == {"type": "complete", "id": "1"}
