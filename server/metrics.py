"""Prometheus metrics (docs/operations.md "Metrics": `GET /metrics`).

The metric objects live here, importable by any layer (this module imports nothing of the
server's); the app serves them and the middleware, the schema and the resolvers count.

Every label value comes from a small closed set (routes, methods, statuses, operation types,
error codes, outcomes): nothing a client sends becomes a label, so no request can grow the
number of series.

Several server processes (`campaign-graph serve --workers N`) share one directory of counters
(prometheus_client's multiprocess mode, `PROMETHEUS_MULTIPROC_DIR`, which `serve` sets up when
it starts more than one worker): whichever worker answers a scrape reports the sum of all.
"""

from __future__ import annotations

import os
import re

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    multiprocess,
)
from prometheus_client.exposition import choose_encoder

# A `_created` timestamp beside every series doubles the text for nothing Prometheus uses.
disable_created_metrics()  # type: ignore[no-untyped-call]

#: Where the workers of one `serve` keep their counters (unset: this process only).
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

#: Seconds: from a fast lookup to the request timeout (15 s by default).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0, 30.0)

HTTP_REQUESTS = Counter(
    "campaign_graph_http_requests",
    "HTTP requests answered, by route, method and status code.",
    ["route", "method", "status"],
)
HTTP_DURATION = Histogram(
    "campaign_graph_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by route.",
    ["route"],
    buckets=_LATENCY_BUCKETS,
)
HTTP_IN_PROGRESS = Gauge(
    "campaign_graph_http_requests_in_progress",
    "HTTP requests being answered right now.",
    multiprocess_mode="livesum",
)
WEBSOCKETS_OPEN = Gauge(
    "campaign_graph_websocket_connections",
    "Websocket connections open right now (graphql-transport-ws).",
    multiprocess_mode="livesum",
)
OPERATIONS = Counter(
    "campaign_graph_graphql_operations",
    "GraphQL operations by type (query, mutation, subscription) and outcome: ok, error "
    "(executed with errors in the response) or refused (never executed: invalid, over a "
    "limit, rate limited).",
    ["type", "outcome"],
)
GRAPHQL_ERRORS = Counter(
    "campaign_graph_graphql_errors",
    "Errors in the top-level `errors` of GraphQL responses, by `extensions.code`.",
    ["code"],
)
USER_ERRORS = Counter(
    "campaign_graph_user_errors",
    "Expected failures reported in mutation payloads (`errors: [UserError!]!`), by code.",
    ["code"],
)
EXECUTIONS = Counter(
    "campaign_graph_graphql_executions",
    "Query executions by engine: batched (level by level) or standard (graphql-core's own, "
    "for what the batched engine does not take or gives up).",
    ["engine"],
)
PERSISTED_QUERIES = Counter(
    "campaign_graph_persisted_queries",
    "Automatic persisted query lookups: hit, miss (the client must send the document) or "
    "registered (a document stored with its hash).",
    ["result"],
)
TRUSTED_DOCUMENTS = Counter(
    "campaign_graph_trusted_documents",
    "Operations checked against the trusted documents (modes permissive and on): trusted "
    "(a registered document, by id or text), untrusted (text not registered: refused in mode "
    "on, run in permissive) or unknown (an id no active app version registered).",
    ["result"],
)
SUBSCRIPTIONS_ACTIVE = Gauge(
    "campaign_graph_subscriptions_active",
    "campaignActivity subscriptions open right now.",
    multiprocess_mode="livesum",
)
SUBSCRIPTION_EVENTS = Counter(
    "campaign_graph_subscription_events",
    "Events pushed to subscribers.",
)
SUBSCRIPTIONS_DROPPED = Counter(
    "campaign_graph_subscriptions_dropped",
    "Subscriptions dropped because their client fell too far behind.",
)

#: The routes the application serves; any other path is counted as "other".
ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})
_METHODS = frozenset({"GET", "POST", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")


def route_label(path: str) -> str:
    """The `route` label of a path: one of the served routes, else "other"."""
    return path if path in ROUTES else "other"


def method_label(method: str) -> str:
    """The `method` label: a standard HTTP method, else "OTHER"."""
    return method if method in _METHODS else "OTHER"


def code_label(code: object) -> str:
    """The `code` label of an error: its code when it is one of ours (SCREAMING_SNAKE_CASE),
    "NONE" when it has none, "OTHER" for anything else."""
    if code is None:
        return "NONE"
    return code if isinstance(code, str) and _CODE.match(code) else "OTHER"


def exposition(accept: str | None) -> tuple[bytes, str]:
    """The current metrics in the format the scraper accepts, and its content type."""
    encoder, content_type = choose_encoder(accept or "")
    if os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return encoder(registry), content_type
    return encoder(REGISTRY), content_type


def process_stopped(pid: int) -> None:
    """Drop a stopped worker's live gauges (multiprocess mode only; its counters stay)."""
    if os.environ.get(MULTIPROCESS_ENV):
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
