"""API fixtures: the ASGI app over httpx, sharing the test database."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any, Protocol

import httpx
import pytest_asyncio
from tortoise.context import TortoiseContext

from server.app import create_app
from server.settings import Settings


class GraphQLClient(Protocol):
    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]: ...


@contextlib.asynccontextmanager
async def asgi_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process (no lifespan: the test owns the database)."""
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest_asyncio.fixture
async def http(db: TortoiseContext) -> AsyncIterator[httpx.AsyncClient]:
    """A client for the app with development settings."""
    async with asgi_client(Settings()) as client:
        yield client


@pytest_asyncio.fixture
async def gql(http: httpx.AsyncClient) -> GraphQLClient:
    """POST a GraphQL operation and return the decoded response body."""

    async def run(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await http.post("/graphql", json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return run
