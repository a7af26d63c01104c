"""What the hostile request tests share: posting a query and reading the one error of a refused
request (checking its status and that no data came back)."""

from __future__ import annotations

from typing import Any

import httpx


def _error(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body.get("data") is None
    error: dict[str, Any] = body["errors"][0]
    return error


async def _post(client: httpx.AsyncClient, query: str, **extra: Any) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, **extra})
