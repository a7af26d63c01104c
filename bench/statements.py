"""SQL statements the product sends for one request, counted in-process on a real database."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from server.app import create_app
from server.db import close_db, init_db
from server.settings import Settings


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith(("Created connection", "Closed connection")):
            self.count += 1


async def count_statements(database_url: str, body: dict[str, Any]) -> int:
    """How many statements answering `body` takes (after one warm-up request)."""
    await init_db(database_url)
    logger = logging.getLogger("tortoise.db_client")
    counter = _Counter()
    app = create_app(Settings(database_url=database_url, demo_mode=True), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            await client.post("/graphql", json=body)
            logger.setLevel(logging.DEBUG)
            logger.addHandler(counter)
            response = await client.post("/graphql", json=body)
            if "errors" in response.json():
                raise RuntimeError(response.text[:300])
    finally:
        logger.removeHandler(counter)
        await close_db()
    return counter.count
