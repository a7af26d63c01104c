"""Subscriptions over graphql-transport-ws (docs/api.md "Subscriptions"): who is subscribing.

Browsers cannot set headers on a websocket, so the credentials may come in the
`connection_init` payload as `{"Authorization": "Bearer <token>"}`; a header on the upgrade
request works too, and in demo mode a direct loopback client without credentials is the demo
manager, exactly as over HTTP. A connection without acceptable credentials is closed with
4403 (Forbidden) before anything runs; subscribing before `connection_init` closes it with
4401. The credentials are checked again at every `subscribe`, so a revoked or expired token
stops opening subscriptions on a connection that is already open.

Queries and mutations sent over the socket have the same time limit as over HTTP: past it they
are stopped (a mutation's transaction rolls back) and answered with a TIMEOUT error message.
Subscriptions run until the client or the server ends them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)
from strawberry.types.graphql import OperationType
from strawberry.utils.operation import get_operation_type

from server.engine.loaders import Loaders
from server.http.authentication import Unauthenticated, identify
from server.schema.guard import RequestContext
from server.services.core.context import Actor, ServiceContext

log = logging.getLogger("campaign_graph.websocket")

#: Close code and reason for a connection whose credentials are refused.
FORBIDDEN = (4403, "Forbidden")


def credentials_from(payload: dict[str, Any]) -> str | None:
    """The `Authorization` value of a connection_init payload (any key case), if any."""
    for key, value in payload.items():
        if isinstance(key, str) and key.lower() == "authorization":
            return value if isinstance(value, str) else ""
    return None


class AuthenticatingHandler(BaseGraphQLTransportWSHandler[RequestContext, None]):
    """graphql-transport-ws with our authentication at connection_init and subscribe."""

    credentials: str | None = None

    def _connection(self) -> WebSocket:
        request = self.context.request
        assert isinstance(request, WebSocket)
        return request

    async def _actor(self) -> Actor | None:
        view: Any = self.view
        try:
            return await identify(
                self._connection(), view.settings, view.clock, authorization=self.credentials
            )
        except Unauthenticated:
            return None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        payload = message.get("payload")
        first = not self.connection_init_received and not self.connection_timed_out
        if first and (payload is None or isinstance(payload, dict)):
            self.credentials = credentials_from(payload or {})
            actor = await self._actor()
            if actor is None:
                self.connection_init_received = True
                if self.connection_init_timeout_task:
                    self.connection_init_timeout_task.cancel()
                log.info("websocket refused: no acceptable credentials")
                await self.websocket.close(*FORBIDDEN)
                return
            self.context.service = ServiceContext(actor=actor, clock=self.context.service.clock)
            self.context.loaders = Loaders(self.context.service)
        await super().handle_connection_init(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        payload: Any = message.get("payload")
        trusted = getattr(self.view, "trusted", None)
        if trusted is not None and self.connection_acknowledged and isinstance(payload, dict):
            # Trusted documents (server/http/trusted.py): a payload may name its document by
            # id; one that may not run is answered with an error message for its id.
            refused = await trusted.resolve_payload(payload)
            if refused is not None:
                error = {"id": message["id"], "type": "error", "payload": [refused.error]}
                await self.send_message(error)  # type: ignore[arg-type]
                return
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            # The protocol's answer to a malformed message (rather than an "unexpected" error).
            await self.websocket.close(4400, "A subscribe message needs a query string.")
            return
        if self.connection_acknowledged:
            actor = await self._actor()
            if actor is None:
                log.info("websocket closed: its credentials are no longer valid")
                await self.websocket.close(*FORBIDDEN)
                return
            self.context.service = ServiceContext(actor=actor, clock=self.context.service.clock)
            self.context.loaders = Loaders(self.context.service)
        await super().handle_subscribe(message)

    async def run_operation(self, operation: Operation[RequestContext, None]) -> None:
        if self._is_subscription(operation):
            await super().run_operation(operation)
            return
        view: Any = self.view
        limit = view.settings.request_timeout
        try:
            async with asyncio.timeout(limit):
                await super().run_operation(operation)
        except TimeoutError:
            log.warning("websocket operation stopped after %ss", limit)
            await operation.send_initial_errors(
                [
                    GraphQLError(
                        f"The operation took longer than {limit:g} s and was stopped; its "
                        "changes, if any, were rolled back.",
                        extensions={"code": "TIMEOUT"},
                    )
                ]
            )

    def _is_subscription(self, operation: Operation[RequestContext, None]) -> bool:
        view: Any = self.view
        document = view.guard.parse(operation.query)
        if document is None:
            return False  # it fails at once, with the parse error
        try:
            kind = get_operation_type(document, operation.operation_name)
        except Exception:
            return False  # no such operation: it fails at once as well
        return kind is OperationType.SUBSCRIPTION
