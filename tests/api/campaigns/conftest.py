"""Campaign API fixtures for the subscription tests: a fresh in-process broker with a small
queue (not autouse: the modules that need it say so), and the app in demo mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from tortoise.context import TortoiseContext

from server.app import create_app
from server.services.core import events
from server.settings import Settings


@pytest.fixture
def broker() -> Iterator[events.Broker]:
    """A fresh in-process broker with a queue of ten for the test (the subscription modules
    use it for every test: it was autouse when they were one module)."""
    fresh = events.InProcessBroker(queue_size=10)
    previous = events.install(fresh)
    try:
        yield fresh
    finally:
        events.install(previous)


@pytest.fixture
def app(db: TortoiseContext) -> Starlette:
    return create_app(Settings(demo_mode=True), manage_database=False)
