"""The HTTP side of the express lane (server/schema/express.py): which requests it reads and
how it answers them.

It takes a POST whose body is JSON as sent (no Content-Encoding) in UTF-8, spelled
`application/json` with or without `charset=utf-8`, holding only `query`, `variables` and
`operationName` of the right JSON types. Anything else, other spellings of the media type
included, takes the full path, which accepts or refuses it exactly (`_refuse_unreadable` in
endpoint.py). The headers it needs are read in one pass over the raw list, and its answer is
sent as two ASGI messages, with the status, headers and bytes the full path gives the same
request (tests/api/http/test_express.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.types import Message, Receive, Scope, Send

from server.http.negotiation import APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, response_media_type

#: The members of a request the express lane takes (extensions, such as a persisted query's
#: hash, take the full path).
_MEMBERS = frozenset({"query", "variables", "operationName"})

#: Bodies the lane reads: JSON in UTF-8, as sent.
_JSON_TYPES = frozenset(
    {b"application/json", b"application/json; charset=utf-8", b"application/json;charset=utf-8"}
)
_IDENTITY = frozenset({None, b"identity"})

#: The Content-Type of each answer media type, as the full path writes it.
_CONTENT_TYPES = {
    APPLICATION_JSON: APPLICATION_JSON.encode(),
    GRAPHQL_RESPONSE_JSON: f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8".encode(),
}


@dataclass(frozen=True, slots=True)
class ExpressRequest:
    """What the lane reads of a request."""

    query: str
    variables: dict[str, Any]
    operation_name: str | None
    #: The Authorization header, if any.
    authorization: str | None
    #: The Accept header, if any.
    accept: str | None


class BodyReader:
    """The connection's `receive`, which can first read the whole body for the lane and then
    gives it, as one message, to whoever reads the request next (the full path, through
    Starlette's `Request`); what follows comes from the connection. Reading the body here
    rather than through `Request.body` saves its stream's async generator: about 6 us of a
    small query's 97 in process."""

    __slots__ = ("_body", "_receive")

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._body: bytes | None = None

    async def body(self) -> bytes:
        """The whole body (ClientDisconnect when the client leaves before it is sent)."""
        chunks: list[bytes] = []
        while True:
            message = await self._receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            elif message["type"] == "http.disconnect":
                raise ClientDisconnect
        body = self._body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        return body

    async def __call__(self) -> Message:
        if self._body is not None:
            body, self._body = self._body, None
            return {"type": "http.request", "body": body, "more_body": False}
        return await self._receive()


async def read_express_request(
    request: Request,
    reader: BodyReader,
    admit: Callable[[Any], Awaitable[Any]] | None = None,
) -> ExpressRequest | None:
    """The request as the lane reads it, or None: the full path reads it (`request`, whose
    `receive` is `reader`). `admit`, when trusted documents are on (server/http/trusted.py),
    gives the body the lane may run (a registered document's, by id or in full) or None."""
    if request.method != "POST":
        return None
    content_type = encoding = authorization = accept = None
    for name, value in request.scope["headers"]:
        if name == b"content-type":
            content_type = value
        elif name == b"content-encoding":
            encoding = value
        elif name == b"authorization":
            authorization = value
        elif name == b"accept":
            accept = value
    if encoding not in _IDENTITY or content_type not in _JSON_TYPES:
        return None
    try:
        data = orjson.loads(await reader.body())
    except orjson.JSONDecodeError:
        return None
    if admit is not None:
        data = await admit(data)
    if type(data) is not dict or not data.keys() <= _MEMBERS:
        return None
    query, variables, name = data.get("query"), data.get("variables"), data.get("operationName")
    if (
        type(query) is not str
        or not (variables is None or type(variables) is dict)
        or not (name is None or type(name) is str)
    ):
        return None
    return ExpressRequest(
        query,
        variables or {},
        name,
        authorization.decode("latin-1") if authorization is not None else None,
        accept.decode("latin-1") if accept is not None else None,
    )


class ExpressAnswer:
    """The lane's answer: 200 and a JSON body, as two ASGI messages."""

    __slots__ = ("body", "content_type")

    def __init__(self, body: bytes, content_type: bytes) -> None:
        self.body = body
        self.content_type = content_type

    @classmethod
    def of(cls, data: dict[str, Any], accept: str | None) -> ExpressAnswer:
        """The answer holding `data`, in the media type the client's Accept asks for."""
        return cls(orjson.dumps({"data": data}), _CONTENT_TYPES[response_media_type(accept)])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [
            (b"content-length", str(len(self.body)).encode()),
            (b"content-type", self.content_type),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})
