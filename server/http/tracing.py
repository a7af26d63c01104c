"""Traces (docs/operations.md "Traces"): OpenTelemetry's SDK set up from the settings and the
standard OTEL_* variables, and one server span for each HTTP request.

Imported only when `CAMPAIGN_GRAPH_TRACING` is on (server/app.py): with traces off, nothing of
OpenTelemetry is loaded, EdgeMiddleware and the endpoint run as they are, and no statement
is wrapped. On, the app is built with TracedEdgeMiddleware and the traced endpoint
(server/http/traced.py), and the statements are wrapped (server/services/core/tracing.py).

- The SDK reads the standard variables itself: `OTEL_SERVICE_NAME` and
  `OTEL_RESOURCE_ATTRIBUTES` (the service is `campaign-graph` unless they name it),
  `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`, `OTEL_EXPORTER_OTLP_(TRACES_)*`
  (endpoint, headers, timeout, compression), `OTEL_BSP_*` (the batch processor),
  `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, `OTEL_SDK_DISABLED`.
- An incoming W3C `traceparent` (and `tracestate`) makes the request's span its child; every
  traced answer carries the `traceparent` of its own span, beside `X-Request-ID`.
- The span is named `POST /graphql` (HTTP semantic conventions) until the endpoint knows the
  operation, then `query Dashboard` (GraphQL's): `graphql.operation.type`,
  `graphql.operation.name` and `graphql.document.hash` (`sha256:` and the hex digest of the
  document's text, as persisted queries name it), never the document or its variables.
- `/healthz`, `/readyz` and `/metrics` make no spans (probes and scrapes every few seconds).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import sys
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode
from opentelemetry import context, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import metrics
from server.http.middleware import EdgeMiddleware
from server.schema.guard import Guard, chosen_operation
from server.services.core import tracing as statements
from server.settings import Settings

#: The service name when OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES give none.
SERVICE_NAME = "campaign-graph"

#: Routes that make no spans.
UNTRACED = frozenset({"/healthz", "/readyz", "/metrics"})

#: Error codes of failures that are the server's, not the client's: the span is marked ERROR.
SERVER_ERROR_CODES = frozenset({"INTERNAL_SERVER_ERROR", "DATABASE_UNAVAILABLE", "TIMEOUT"})

_METHODS = frozenset({"GET", "POST", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "CONNECT"})
_CARRIED = (b"traceparent", b"tracestate")


class Tracing:
    """The tracer of one server process, its provider and the W3C trace-context propagator.
    Made, the statements are traced (server/services/core/tracing.py) until `shutdown`."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider
        self.tracer = provider.get_tracer("campaign_graph", _version())
        self.propagator = TraceContextTextMapPropagator()
        statements.install(self.tracer)

    @classmethod
    def from_settings(cls, settings: Settings) -> Tracing:
        """The SDK as the settings and the OTEL_* variables say: spans batched to an OTLP/HTTP
        collector, or to stderr."""
        resource = Resource({"service.version": _version()}).merge(Resource.create())
        if str(resource.attributes.get("service.name", "")).startswith("unknown_service"):
            resource = resource.merge(Resource({"service.name": SERVICE_NAME}))
        provider = TracerProvider(resource=resource, shutdown_on_exit=False)
        exporter: SpanExporter
        if settings.tracing == "console":
            exporter = ConsoleSpanExporter(out=sys.stderr)
        else:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            exporter = OTLPSpanExporter()
        provider.add_span_processor(BatchSpanProcessor(exporter))
        return cls(provider)

    def shutdown(self) -> None:
        """Stop tracing statements, send the spans still waiting and stop the exporter."""
        statements.uninstall()
        self.provider.shutdown()

    def extract(self, scope: Scope) -> context.Context:
        """The caller's trace context from the request's `traceparent` and `tracestate`."""
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope["headers"]
            if name in _CARRIED
        }
        return self.propagator.extract(carrier) if carrier else context.Context()

    def traceparent(self, span: Span) -> bytes | None:
        """The `traceparent` header naming `span`, or None (no valid span: SDK disabled)."""
        carrier: dict[str, str] = {}
        self.propagator.inject(carrier, context=trace.set_span_in_context(span))
        value = carrier.get("traceparent")
        return value.encode("latin-1") if value else None


