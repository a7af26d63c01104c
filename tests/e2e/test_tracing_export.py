"""Traces from a real `campaign-graph serve` (CAMPAIGN_GRAPH_TRACING=otlp) reach an OTLP/HTTP
collector: a stand-in here, receiving POST /v1/traces as the OpenTelemetry Collector would."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from tests.conftest import BACKEND
from tests.e2e.servers import cli, environment, serve

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(BACKEND != "sqlite", reason="the e2e run uses its own SQLite file"),
]

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"


class Collector:
    """An OTLP/HTTP trace receiver on a free port of 127.0.0.1, keeping what it is sent."""

    def __init__(self) -> None:
        self.requests: list[ExportTraceServiceRequest] = []
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path != "/v1/traces":
                    self.send_response(404)
                    self.end_headers()
                    return
                received.append(ExportTraceServiceRequest.FromString(body))
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def spans(self) -> list[tuple[dict[str, Any], Span]]:
        """Every span received, with its resource's attributes."""
        found = []
        for request in list(self.requests):
            for resource_spans in request.resource_spans:
                resource = _attributes(resource_spans.resource.attributes)
                for scope_spans in resource_spans.scope_spans:
                    found.extend((resource, span) for span in scope_spans.spans)
        return found


def _attributes(values: Any) -> dict[str, Any]:
    return {a.key: getattr(a.value, a.value.WhichOneof("value")) for a in values}


@pytest.fixture
def collector() -> Iterator[Collector]:
    receiver = Collector()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


def test_a_served_request_reaches_the_collector_with_its_statements(
    tmp_path: Path, collector: Collector
):
    env = environment(
        f"sqlite://{tmp_path / 'traced.sqlite3'}",
        CAMPAIGN_GRAPH_TRACING="otlp",
        OTEL_EXPORTER_OTLP_ENDPOINT=collector.url,
        OTEL_SERVICE_NAME="campaign-graph-e2e",
        OTEL_BSP_SCHEDULE_DELAY="100",
    )
    cli(env, "migrate")
    cli(env, "demo")
    for base in serve(env, tmp_path / "server.log"):
        response = httpx.post(
            f"{base}/graphql",
            json={"query": "query Few { campaigns(first: 2) { nodes { no } } }"},
            headers={"traceparent": f"00-{TRACE_ID}-{CALLER_SPAN}-01"},
            timeout=10,
        )
        assert response.status_code == 200
        assert response.headers["traceparent"].startswith(f"00-{TRACE_ID}-")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            ours = [(r, s) for r, s in collector.spans() if s.trace_id.hex() == TRACE_ID]
            if any(s.kind == Span.SPAN_KIND_CLIENT for _, s in ours) and any(
                s.kind == Span.SPAN_KIND_SERVER for _, s in ours
            ):
                break
            time.sleep(0.1)

    (server,) = [s for _, s in ours if s.kind == Span.SPAN_KIND_SERVER]
    assert server.name == "query Few"
    assert server.parent_span_id.hex() == CALLER_SPAN
    assert response.headers["traceparent"].split("-")[2] == server.span_id.hex()
    assert _attributes(server.attributes)["graphql.operation.name"] == "Few"
    statements = [s for _, s in ours if s.kind == Span.SPAN_KIND_CLIENT]
    assert {s.parent_span_id for s in statements} == {server.span_id}
    assert {_attributes(s.attributes)["db.system"] for s in statements} == {"sqlite"}
    assert {r["service.name"] for r, _ in ours} == {"campaign-graph-e2e"}
