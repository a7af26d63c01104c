"""Real `campaign-graph` processes for end-to-end tests: set-up commands and `serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx

from tests.conftest import POSTGRES_URL

CLI = [sys.executable, "-m", "server.cli"]


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def environment(database_url: str, *, demo: bool = True, **extra: str) -> dict[str, str]:
    """A server environment on `database_url` (demo mode unless `demo=False`)."""
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("CAMPAIGN_GRAPH_ENV", None)
    env.pop("CAMPAIGN_GRAPH_DEMO", None)
    if demo:
        env["CAMPAIGN_GRAPH_DEMO"] = "1"
    return env | extra


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run one `campaign-graph` command; it must succeed. Returns its output."""
    return subprocess.run(
        [*CLI, *args], env=env, check=True, capture_output=True, text=True, timeout=120
    )


def serve(env: dict[str, str], log: Path, *options: str) -> Iterator[str]:
    """Start `campaign-graph serve` (with extra `options`), yield its base URL once ready,
    stop it afterwards."""
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), *options],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            # The server waits up to the request timeout (15 s) for what is in flight.
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            tail = log.read_text()[-3000:]
            raise AssertionError(f"the server did not stop on SIGTERM: {tail}") from None


@asynccontextmanager
async def postgres_database(prefix: str) -> AsyncIterator[str]:
    """A new, empty PostgreSQL database (dropped afterwards); yields its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
