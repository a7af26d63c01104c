"""Posting one operation with the batched engine on and then off (graphql-core alone), for the
differential tests: status and bytes of both answers."""

from __future__ import annotations

from typing import Any

import httpx

from server.engine import executor

Answer = tuple[int, bytes]


async def post(client: httpx.AsyncClient, document: str, variables: dict[str, Any]) -> Answer:
    """The status and bytes of one JSON POST of `document`."""
    body = {"query": document, "variables": variables}
    response = await client.post("/graphql", json=body)
    return response.status_code, response.content


async def both_ways(
    client: httpx.AsyncClient, document: str, variables: dict[str, Any]
) -> list[Answer]:
    """The answers with the batched engine (and the express lane) on, then off."""
    executor.ENABLED = True
    fast = await post(client, document, variables)
    executor.ENABLED = False
    try:
        slow = await post(client, document, variables)
    finally:
        executor.ENABLED = True
    return [fast, slow]
