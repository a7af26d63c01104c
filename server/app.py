"""The ASGI application: routes, middleware, lifespan (API.md "Transport")."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema.exceptions import InvalidOperationTypeError
from tortoise import connections

from server.db import close_db, init_db
from server.middleware import BodySizeLimitMiddleware, RequestIdMiddleware
from server.resolvers.context import GraphQLContext
from server.schema.schema import schema
from server.services.context import Actor, Role, ServiceContext, SystemClock
from server.settings import Settings

log = logging.getLogger("campaign_graph.app")

#: Until API tokens exist, development and demo servers act for this user.
DEMO_ACTOR = Actor(user="demo", role=Role.MANAGER)


class GraphQLEndpoint(GraphQL[GraphQLContext, None]):
    """Strawberry's ASGI view with our per-request context."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=False,
        )
        self.settings = settings

    async def parse_http_body(self, request: Any) -> Any:
        # Only JSON bodies run: form, text and multipart posts are what CSRF uses (415).
        if request.method == "POST":
            content_type = (request.content_type or "").split(";")[0].strip().lower()
            if content_type != "application/json":
                raise HTTPException(415, "Unsupported content type: send application/json.")
        return await super().parse_http_body(request)

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            # A mutation over GET is a wrong method, not a bad request (405).
            if isinstance(exc.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, exc.reason) from exc
            raise

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> GraphQLContext:
        if self.settings.is_production:
            raise HTTPException(401, "UNAUTHENTICATED")
        return GraphQLContext(
            service=ServiceContext(actor=DEMO_ACTOR, clock=SystemClock()),
            request_id=str(request.scope.get("state", {}).get("request_id", "-")),
            default_page_size=self.settings.default_page_size,
            max_page_size=self.settings.max_page_size,
            request=request,
            response=response,
        )


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Readiness: the database answers."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        log.exception("readiness check failed")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """Build the application; `manage_database=False` when the caller owns the connections."""
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            await init_db(settings.database_url)
        try:
            yield
        finally:
            if manage_database:
                await close_db()

    middleware: list[Middleware] = [
        Middleware(RequestIdMiddleware),
        Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        Middleware(GZipMiddleware, minimum_size=1024),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
                expose_headers=["X-Request-ID"],
            )
        )
    graphql: Any = GraphQLEndpoint(settings)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
