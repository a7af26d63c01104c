"""Traces (server/http/tracing.py, server/services/core/tracing.py): a server span per request,
a child of the caller's `traceparent` and named by its operation on both paths, one span per
SQL statement under it, errors marked without internals, and nothing at all with traces off."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import asyncpg
import pytest
from opentelemetry.trace import StatusCode
from tortoise import connections
from tortoise.context import TortoiseContext
from tortoise.exceptions import OperationalError

from server.services.setup import codes as setup
from server.settings import Settings
from tests.api.http.tracing_helpers import (
    CALLER_SPAN,
    DB_SYSTEM,
    TRACE_ID,
    TRACEPARENT,
    TRANSACTION,
    Traced,
    attributes,
    client_of,
    traced,
)
from tests.builders import make_campaign
from tests.conftest import StatementCounter

__all__ = ["traced"]  # the fixture

SMALL = "query Small($no: String!) { campaign(no: $no) { no description } }"
CREATE = (
    "mutation Hire($i: SalespersonCreateInput!) "
    "{ salespersonCreate(input: $i) { salesperson { code } errors { code } } }"
)


async def test_a_request_is_a_child_of_its_callers_span_and_answers_with_its_own(
    db: TortoiseContext, traced: Traced
):
    await make_campaign(no="CP1")
    async with client_of(traced.app(), traceparent=TRACEPARENT) as http:
        response = await http.post(
            "/graphql",
            json={"query": SMALL, "variables": {"no": "CP1"}},
            headers={"X-Request-ID": "r-1"},
        )

    assert response.status_code == 200
    span = traced.server()
    assert span.context.trace_id == TRACE_ID
    assert span.parent is not None
    assert span.parent.span_id == CALLER_SPAN
    assert span.parent.is_remote
    version, trace_id, span_id, flags = response.headers["traceparent"].split("-")
    assert (version, int(trace_id, 16), int(span_id, 16), flags) == (
        "00",
        TRACE_ID,
        span.context.span_id,
        "01",
    )
    assert response.headers["x-request-id"] == "r-1"
    assert attributes(span)["campaign_graph.request_id"] == "r-1"


async def test_the_express_lane_names_the_span_and_times_each_statement(
    db: TortoiseContext, traced: Traced, sql: StatementCounter
):
    await make_campaign(no="CP1", description="Spring fair")
    sql.statements.clear()
    async with client_of(traced.app()) as http:
        response = await http.post("/graphql", json={"query": SMALL, "variables": {"no": "CP1"}})

    assert response.json() == {"data": {"campaign": {"no": "CP1", "description": "Spring fair"}}}
    span = traced.server()
    assert span.name == "query Small"
    seen = attributes(span)
    assert seen["graphql.operation.type"] == "query"
    assert seen["graphql.operation.name"] == "Small"
    assert seen["graphql.document.hash"].startswith("sha256:")
    assert len(seen["graphql.document.hash"]) == len("sha256:") + 64
    assert not any(SMALL in str(value) for value in seen.values())  # never the document
    assert seen["http.request.method"] == "POST"
    assert seen["http.route"] == "/graphql"
    assert seen["http.response.status_code"] == 200
    assert span.status.status_code is StatusCode.UNSET

    statements = traced.statements(span)
    assert len(statements) == sql.count >= 1
    for statement in statements:
        assert statement.parent is not None
        assert statement.parent.span_id == span.context.span_id
        assert attributes(statement)["db.system"] == DB_SYSTEM
        assert attributes(statement)["db.system.name"] == DB_SYSTEM
    lookup = attributes(statements[-1])
    assert lookup["db.operation.name"] == lookup["db.operation"] == "SELECT"
    assert lookup["db.collection.name"] == "campaign"
    assert statements[-1].name == "SELECT campaign"
    assert lookup["db.query.text"] == lookup["db.statement"]
    assert "CP1" not in lookup["db.query.text"]  # placeholders, never the values


async def test_the_full_path_names_a_mutation_and_times_its_transaction(
    db: TortoiseContext, traced: Traced, sql: StatementCounter
):
    async with client_of(traced.app()) as http:
        response = await http.post(
            "/graphql", json={"query": CREATE, "variables": {"i": {"code": "JO", "name": "Jo"}}}
        )

    assert response.json()["data"]["salespersonCreate"]["errors"] == []
    span = traced.server()
    assert span.name == "mutation Hire"
    assert attributes(span)["graphql.operation.type"] == "mutation"
    statements = traced.statements(span)
    keywords = [attributes(s)["db.operation.name"] for s in statements]
    assert "INSERT" in keywords
    assert keywords.count("BEGIN") == keywords.count("COMMIT") == 1
    assert len([k for k in keywords if k not in TRANSACTION]) == sql.count
    inserted = next(s for s in statements if attributes(s)["db.operation.name"] == "INSERT")
    assert attributes(inserted)["db.collection.name"] == "salesperson"
    assert "JO" not in attributes(inserted)["db.query.text"]


async def test_a_document_the_lane_hands_on_is_named_by_the_full_path_with_its_error_code(
    db: TortoiseContext, traced: Traced
):
    async with client_of(traced.app()) as http:
        response = await http.post("/graphql", json={"query": '{ campaign(no: "X") { nope } }'})

    code = response.json()["errors"][0]["extensions"]["code"]
    span = traced.server()
    assert span.name == "query"
    assert attributes(span)["error.type"] == code
    assert span.status.status_code is StatusCode.UNSET  # the client's mistake


async def test_a_failure_marks_the_span_failed_without_its_message(
    db: TortoiseContext, traced: Traced, monkeypatch: pytest.MonkeyPatch
):
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(setup, "create_unique", broken)
    async with client_of(traced.app()) as http:
        response = await http.post(
            "/graphql", json={"query": CREATE, "variables": {"i": {"code": "JO", "name": "Jo"}}}
        )

    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    span = traced.server()
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == "INTERNAL_SERVER_ERROR"
    assert attributes(span)["error.type"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in repr(traced.spans[-1].to_json())
    assert not span.events  # no exception event, no stack


async def test_a_failing_statement_is_marked_by_its_class(db: TortoiseContext, traced: Traced):
    tracer = traced.tracing.tracer
    failures = (OperationalError, asyncpg.UndefinedTableError)
    with tracer.start_as_current_span("operation"), pytest.raises(failures) as failure:
        await connections.get("default").execute_query("SELECT nothing FROM no_such_table")

    (statement,) = traced.statements()
    assert statement.status.status_code is StatusCode.ERROR
    assert attributes(statement)["error.type"] == type(failure.value).__qualname__
    assert statement.status.description == type(failure.value).__qualname__
    assert attributes(statement)["db.collection.name"] == "no_such_table"


async def test_statements_outside_a_traced_operation_make_no_span(
    db: TortoiseContext, traced: Traced
):
    await connections.get("default").execute_query("SELECT 1")
    await make_campaign(no="CP1")

    assert traced.spans == []


async def test_probes_and_scrapes_make_no_span(db: TortoiseContext, traced: Traced):
    async with client_of(traced.app()) as http:
        for path in ("/healthz", "/readyz", "/metrics"):
            response = await http.get(path)
            assert "traceparent" not in response.headers
        missing = await http.get("/nowhere")

    assert [span.name for span in traced.spans] == ["GET"]
    assert (
        missing.headers["traceparent"].split("-")[1] == f"{traced.spans[0].context.trace_id:032x}"
    )


async def test_a_batch_gives_each_operation_a_span_of_its_own(db: TortoiseContext, traced: Traced):
    batch = [{"query": "query A { viewer { username } }"}, {"query": "query B { __typename }"}]
    async with client_of(traced.app(Settings(demo_mode=True, max_batch=2))) as http:
        response = await http.post("/graphql", json=batch)

    assert response.status_code == 200
    server = traced.server()
    assert server.name == "POST /graphql"
    operations = [s for s in traced.spans if s.kind.name == "INTERNAL"]
    assert sorted(s.name for s in operations) == ["query A", "query B"]
    assert {s.parent.span_id for s in operations if s.parent} == {server.context.span_id}


async def test_with_traces_off_nothing_is_traced(db: TortoiseContext, traced: Traced):
    await make_campaign(no="CP1")
    traced.tracing.shutdown()  # what a server with traces off never installs
    from tests.api.conftest import asgi_client

    async with asgi_client(Settings(demo_mode=True)) as http:
        response = await http.post(
            "/graphql",
            json={"query": SMALL, "variables": {"no": "CP1"}},
            headers={"traceparent": TRACEPARENT},
        )

    assert response.status_code == 200
    assert "traceparent" not in response.headers
    assert traced.spans == []


def test_with_traces_off_opentelemetry_is_not_even_imported():
    program = (
        "import sys\n"
        "from server.app import create_app\n"
        "from server.settings import Settings\n"
        "create_app(Settings(database_url='sqlite://:memory:'), manage_database=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('opentelemetry')))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert ran.stdout.strip() == "[]"
