"""API fixtures: the ASGI app over httpx, sharing the test database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any, Protocol

import httpx
import pytest
import pytest_asyncio
from tortoise.context import TortoiseContext

from server.app import create_app
from server.models import Role
from server.services.accounts import users as auth
from server.services.core import events
from server.settings import Settings
from tests.builders import make_user
from tests.conftest import make_ctx


class GraphQLClient(Protocol):
    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]: ...


@contextlib.asynccontextmanager
async def asgi_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process (no lifespan: the test owns the database)."""
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        yield client


@pytest_asyncio.fixture
async def http(db: TortoiseContext) -> AsyncIterator[httpx.AsyncClient]:
    """A client for the app in demo mode: anonymous requests act as the demo manager."""
    async with asgi_client(Settings(demo_mode=True)) as client:
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


async def bearer(role: Role, **user: Any) -> dict[str, str]:
    """Headers that authenticate as a new user with `role` (extra fields go to the user)."""
    account = await make_user(role, **user)
    issued = await auth.create_token(make_ctx(Role.ADMIN), account.username, "tests")
    return {"Authorization": f"Bearer {issued.secret}"}


#: A mutation that hangs inside its transaction when `hanging_create` is in use.
HANGING_CREATE = (
    'mutation { salespersonCreate(input: {code: "SLOW", name: "S"}) { errors { code } } }'
)


@pytest.fixture
def hanging_create(monkeypatch: pytest.MonkeyPatch) -> str:
    """Make setup creates hang inside their transaction (only a timeout ends them); returns a
    mutation that runs into it (HANGING_CREATE)."""
    from server.services.setup import codes as setup

    original = setup.create_unique

    async def hang(*args: Any, **kwargs: Any) -> Any:
        created = await original(*args, **kwargs)
        await asyncio.Event().wait()
        return created

    monkeypatch.setattr(setup, "create_unique", hang)
    return HANGING_CREATE


@pytest.fixture
def broker() -> Iterator[events.Broker]:
    """A fresh in-process broker with a queue of ten for the test (subscriptions' tests)."""
    fresh = events.InProcessBroker(queue_size=10)
    previous = events.install(fresh)
    try:
        yield fresh
    finally:
        events.install(previous)