class TracedEdgeMiddleware(EdgeMiddleware):
    """EdgeMiddleware with a server span around each HTTP request (but for UNTRACED routes),
    current while the request is answered, and the caller's trace context current while a
    websocket lives (its operations' spans are children of it, server/http/traced.py)."""

    def __init__(self, app: ASGIApp, *, tracing: Tracing, **options: Any) -> None:
        super().__init__(app, **options)
        self.tracing = tracing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http" and scope["path"] not in UNTRACED:
            await self._traced(scope, receive, send)
        elif kind == "websocket":
            token = context.attach(self.tracing.extract(scope))
            try:
                await super().__call__(scope, receive, send)
            finally:
                context.detach(token)
        else:
            await super().__call__(scope, receive, send)

    async def _traced(self, scope: Scope, receive: Receive, send: Send) -> None:
        tracing = self.tracing
        parent = tracing.extract(scope)
        path = scope["path"]
        method = scope["method"] if scope["method"] in _METHODS else "_OTHER"
        route = path if path in metrics.ROUTES else None
        span = tracing.tracer.start_span(
            f"{method} {route}" if route else method,
            context=parent,
            kind=SpanKind.SERVER,
            attributes=_http_attributes(scope, method, route),
        )
        header = tracing.traceparent(span)

        async def traced_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_attribute("error.type", str(status))
                    span.set_status(Status(StatusCode.ERROR))
                if header is not None:
                    message["headers"] = [*message.get("headers", ()), (b"traceparent", header)]
            await send(message)

        token = context.attach(trace.set_span_in_context(span, parent))
        try:
            await self._http(scope, receive, traced_send)
        except Exception as error:
            failed(span, error)
            raise
        finally:
            context.detach(token)
            request_id = scope.get("state", {}).get("request_id")
            if request_id:  # given by EdgeMiddleware: the answer's X-Request-ID, in the logs
                span.set_attribute("campaign_graph.request_id", request_id)
            span.end()


def _http_attributes(scope: Scope, method: str, route: str | None) -> dict[str, Any]:
    """The HTTP semantic conventions' attributes of a request (no query string: a GET's holds
    the document and its variables)."""
    attributes: dict[str, Any] = {
        "http.request.method": method,
        "url.path": scope["path"],
        "url.scheme": scope.get("scheme", "http"),
        "network.protocol.version": scope.get("http_version", "1.1"),
    }
    if route is not None:
        attributes["http.route"] = route
    server, client = scope.get("server"), scope.get("client")
    if server:
        attributes["server.address"], attributes["server.port"] = server[0], server[1]
    if client:
        attributes["client.address"] = client[0]
    for name, value in scope["headers"]:
        if name == b"user-agent":
            attributes["user_agent.original"] = value.decode("latin-1")
    return attributes


def name_operation(span: Span, guard: Guard, query: str | None, name: str | None) -> str | None:
    """Name `span` after the operation a request runs (`query Dashboard`) and give it the
    GraphQL attributes; returns the operation's type, or None when the document does not
    parse or has no such operation (the span keeps its name)."""
    if not query or not span.is_recording():
        return None
    span.set_attribute("graphql.document.hash", document_hash(query))
    document = guard.parse(query)
    if document is None:
        return None
    operation = chosen_operation(document, name)
    if not isinstance(operation, OperationDefinitionNode):
        return None
    return describe(
        span, operation.operation.value, operation.name.value if operation.name else None
    )


def describe(span: Span, kind: str, name: str | None) -> str:
    """Name `span` after an operation of type `kind` and name `name`."""
    span.update_name(f"{kind} {name}" if name else kind)
    span.set_attribute("graphql.operation.type", kind)
    if name:
        span.set_attribute("graphql.operation.name", name)
    return kind


@functools.lru_cache(maxsize=512)
def document_hash(query: str) -> str:
    """`sha256:` and the hex digest of a document's text (what APQ calls its hash)."""
    return "sha256:" + hashlib.sha256(query.encode()).hexdigest()


def record_errors(span: Span, errors: list[GraphQLError] | None) -> None:
    """The errors of an operation's result: the first one's code as `error.type`, and the span
    marked ERROR when one of them is the server's (not for a client's mistakes, as HTTP 4xx
    are not). Codes only: messages may carry what a client sent."""
    if not errors:
        return
    codes = [str((error.extensions or {}).get("code") or "GRAPHQL_ERROR") for error in errors]
    server = [code for code in codes if code in SERVER_ERROR_CODES]
    span.set_attribute("error.type", server[0] if server else codes[0])
    if server:
        span.set_status(Status(StatusCode.ERROR, server[0]))


def failed(span: Span, error: BaseException) -> None:
    """Mark a span failed by an exception's class (its message may hold internals)."""
    kind = type(error).__qualname__
    span.set_attribute("error.type", kind)
    span.set_status(Status(StatusCode.ERROR, kind))


def _version() -> str:
    try:
        return importlib.metadata.version("campaign-graph")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
