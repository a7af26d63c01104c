"""Campaign API fixtures for the subscription tests: the app in demo mode (their broker is
tests/api/conftest.py's `broker`, not autouse: the modules that need it say so)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from tortoise.context import TortoiseContext

from server.app import create_app
from server.settings import Settings


@pytest.fixture
def app(db: TortoiseContext) -> Starlette:
    return create_app(Settings(demo_mode=True), manage_database=False)
