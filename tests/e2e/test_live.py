"""Real `campaign-graph serve` processes: an APQ round trip over HTTP, and a subscription over
a real websocket that hears what another request logs, also across two processes on
PostgreSQL (LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from websockets.asyncio.client import ClientConnection, connect

from tests.conftest import BACKEND, POSTGRES_URL

pytestmark = pytest.mark.e2e

CLI = [sys.executable, "-m", "server.cli"]

ACTIVITY = (
    "subscription ($no: String!) { campaignActivity(campaignNo: $no) "
    "{ kind interactionCount interactions { entryNo } campaign { no } "
    "statistics { targetContactsContacted } } }"
)
LOG = (
    "mutation ($i: InteractionLogInput!) { interactionLog(input: $i) "
    "{ interaction { entryNo } errors { code message } } }"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _environment(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "CAMPAIGN_GRAPH_DEMO": "1"}
    env.pop("CAMPAIGN_GRAPH_ENV", None)
    return env


def _cli(env: dict[str, str], *args: str) -> None:
    subprocess.run([*CLI, *args], env=env, check=True, capture_output=True, timeout=120)


def _serve(env: dict[str, str], log: Path) -> Iterator[str]:
    port = _free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[str]:
    if BACKEND != "sqlite":
        pytest.skip("the SQLite e2e run uses its own file")
    env = _environment(f"sqlite://{tmp_path / 'live.sqlite3'}")
    _cli(env, "migrate")
    _cli(env, "demo")
    yield from _serve(env, tmp_path / "server.log")


@pytest_asyncio.fixture
async def postgres_database() -> AsyncIterator[str]:
    if BACKEND != "postgres":
        pytest.skip("two processes sharing events need PostgreSQL")
    name = f"cg_live_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def _subscribe(base: str, campaign_no: str) -> ClientConnection:
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


async def _a_campaign_and_contact(base: str) -> tuple[str, str]:
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


async def _log(base: str, campaign_no: str, contact_no: str) -> int:
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


async def _event(ws: ClientConnection) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message["type"] == "next", message
    event: dict[str, Any] = message["payload"]["data"]["campaignActivity"]
    return event


async def test_apq_round_trip_on_a_real_server(sqlite_server: str):
    query = "{ campaigns(first: 3) { totalCount } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    params = {"extensions": json.dumps(extensions)}
    async with httpx.AsyncClient(base_url=sqlite_server) as client:
        miss = await client.get("/graphql", params=params)
        registered = await client.post("/graphql", json={"query": query, "extensions": extensions})
        hit = await client.get("/graphql", params=params)

    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert registered.json() == hit.json()
    assert hit.json()["data"]["campaigns"]["totalCount"] > 0


async def test_a_real_websocket_hears_what_another_request_logs(sqlite_server: str):
    campaign_no, contact_no = await _a_campaign_and_contact(sqlite_server)
    ws = await _subscribe(sqlite_server, campaign_no)
    try:
        entry_no = await _log(sqlite_server, campaign_no, contact_no)
        event = await _event(ws)
    finally:
        await ws.close()

    assert event["kind"] == "LOGGED"
    assert event["campaign"] == {"no": campaign_no}
    assert event["interactions"] == [{"entryNo": entry_no}]


async def test_events_cross_two_server_processes_on_postgresql(
    postgres_database: str, tmp_path: Path
):
    env = _environment(postgres_database)
    _cli(env, "migrate")
    _cli(env, "demo")
    first_servers = _serve(env, tmp_path / "first.log")
    second_servers = _serve(env, tmp_path / "second.log")
    first, second = next(first_servers), next(second_servers)
    try:
        campaign_no, contact_no = await _a_campaign_and_contact(first)
        ws = await _subscribe(first, campaign_no)
        try:
            entry_no = await _log(second, campaign_no, contact_no)  # the other process
            event = await _event(ws)
        finally:
            await ws.close()
    finally:
        first_servers.close()
        second_servers.close()

    assert event["kind"] == "LOGGED"
    assert event["interactions"] == [{"entryNo": entry_no}]
    assert event["statistics"]["targetContactsContacted"] >= 1
