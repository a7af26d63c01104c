"""Issue 7's end-to-end journey with a real GraphQL client library (gql, over HTTP and
websockets) against real `campaign-graph serve` processes on the demo company: the dashboard,
an APQ round trip, an idempotent retry that applies once, and a subscription that hears an
interaction logged by another request -- through a second server process on PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from gql import Client, GraphQLRequest
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from tests.api.engine.test_dashboard import CONTRACT
from tests.conftest import BACKEND
from tests.e2e.servers import cli, environment, postgres_database, serve

pytestmark = pytest.mark.e2e

ACTIVITY = (
    "subscription ($no: String!) { campaignActivity(campaignNo: $no) "
    "{ kind interactions { entryNo } statistics { targetContactsContacted } } }"
)
LOG = (
    "mutation ($input: InteractionLogInput!) { interactionLog(input: $input) "
    "{ interaction { entryNo contact { no } } errors { code message } } }"
)
COUNT = "query ($no: String!) { contact(no: $no) { interactions { totalCount } } }"
SMALL = "{ campaigns(first: 3) { totalCount nodes { no } } }"


@pytest_asyncio.fixture
async def servers(tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    """(the server clients subscribe on, the server other requests go to): one SQLite server
    for both, or two processes sharing one PostgreSQL database."""
    if BACKEND == "sqlite":
        env = environment(f"sqlite://{tmp_path / 'journey.sqlite3'}")
        cli(env, "migrate")
        cli(env, "demo")
        running = serve(env, tmp_path / "server.log")
        base = next(running)
        try:
            yield base, base
        finally:
            running.close()
        return
    async with postgres_database("cg_journey") as url:
        env = environment(url)
        cli(env, "migrate")
        cli(env, "demo")
        first, second = serve(env, tmp_path / "first.log"), serve(env, tmp_path / "second.log")
        try:
            yield next(first), next(second)
        finally:
            first.close()
            second.close()


async def _apq_round_trip(base: str) -> dict[str, Any]:
    digest = hashlib.sha256(SMALL.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    params = {"extensions": json.dumps(extensions)}
    async with httpx.AsyncClient(base_url=base) as client:
        miss = await client.get("/graphql", params=params)
        registered = await client.post("/graphql", json={"query": SMALL, "extensions": extensions})
        hit = await client.get("/graphql", params=params)
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert hit.status_code == 200
    assert hit.json() == registered.json()
    answer: dict[str, Any] = hit.json()["data"]
    return answer


async def test_a_client_library_walks_the_main_journeys(servers: tuple[str, str]):
    listening, writing = servers
    http = HTTPXAsyncTransport(url=f"{writing}/graphql", timeout=30)
    live = WebsocketsTransport(
        url=listening.replace("http://", "ws://") + "/graphql",
        subprotocols=["graphql-transport-ws"],
        init_payload={},
    )
    async with Client(transport=http) as session, Client(transport=live) as socket:
        dashboard = await session.execute(
            GraphQLRequest(CONTRACT, variable_values={"no": "CP00004"})
        )
        campaigns = await _apq_round_trip(writing)

        events = socket.subscribe(GraphQLRequest(ACTIVITY, variable_values={"no": "CP00004"}))
        first_event = asyncio.ensure_future(anext(events))
        await asyncio.sleep(0.5)  # the server registers the subscription
        contact_no = dashboard["campaign"]["segments"]["nodes"][0]["lines"]["nodes"][0]["contact"][
            "no"
        ]
        before = await session.execute(GraphQLRequest(COUNT, variable_values={"no": contact_no}))
        retry = {
            "input": {
                "contactNo": contact_no,
                "description": "Called back about the winter offer",
                "campaignNo": "CP00004",
                "campaignTarget": True,
                "idempotencyKey": "journey-call-1",
            }
        }
        logged = await session.execute(GraphQLRequest(LOG, variable_values=retry))
        again = await session.execute(GraphQLRequest(LOG, variable_values=retry))
        after = await session.execute(GraphQLRequest(COUNT, variable_values={"no": contact_no}))
        event = await asyncio.wait_for(first_event, 15)
        await events.aclose()

    assert dashboard["campaign"]["activated"] is True
    assert dashboard["campaign"]["priceLines"]["totalCount"] > 0
    assert campaigns["campaigns"]["totalCount"] == 8
    assert logged["interactionLog"]["errors"] == []
    assert again == logged  # the retry returned the first result ...
    counted = [c["contact"]["interactions"]["totalCount"] for c in (before, after)]
    assert counted[1] == counted[0] + 1  # ... and applied once
    entry_no = logged["interactionLog"]["interaction"]["entryNo"]
    assert event["campaignActivity"]["kind"] == "LOGGED"
    assert event["campaignActivity"]["interactions"] == [{"entryNo": entry_no}]
    assert event["campaignActivity"]["statistics"]["targetContactsContacted"] > 0
