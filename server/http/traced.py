"""The endpoint with traces on (server/http/tracing.py): each operation names its span.

- HTTP, the express lane (server/schema/express.py): the request's server span is named after
  the planned query before it runs (a request the lane hands on is named again, the same, by
  the full path).
- HTTP, the full path: after the document Strawberry's view is given, its result's errors
  recorded on the span (`record_errors`). In a batch, each operation gets a span of its own
  (INTERNAL, a child of the request's), named the same way.
- WebSocket: each operation a client subscribes to is a SERVER span, a child of the
  `traceparent` of the upgrade request when it had one. A query's or mutation's span lasts as
  long as it runs. A subscription's ends once its stream has started (it may live for hours,
  and a span is sent only when it ends); the statements of its events are not traced.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from opentelemetry import context, trace
from opentelemetry.trace import Span, SpanKind
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import Operation

from server.http.endpoint import GraphQLEndpoint
from server.http.shared import SharedState
from server.http.tracing import (
    Tracing,
    describe,
    document_hash,
    failed,
    name_operation,
    record_errors,
)
from server.http.websocket import AuthenticatingHandler
from server.schema.express import ExpressLane, Plan
from server.schema.guard import RequestContext
from server.settings import Settings

#: Whether the operations executing belong to a batch (each gets a span of its own).
_BATCH: ContextVar[bool] = ContextVar("traced_batch", default=False)

#: A span's name until its operation is known (OpenTelemetry's GraphQL conventions).
UNNAMED = "GraphQL Operation"


class TracedExpressLane(ExpressLane):
    """The express lane, naming the request's span after the query it runs."""

    async def run(
        self, plan: Plan, variables: Any, context: RequestContext
    ) -> dict[str, Any] | None:
        span = trace.get_current_span()
        if span.is_recording():
            name = plan.operation.name
            describe(span, "query", name.value if name else None)
            span.set_attribute("graphql.document.hash", document_hash(plan.query))
        return await super().run(plan, variables, context)


class TracedHandler(AuthenticatingHandler):
    """graphql-transport-ws with a span per operation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Subscriptions whose span ends once their stream has started, by operation id.
        self._starting: dict[str, Span] = {}

    async def run_operation(self, operation: Operation[RequestContext, None]) -> None:
        view: Any = self.view
        span = view.tracing.tracer.start_span(UNNAMED, kind=SpanKind.SERVER)
        span.set_attribute("network.protocol.name", "websocket")
        kind = name_operation(span, view.guard, operation.query, operation.operation_name)
        if kind == "subscription":
            self._starting[operation.id] = span
        token = context.attach(trace.set_span_in_context(span))
        try:
            await super().run_operation(operation)
        except Exception as error:
            failed(span, error)
            raise
        finally:
            context.detach(token)
            if kind != "subscription" or self._starting.pop(operation.id, None) is not None:
                span.end()

    async def _send_result_stream(self, operation: Any, result_source: Any) -> None:
        span = self._starting.pop(operation.id, None)
        if span is not None:
            span.end()  # the subscription has started
        await super()._send_result_stream(operation, result_source)


class TracedGraphQLEndpoint(GraphQLEndpoint):
    """The endpoint, naming each operation's span and recording its errors."""

    graphql_transport_ws_handler_class = TracedHandler
    express_lane_class = TracedExpressLane

    def __init__(
        self, settings: Settings, tracing: Tracing, shared: SharedState | None = None
    ) -> None:
        super().__init__(settings, shared)
        self.tracing = tracing

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(kwargs.get("request_data"), list):
            return await super().execute_operation(*args, **kwargs)
        token = _BATCH.set(True)  # the operations gathered run in copies of this context
        try:
            return await super().execute_operation(*args, **kwargs)
        finally:
            _BATCH.reset(token)

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        data = kwargs["request_data"]
        if not _BATCH.get():
            span = trace.get_current_span()
            name_operation(span, self.guard, data.query, data.operation_name)
            result = await super().execute_single(*args, **kwargs)
            record_errors(span, result.errors)
            return result
        span = self.tracing.tracer.start_span(UNNAMED, kind=SpanKind.INTERNAL)
        name_operation(span, self.guard, data.query, data.operation_name)
        token = context.attach(trace.set_span_in_context(span))
        try:
            result = await super().execute_single(*args, **kwargs)
            record_errors(span, result.errors)
            return result
        except Exception as error:
            failed(span, error)
            raise
        finally:
            context.detach(token)
            span.end()
