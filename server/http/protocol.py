"""How connections are served: uvicorn's HTTP/1.1 protocol (httptools) with its one answer of
its own in JSON, and a listening socket whose connections get TCP_NODELAY with several workers.
"""

from __future__ import annotations

import socket

import orjson
from uvicorn import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_MESSAGE = "Invalid HTTP request: the request line, a header or the body framing does not parse."


class JsonHttpToolsProtocol(HttpToolsProtocol):
    """HttpToolsProtocol answering unparseable requests with a JSON 400."""

    def send_400_response(self, msg: str) -> None:
        body = orjson.dumps(
            {"errors": [{"message": _MESSAGE, "extensions": {"code": "BAD_REQUEST"}}]}
        )
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        for name, value in self.server_state.default_headers:
            head.append(name + b": " + value + b"\r\n")
        head.append(b"content-type: application/json\r\n")
        head.append(b"content-length: " + str(len(body)).encode("ascii") + b"\r\n")
        head.append(b"connection: close\r\n\r\n")
        self.transport.write(b"".join(head) + body)
        self.transport.close()


class NodelayConfig(Config):
    """uvicorn's Config whose own listening socket (bound by uvicorn for `--workers N`) says
    it is TCP. uvicorn binds it with protocol 0; accepted connections inherit that, and asyncio
    turns Nagle's algorithm off only on sockets that report IPPROTO_TCP, so every keep-alive
    answer after the first waited for the client's delayed ACK (about 40 ms on Linux; uvicorn
    issue 3149). One worker is unaffected: asyncio binds that socket itself."""

    def bind_socket(self) -> socket.socket:
        bound = super().bind_socket()
        if bound.family not in (socket.AF_INET, socket.AF_INET6):
            return bound
        return socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
