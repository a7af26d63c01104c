"""A client that goes away is not a server error (issue 17, class 8): a request whose client
disconnected before its body was read is dropped quietly, not logged as an unexpected error
with a traceback (noise that hides real ones), and nothing runs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from tortoise.context import TortoiseContext

from server import metrics
from server.app import create_app
from server.models import Campaign
from server.settings import Settings


async def test_a_disconnect_before_the_body_is_read_is_dropped_quietly(
    db: TortoiseContext, caplog: pytest.LogCaptureFixture
):
    app = create_app(Settings(demo_mode=True), manage_database=False)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    before = metrics.HTTP_REQUESTS.labels("/graphql", "POST", 499)._value.get()

    with caplog.at_level(logging.INFO):
        await app(scope, receive, send)

    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert any("client disconnected" in r.getMessage() for r in caplog.records)
    assert sent == []  # nobody to answer
    assert metrics.HTTP_REQUESTS.labels("/graphql", "POST", 499)._value.get() == before + 1
    assert await Campaign.all().count() == 0
