"""How `campaign-graph serve` listens: with several workers uvicorn binds the socket itself,
and its connections must still get TCP_NODELAY (issue 18; uvicorn issue 3149), else every
keep-alive answer after the first waits for the client's delayed ACK."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

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


def _serve_options(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> dict[str, Any]:
    """The options `campaign-graph serve` gives uvicorn under `env` (nothing is served)."""
    import uvicorn

    from server import cli, logs

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    monkeypatch.setattr(logs, "configure_logging", lambda level: None)
    for name in ("CAMPAIGN_GRAPH_ENV", "CAMPAIGN_GRAPH_ACCESS_LOG", "CAMPAIGN_GRAPH_DEMO"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["serve", "--port", "0"]) == 0
    return seen


@pytest.mark.parametrize(
    ("env", "logged"),
    [
        ({}, True),
        ({"CAMPAIGN_GRAPH_ENV": "production"}, False),
        ({"CAMPAIGN_GRAPH_ENV": "production", "CAMPAIGN_GRAPH_ACCESS_LOG": "1"}, True),
        ({"CAMPAIGN_GRAPH_ACCESS_LOG": "off"}, False),
    ],
)
def test_the_access_log_is_on_in_development_and_off_in_production_unless_asked(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], logged: bool
) -> None:
    assert _serve_options(monkeypatch, env)["access_log"] is logged


@pytest.mark.parametrize(("timeout", "bound"), [("15", 16), ("2.5", 4)])
def test_a_stopping_server_waits_for_requests_in_flight_and_no_longer(
    monkeypatch: pytest.MonkeyPatch, timeout: str, bound: int
) -> None:
    """On SIGTERM uvicorn waits for what runs; without a bound, for ever."""
    options = _serve_options(monkeypatch, {"CAMPAIGN_GRAPH_REQUEST_TIMEOUT": timeout})

    assert options["timeout_graceful_shutdown"] == bound
