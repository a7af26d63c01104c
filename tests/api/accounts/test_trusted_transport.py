"""Trusted documents beyond one HTTP request: websocket `subscribe` messages obey the mode, and a
manifest registered by another process (the command line) reaches a running server within its
refresh interval, on a SQLite file and on PostgreSQL alike."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from tortoise.context import TortoiseContext

import tests.conftest as shared
from server.app import create_app
from server.services.accounts import trusted
from server.services.accounts.manifests import document_hash
from server.settings import Settings
from tests.api.accounts.test_trusted_documents import CREATE, ONE, OTHER, register
from tests.api.conftest import asgi_client
from tests.api.websocket import WebSocketClient
from tests.builders import make_campaign

ROOT = Path(__file__).resolve().parents[3]


async def test_websocket_operations_run_only_when_registered(db: TortoiseContext):
    await make_campaign(no="CP1", description="Spring")
    await register(ONE, CREATE)
    app = create_app(Settings(demo_mode=True, trusted_documents="on"), manage_database=False)

    async with WebSocketClient(app) as ws:
        await ws.init()
        await ws.send(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {
                    "documentId": f"sha256:{document_hash(ONE)}",
                    "variables": {"no": "CP1"},
                },
            }
        )
        by_id = await ws.receive()
        assert (await ws.receive())["type"] == "complete"
        await ws.subscribe("2", ONE, {"no": "CP1"})
        by_text = await ws.receive()
        assert (await ws.receive())["type"] == "complete"
        await ws.subscribe("3", OTHER)
        refused = await ws.receive()
        await ws.send(
            {"id": "4", "type": "subscribe", "payload": {"documentId": "sha256:" + "0" * 64}}
        )
        unknown = await ws.receive()

    spring = {"campaign": {"no": "CP1", "description": "Spring"}}
    assert by_id == {"id": "1", "type": "next", "payload": {"data": spring}}
    assert by_text["payload"] == {"data": spring}
    assert refused["id"] == "3"
    assert refused["type"] == "error"
    assert refused["payload"][0]["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"
    assert unknown["payload"][0]["extensions"]["code"] == "DOCUMENT_NOT_FOUND"


def _database_url(sqlite_path: Any) -> str:
    if shared.BACKEND == "sqlite":
        return f"sqlite://{sqlite_path}"
    assert shared._database is not None
    return shared._postgres_url(shared._database)


@pytest.fixture
def database(request: pytest.FixtureRequest) -> Any:
    """The test database on a file other processes can open (SQLite) or PostgreSQL's."""
    if shared.BACKEND == "sqlite":
        return request.getfixturevalue("sqlite_file").filename
    request.getfixturevalue("db")
    return None


async def test_a_manifest_registered_by_another_process_is_served_within_the_interval(
    database: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(trusted, "REFRESH_INTERVAL", 0.2)
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({document_hash(OTHER): OTHER}))
    body = {"documentId": f"sha256:{document_hash(OTHER)}"}
    settings = Settings(demo_mode=True, trusted_documents="on")
    async with asgi_client(settings) as first, asgi_client(settings) as second:
        for client in (first, second):  # both have read the registry before the change
            before = await client.post("/graphql", json=body)
            assert before.json()["errors"][0]["extensions"]["code"] == "DOCUMENT_NOT_FOUND"
        env = {**os.environ, "DATABASE_URL": _database_url(database)}
        command = [sys.executable, "-m", "server.cli", "documents", "register"]
        done = await asyncio.to_thread(
            subprocess.run,
            [*command, "--client", "web", "--version", "7", str(manifest)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "1 documents added, 0 already known" in done.stdout
        registered = time.monotonic()
        answers = []
        for client in (first, second):
            while True:
                response = await client.post("/graphql", json=body)
                if response.status_code == 200 or time.monotonic() - registered > 3:
                    break
                await asyncio.sleep(0.02)
            answers.append(response.json())
        waited = time.monotonic() - registered

    assert answers == [{"data": {"campaigns": {"totalCount": 0}}}] * 2
    assert waited < 1.0
