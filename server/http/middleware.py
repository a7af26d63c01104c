"""Pure ASGI middleware: request ids, request metrics, the request body cap and the shortest
way to the GraphQL endpoint, in one layer."""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from typing import Any

from starlette.middleware.gzip import GZipResponder, IdentityResponder
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import metrics
from server.http.lane import ExpressAnswer
from server.logs import request_id_var

_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


#: The one HTTP route the edge serves itself (the endpoint answers every method but GET and
#: POST through the router: 405 with `Allow`).
GRAPHQL_PATH = "/graphql"

#: Request counters kept at hand, at most (any odd method a client sends is one more key).
_SERIES_KEPT = 256
_GRAPHQL_METHODS = frozenset({"GET", "POST"})


class EdgeMiddleware:
    """Each request's edge, in one layer (one pass over the headers, one wrapper of `send`):

    - its request id: a sane `X-Request-ID` echoed, or one generated, exposed to handlers
      (`scope["state"]["request_id"]`) and logs, and sent back on the answer;
    - its metrics: every HTTP request counted by route, method and status and timed to the end
      of its answer, open requests and websockets kept (server/metrics.py);
    - its body cap: a body over `max_bytes` refused with 413 before it is read (by its
      Content-Length) or while it is read (a chunked one);
    - the shortest way to the GraphQL endpoint: a GET or POST of /graphql goes to `graphql`
      straight, not through Starlette's exception layer and router, which route everything
      else; its answer is compressed as the rest, by the same responders, which the endpoint
      applies itself (`Compression`, under `COMPRESSION` in the scope) so that an answer too
      small to compress is sent without them. With CORS configured, requests that carry an
      Origin take the long way, through the CORS middleware.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        graphql: ASGIApp | None = None,
        cors: bool = False,
        gzip_minimum_size: int = 1024,
        gzip_level: int = 6,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.graphql = graphql
        self.cors = cors
        self._gzip = Compression(True, gzip_minimum_size, gzip_level)
        self._identity = Compression(False, gzip_minimum_size, gzip_level)
        # The labelled series met so far (prometheus_client checks and locks in `labels`).
        self._counted: dict[tuple[str, str, int], Any] = {}
        self._timed: dict[str, Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "websocket":
            metrics.WEBSOCKETS_OPEN.inc()
            token = request_id_var.set(_request_id(scope, _header(scope, b"x-request-id")))
            try:
                await self.app(scope, receive, send)
            finally:
                request_id_var.reset(token)
                metrics.WEBSOCKETS_OPEN.dec()
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = declared = origin = encodings = b""
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                given = value
            elif name == b"content-length":
                declared = value
            elif name == b"accept-encoding":
                encodings = value
            elif name == b"origin":
                origin = value
        request_id = _request_id(scope, given)
        id_header = (b"x-request-id", request_id.encode())
        path = scope["path"]
        route = metrics.route_label(path)
        # Not answered at all: 499 (nginx's "client closed request") when the application
        # returned without answering a client that went away, 500 when it failed.
        status = 499
        received = 0
        limit = self.max_bytes

        async def edge_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        async def edge_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        token = request_id_var.set(request_id)
        started = time.perf_counter()
        metrics.HTTP_IN_PROGRESS.inc()
        try:
            if declared.isdigit() and int(declared) > limit:
                await _too_large(edge_send, limit, request_id)
                return
            app = self.app
            if (
                self.graphql is not None
                and path == GRAPHQL_PATH
                and scope["method"] in _GRAPHQL_METHODS
                and not (self.cors and origin)
            ):
                # As GZipMiddleware would: the endpoint wraps its answer in the responder.
                scope[COMPRESSION] = self._gzip if b"gzip" in encodings else self._identity
                app = self.graphql
            try:
                await app(scope, edge_receive, edge_send)
            except BodyTooLarge:
                if status == 499:  # nothing answered yet
                    await _too_large(edge_send, limit, request_id)
        except BaseException:
            if status == 499:
                status = 500
            raise
        finally:
            request_id_var.reset(token)
            metrics.HTTP_IN_PROGRESS.dec()
            self._series(route, scope["method"], status).inc()
            timed = self._timed.get(route)
            if timed is None:
                timed = self._timed[route] = metrics.HTTP_DURATION.labels(route)
            timed.observe(time.perf_counter() - started)

    def _series(self, route: str, method: str, status: int) -> Any:
        """The request counter of a route, method and status."""
        key = (route, method, status)
        series = self._counted.get(key)
        if series is None:
            series = metrics.HTTP_REQUESTS.labels(route, metrics.method_label(method), status)
            if len(self._counted) < _SERIES_KEPT:  # methods and statuses are the client's
                self._counted[key] = series
        return series


#: Answers whose whole body goes in one ASGI message, in `body`.
_ONE_MESSAGE = (ExpressAnswer, Response, JSONResponse)

#: The scope key under which the edge hands the GraphQL endpoint the compression of its answer
#: (absent: the answer goes through GZipMiddleware, as every other route's).
COMPRESSION = "campaign_graph.compression"


class Compression:
    """How an answer is compressed, as GZipMiddleware does it: through its gzip responder when
    the client accepts gzip, else its identity responder (which still says `Vary`). Bodies
    below `minimum_size` in one message pass those unchanged, so such answers skip them."""

    __slots__ = ("gzip", "level", "minimum_size")

    def __init__(self, gzip: bool, minimum_size: int, level: int) -> None:
        self.gzip = gzip
        self.minimum_size = minimum_size
        self.level = level

    def applied(self, answer: ASGIApp) -> ASGIApp:
        """`answer` compressed; as it is when it is a response sent as one message (the
        lane's or Starlette's plain `Response`) with a body too small to compress."""
        if type(answer) in _ONE_MESSAGE and len(answer.body) < self.minimum_size:  # type: ignore[attr-defined]
            return answer
        if self.gzip:
            return GZipResponder(answer, self.minimum_size, self.level)
        return IdentityResponder(answer, self.minimum_size)


def _header(scope: Scope, wanted: bytes) -> bytes:
    for name, value in scope["headers"]:
        if name == wanted:
            return bytes(value)
    return b""


def _request_id(scope: Scope, given: bytes) -> str:
    """The request's id (the sane one it gave, else a new one), kept in its scope's state."""
    text = given.decode("latin-1") if given else ""
    request_id = text if text and _VALID_ID.match(text) else _new_id()
    scope.setdefault("state", {})["request_id"] = request_id
    return request_id


class _Ids:
    """New request ids: 32 hex digits, a random prefix of the process (drawn again in a forked
    child) and a counter. Unique like random ones, and made without a system call each."""

    prefix = ""
    counter = itertools.count()

    @classmethod
    def restart(cls) -> None:
        cls.prefix = os.urandom(8).hex()
        cls.counter = itertools.count()


_Ids.restart()
os.register_at_fork(after_in_child=_Ids.restart)


def _new_id() -> str:
    return f"{_Ids.prefix}{next(_Ids.counter):016x}"


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
