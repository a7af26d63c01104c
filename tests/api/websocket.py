"""A graphql-transport-ws client that drives the ASGI app in-process (same event loop and
database context as the test)."""

from __future__ import annotations

import asyncio
import json
from types import TracebackType
from typing import Any

from starlette.types import ASGIApp, Message


class Closed(Exception):
    """The server closed the websocket (or refused the handshake)."""

    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(f"closed with {code}: {reason}")
        self.code = code
        self.reason = reason


class WebSocketClient:
    """One websocket to `/graphql`; use with `async with`."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        headers: dict[str, str] | None = None,
        client: tuple[str, int] = ("127.0.0.1", 50000),
        subprotocols: tuple[str, ...] = ("graphql-transport-ws",),
    ) -> None:
        self.app = app
        self.scope: dict[str, Any] = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "http_version": "1.1",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"localhost"),
                *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items()),
            ],
            "client": client,
            "server": ("testserver", 80),
            "subprotocols": list(subprotocols),
        }
        self._to_app: asyncio.Queue[Message] = asyncio.Queue()
        self._from_app: asyncio.Queue[Message] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.subprotocol: str | None = None

    async def __aenter__(self) -> WebSocketClient:
        self._task = asyncio.create_task(
            self.app(self.scope, self._to_app.get, self._from_app.put)  # type: ignore[arg-type]
        )
        await self._to_app.put({"type": "websocket.connect"})
        message = await self._next_message(5)
        if message["type"] == "websocket.close":
            raise Closed(message.get("code", 1000), message.get("reason", ""))
        assert message["type"] == "websocket.accept", message
        self.subprotocol = message.get("subprotocol")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._to_app.put({"type": "websocket.disconnect", "code": 1000})
        assert self._task is not None
        try:
            await asyncio.wait_for(self._task, 5)
        except TimeoutError:
            self._task.cancel()

    async def _next_message(self, wait: float) -> Message:
        return await asyncio.wait_for(self._from_app.get(), wait)

    async def send(self, message: dict[str, Any]) -> None:
        """Send one protocol message."""
        await self._to_app.put({"type": "websocket.receive", "text": json.dumps(message)})

    async def receive(self, wait: float = 5) -> dict[str, Any]:
        """The next protocol message; Closed when the server closes instead."""
        message = await self._next_message(wait)
        if message["type"] == "websocket.close":
            raise Closed(message.get("code", 1000), message.get("reason", ""))
        payload: dict[str, Any] = json.loads(message.get("text") or message["bytes"])
        return payload

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """connection_init; returns the server's answer (connection_ack)."""
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.receive()

    async def subscribe(self, id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        """Start an operation."""
        await self.send(
            {"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables}}
        )
