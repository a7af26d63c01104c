"""How `campaign-graph serve` listens: with several workers uvicorn binds the socket itself,
and its connections must still get TCP_NODELAY (issue 18; uvicorn issue 3149), else every
keep-alive answer after the first waits for the client's delayed ACK."""

from __future__ import annotations

import asyncio
import socket

from server.http.protocol import NodelayConfig


async def _accepted_nodelay(listener: socket.socket) -> int:
    """TCP_NODELAY of a connection the event loop accepts on `listener`."""
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
    port = listener.getsockname()[1]
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await asyncio.wait_for(accepted, 5)
    finally:
        writer.close()
        server.close()
        await server.wait_closed()


async def test_connections_on_the_workers_socket_get_tcp_nodelay():
    config = NodelayConfig("server.app:create_app", host="127.0.0.1", port=0, workers=2)

    listener = config.bind_socket()

    assert listener.proto == socket.IPPROTO_TCP
    assert await _accepted_nodelay(listener)
