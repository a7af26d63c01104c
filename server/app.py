"""The ASGI application: routes, middleware, lifespan (docs/api.md "Endpoint")."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hmac
import logging
import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from tortoise import connections

from server import metrics
from server.db import close_db, init_db
from server.http.broker import broker_for, watch_for
from server.http.endpoint import GraphQLEndpoint
from server.http.errors import internal_error, route_error
from server.http.graphiql import asset_route
from server.http.middleware import EdgeMiddleware
from server.http.shared import SharedState
from server.services.accounts import credentials
from server.services.core import events, pg_reader
from server.services.core.outage import RETRY_AFTER, database_unavailable
from server.settings import Settings

if TYPE_CHECKING:
    from server.http.tracing import Tracing

log = logging.getLogger("campaign_graph.app")


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Readiness: the database answers."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:
        if database_unavailable(exc) is None:
            log.exception("readiness check failed")
        else:
            log.warning("not ready: the database is unavailable (%r)", exc)
        headers = {"Retry-After": str(RETRY_AFTER)}
        return JSONResponse({"status": "unavailable"}, status_code=503, headers=headers)
    return JSONResponse({"status": "ok"})


def metrics_endpoint(token: str | None) -> Any:
    """GET /metrics: Prometheus text (or OpenMetrics when the scraper asks for it); with a
    token configured, only for `Authorization: Bearer <token>`."""
    expected = f"Bearer {token}".encode() if token else None

    async def serve_metrics(request: Request) -> Response:
        if expected is not None:
            given = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                return JSONResponse(
                    {"errors": [{"message": "Metrics need the scrape token."}]},
                    status_code=401,
                    headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
                )
        body, content_type = metrics.exposition(request.headers.get("accept"))
        return Response(body, headers={"Content-Type": content_type})

    return serve_metrics


_frozen = False

#: Young collections every 50,000 container allocations instead of 700. An answer's objects
#: (rows, pages, the response's dicts) live for one request and go by reference counting;
#: collected every 700 allocations, each was walked again and again while it was being
#: built (about 7 ms of collections per dashboard, 1.4 ms with this threshold).
GC_THRESHOLDS = (50_000, 20, 10)

#: Answers from 1 KB on are gzipped for clients that accept it, at level 6 (zlib's default),
#: not Starlette's 9: on the 900 KB dashboard it takes 8 ms instead of 27 for an answer 6 KB
#: larger (75 KB instead of 69).
GZIP_MINIMUM_SIZE = 1024
GZIP_LEVEL = 6


def _freeze_startup_objects() -> None:
    """Everything loaded by the first startup (modules, the schema, ORM metadata) lives as
    long as the process: frozen, the garbage collector stops walking it on each full
    collection, which cost the dashboard about 45 ms whenever one fell inside a request.
    Once per process (tests build many apps; what they leave behind is not frozen)."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        _frozen = True


def create_app(
    settings: Settings | None = None,
    *,
    manage_database: bool = True,
    tracing: Tracing | None = None,
) -> Starlette:
    """Build the application; `manage_database=False` when the caller owns the connections.
    Traces are on when the settings say so, or with a `tracing` the caller made (and shuts
    down); off, nothing of OpenTelemetry is imported (server/http/tracing.py)."""
    settings = settings or Settings.from_env()
    own_tracing = tracing is None and settings.tracing != "off"
    if own_tracing:
        from server.http.tracing import Tracing

        tracing = Tracing.from_settings(settings)
    shared = SharedState(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            await init_db(settings.database_url)
        broker = broker_for(settings)
        # Before the broker starts: the watch may listen on its connection.
        watch = watch_for(settings, broker)
        await broker.start()
        previous = events.install(broker)
        previous_watch = credentials.install(watch)
        pg_reader.install()
        await shared.start()
        _freeze_startup_objects()
        try:
            yield
        finally:
            await shared.stop()
            await pg_reader.uninstall()
            credentials.install(previous_watch)
            watch.close()
            events.install(previous)
            await broker.stop()
            if manage_database:
                await close_db()
            if own_tracing and tracing is not None:
                await asyncio.to_thread(tracing.shutdown)  # sends the spans still waiting
            metrics.process_stopped(os.getpid())

    graphql: Any
    edge: Any = EdgeMiddleware
    traced: dict[str, Any] = {}
    if tracing is None:
        graphql = GraphQLEndpoint(settings, shared)
    else:
        from server.http.traced import TracedGraphQLEndpoint
        from server.http.tracing import TracedEdgeMiddleware

        graphql = TracedGraphQLEndpoint(settings, tracing, shared)
        edge, traced = TracedEdgeMiddleware, {"tracing": tracing}
    middleware: list[Middleware] = [
        Middleware(
            edge,
            max_bytes=settings.max_body_bytes,
            graphql=graphql,
            cors=bool(settings.cors_origins),
            gzip_minimum_size=GZIP_MINIMUM_SIZE,
            gzip_level=GZIP_LEVEL,
            **traced,
        ),
        Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE, compresslevel=GZIP_LEVEL),
    ]
    # Browsers send and read a trace's headers across origins only when CORS allows them.
    trace_headers = ["traceparent", "tracestate"] if tracing is not None else []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", "X-Request-ID", *trace_headers],
                expose_headers=["X-Request-ID", *trace_headers[:1]],
            )
        )
    # GET implies HEAD in Starlette; /graphql has no use for it (a query's answer or the
    # GraphiQL page without its body): 405 with `Allow: GET, POST`, as for other methods.
    graphql_route = Route("/graphql", graphql, methods=["GET", "POST"])
    graphql_route.methods = {"GET", "POST"}
    routes = [
        graphql_route,
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
    if settings.graphiql:
        routes.append(asset_route())  # GraphiQL's vendored files: the page needs no internet
    if settings.metrics and (settings.metrics_token or not settings.is_production):
        routes.append(Route("/metrics", metrics_endpoint(settings.metrics_token), methods=["GET"]))
    elif settings.metrics:
        log.warning("no /metrics in production until CAMPAIGN_GRAPH_METRICS_TOKEN is set")
    return Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        # Every answer is JSON, refusals of routing (404, 405) and failures too.
        exception_handlers={HTTPException: route_error, Exception: internal_error},
    )
