"""Real `campaign-graph serve` processes: a subscription over a real websocket that hears what
another request logs (across two processes: tests/e2e/test_shared_state.py, with these
helpers)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.conftest import BACKEND
from tests.e2e.servers import cli, environment, serve

pytestmark = pytest.mark.e2e

ACTIVITY = (
    "subscription ($no: String!) { campaignActivity(campaignNo: $no) "
    "{ kind interactionCount interactions { entryNo } campaign { no } "
    "statistics { targetContactsContacted } } }"
)
LOG = (
    "mutation ($i: InteractionLogInput!) { interactionLog(input: $i) "
    "{ interaction { entryNo } errors { code message } } }"
)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[str]:
    if BACKEND != "sqlite":
        pytest.skip("the SQLite e2e run uses its own file")
    env = environment(f"sqlite://{tmp_path / 'live.sqlite3'}")
    cli(env, "migrate")
    cli(env, "demo")
    yield from serve(env, tmp_path / "server.log")


async def subscribe_to(base: str, campaign_no: str) -> ClientConnection:
    ws = await connect(
        base.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"]
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": ACTIVITY, "variables": {"no": campaign_no}},
            }
        )
    )
    await asyncio.sleep(0.3)  # let the server register the subscription
    return ws


async def a_campaign_and_contact(base: str) -> tuple[str, str]:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{base}/graphql",
            json={
                "query": "{ campaigns(first: 1) { nodes { no } } contacts(first: 1) "
                "{ nodes { no } } }"
            },
        )
    data = response.json()["data"]
    return data["campaigns"]["nodes"][0]["no"], data["contacts"]["nodes"][0]["no"]


async def log_interaction(base: str, campaign_no: str, contact_no: str) -> int:
    variables = {
        "i": {
            "contactNo": contact_no,
            "description": "Live call",
            "campaignNo": campaign_no,
            "campaignTarget": True,
        }
    }
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{base}/graphql", json={"query": LOG, "variables": variables})
    payload: dict[str, Any] = response.json()["data"]["interactionLog"]
    assert payload["errors"] == [], payload
    entry_no: int = payload["interaction"]["entryNo"]
    return entry_no


async def next_event(ws: ClientConnection) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message["type"] == "next", message
    event: dict[str, Any] = message["payload"]["data"]["campaignActivity"]
    return event


async def test_a_real_websocket_hears_what_another_request_logs(sqlite_server: str):
    campaign_no, contact_no = await a_campaign_and_contact(sqlite_server)
    ws = await subscribe_to(sqlite_server, campaign_no)
    try:
        entry_no = await log_interaction(sqlite_server, campaign_no, contact_no)
        event = await next_event(ws)
    finally:
        await ws.close()

    assert event["kind"] == "LOGGED"
    assert event["campaign"] == {"no": campaign_no}
    assert event["interactions"] == [{"entryNo": entry_no}]
