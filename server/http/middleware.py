"""Pure ASGI middleware: request ids, request metrics and the request body cap."""

from __future__ import annotations

import json
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import metrics
from server.logs import request_id_var

_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIdMiddleware:
    """Echo a sane `X-Request-ID` or generate one; expose it to handlers and logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


class MetricsMiddleware:
    """Count every HTTP request by route, method and status, time it to the end of its
    response, and keep the number of open requests and websockets (server/metrics.py)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            metrics.WEBSOCKETS_OPEN.inc()
            try:
                await self.app(scope, receive, send)
            finally:
                metrics.WEBSOCKETS_OPEN.dec()
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = metrics.route_label(scope["path"])
        # Not answered at all: 499 (nginx's "client closed request") when the application
        # returned without answering a client that went away, 500 when it failed.
        status = 499

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        metrics.HTTP_IN_PROGRESS.inc()
        try:
            await self.app(scope, receive, send_with_status)
        except BaseException:
            if status == 499:
                status = 500
            raise
        finally:
            metrics.HTTP_IN_PROGRESS.dec()
            metrics.HTTP_DURATION.labels(route).observe(time.perf_counter() - started)
            metrics.HTTP_REQUESTS.labels(route, metrics.method_label(scope["method"]), status).inc()


class BodySizeLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413 before the application reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        request_id = str(scope.get("state", {}).get("request_id", "-"))
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, self.max_bytes, request_id)
            return
        received = 0
        responded = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal responded
            if message["type"] == "http.response.start":
                responded = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not responded:
                await _too_large(send, self.max_bytes, request_id)


class BodyTooLarge(Exception):
    """Raised from `receive` when a body passes the cap while being read (a chunked body has
    no Content-Length to refuse it by): the middleware answers 413, so handlers let it pass."""


async def _too_large(send: Send, limit: int, request_id: str) -> None:
    error = {
        "message": f"Request body exceeds {limit} bytes.",
        "extensions": {"code": "PAYLOAD_TOO_LARGE", "requestId": request_id},
    }
    body = json.dumps({"errors": [error]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
