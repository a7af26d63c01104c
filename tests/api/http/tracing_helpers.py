"""What the traces tests share: an app traced into memory and ways to read its spans."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from starlette.applications import Starlette

from server.app import create_app
from server.http.tracing import Tracing
from server.settings import Settings
from tests.conftest import BACKEND

#: The db.system of the database under test.
DB_SYSTEM = {"sqlite": "sqlite", "postgres": "postgresql"}[BACKEND]

#: A caller's span: trace 4bf9…4736, span 00f0…02b7, sampled (the W3C example).
TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736
CALLER_SPAN = 0x00F067AA0BA902B7
TRACEPARENT = f"00-{TRACE_ID:032x}-{CALLER_SPAN:016x}-01"

#: A transaction's own statements (Tortoise logs none of them).
TRANSACTION = frozenset(
    {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"}
)


class Traced:
    """A tracing whose spans stay in memory."""

    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        provider = TracerProvider(shutdown_on_exit=False)
        provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.tracing = Tracing(provider)

    def app(self, settings: Settings | None = None) -> Starlette:
        return create_app(
            settings or Settings(demo_mode=True), manage_database=False, tracing=self.tracing
        )

    @property
    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def server(self) -> ReadableSpan:
        """The one server span recorded."""
        found = [s for s in self.spans if s.kind.name == "SERVER"]
        assert len(found) == 1, [s.name for s in self.spans]
        return found[0]

    def statements(self, parent: ReadableSpan | None = None) -> list[ReadableSpan]:
        """The SQL spans (of `parent`'s trace when given)."""
        return [
            s
            for s in self.spans
            if s.kind.name == "CLIENT"
            and (parent is None or s.context.trace_id == parent.context.trace_id)
        ]

    def clear(self) -> None:
        self.exporter.clear()


@pytest.fixture
def traced() -> Iterator[Traced]:
    made = Traced()
    try:
        yield made
    finally:
        made.tracing.shutdown()


@contextlib.asynccontextmanager
async def client_of(app: Starlette, **headers: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://localhost", headers=headers
    ) as client:
        yield client


def attributes(span: ReadableSpan) -> dict[str, Any]:
    return dict(span.attributes or {})
