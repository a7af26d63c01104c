"""Statements' spans (services/core/tracing.py) on the prepared reads' own connections: a
SQLite file's reading connection and PostgreSQL's readers; and `uninstall` puts every wrapped
method back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Tracer
from tortoise.backends.sqlite.client import SqliteClient

from server.services.core import tracing
from server.services.core.pg_reader import PgReader
from server.services.core.prepared import DirectReader
from tests.builders import make_campaign
from tests.conftest import BACKEND
from tests.services.core.test_pg_reader import _warm, readers
from tests.services.core.test_prepared import BY_NO

__all__ = ["readers"]  # the fixture


class Spans:
    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        provider = TracerProvider(shutdown_on_exit=False)
        provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.tracer: Tracer = provider.get_tracer("tests")

    def statements(self) -> list[ReadableSpan]:
        return [s for s in self.exporter.get_finished_spans() if s.kind.name == "CLIENT"]


@pytest.fixture
def spans() -> Iterator[Spans]:
    made = Spans()
    tracing.install(made.tracer)
    try:
        yield made
    finally:
        tracing.uninstall()


async def test_a_read_on_a_sqlite_files_reading_connection_is_a_span(
    sqlite_file: Any, spans: Spans
):
    await make_campaign(no="CP-A")
    with spans.tracer.start_as_current_span("operation"):
        assert await BY_NO("CP-A") is not None

    (statement,) = spans.statements()
    attributes = dict(statement.attributes or {})
    assert statement.name == "SELECT campaign"
    assert attributes["db.system"] == "sqlite"
    assert attributes["db.namespace"] == "cg.sqlite3"
    assert "CP-A" not in attributes["db.query.text"]


@pytest.mark.skipif(BACKEND != "postgres", reason="PostgreSQL's readers")
async def test_a_read_on_a_postgresql_reader_is_a_span(readers: None, spans: Spans):
    await make_campaign(no="CP-A")
    await _warm()
    spans.exporter.clear()
    with spans.tracer.start_as_current_span("operation"):
        assert await BY_NO("CP-A") is not None

    (statement,) = spans.statements()
    attributes = dict(statement.attributes or {})
    assert statement.name == "SELECT campaign"
    assert attributes["db.system"] == "postgresql"
    assert attributes["server.address"]
    assert attributes["db.namespace"]


def test_uninstall_puts_every_method_back():
    before = (SqliteClient.execute_query, DirectReader.rows, PgReader.fetch)
    tracing.install(TracerProvider(shutdown_on_exit=False).get_tracer("tests"))
    assert SqliteClient.execute_query is not before[0]
    tracing.uninstall()

    assert (SqliteClient.execute_query, DirectReader.rows, PgReader.fetch) == before
    assert (
        "execute_query" not in vars(SqliteClient)
        or vars(SqliteClient)["execute_query"] is before[0]
    )


def test_statements_are_described_by_keyword_and_main_table():
    assert tracing.describe('SELECT "a" FROM "campaign" WHERE "no"=$1') == ("SELECT", "campaign")
    nested = 'SELECT EXISTS (SELECT 1 FROM "t" x) "e" FROM "campaign" WHERE 1'
    assert tracing.describe(nested) == ("SELECT", "campaign")
    assert tracing.describe('INSERT INTO "segment" ("a") VALUES (?)') == ("INSERT", "segment")
    assert tracing.describe('UPDATE "item" SET "a"=?') == ("UPDATE", "item")
    assert tracing.describe("PRAGMA foreign_keys=ON") == ("PRAGMA", None)
