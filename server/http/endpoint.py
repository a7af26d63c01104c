"""The `/graphql` endpoint (docs/api.md "Endpoint"): who is calling, what the body may be, how long
it may run, and JSON errors for every refusal made before GraphQL runs."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

import orjson
from cross_web import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from server.engine.library import core_schema
from server.http.authentication import UNAUTHENTICATED_MESSAGE, Unauthenticated, identify
from server.http.deadlines import Deadlines
from server.http.errors import (
    Refused,
    internal_response,
    refusal,
    request_id_of,
    unavailable_response,
)
from server.http.graphiql import graphiql_response
from server.http.lane import BodyReader, ExpressAnswer, read_express_request
from server.http.middleware import COMPRESSION, BodyTooLarge, Compression
from server.http.negotiation import GRAPHQL_RESPONSE_JSON, response_media_type
from server.http.persisted import PersistedQueryError
from server.http.shared import SharedState
from server.http.trusted import DocumentRefused, TrustedDocuments
from server.http.websocket import AuthenticatingHandler
from server.schema.errors import unavailable_database
from server.schema.express import ExpressLane
from server.schema.guard import Guard, RequestContext
from server.schema.schema import schema
from server.services.core.context import Actor, Role, ServiceContext, SystemClock
from server.services.core.outage import RETRY_AFTER, database_unavailable
from server.settings import Settings

log = logging.getLogger("campaign_graph.endpoint")

T = TypeVar("T")

#: Stands in while GraphiQL's page is served: the page itself runs no operation.
_PAGE_ACTOR = Actor(user="graphiql-page", role=Role.VIEWER)

#: The scope key of the request's actor, once found (Starlette's `request.state` makes an
#: object per access and an exception per attribute it does not have).
_ACTOR = "campaign_graph.actor"

#: Stands in on a websocket until connection_init authenticates it (nothing runs before).
_UNAUTHENTICATED_SOCKET = Actor(user="websocket-before-init", role=Role.VIEWER)


def _persisted_refusal(exc: PersistedQueryError, media_type: str) -> Refused:
    if exc.request_error:
        return Refused(400, exc.message, exc.code)
    # "Not found" is a protocol step: classic JSON clients expect it with 200; the
    # graphql-response media type needs a 4xx for a response without `data`.
    return Refused(404 if media_type == GRAPHQL_RESPONSE_JSON else 200, exc.message, exc.code)


class _JsonRequest:
    """A request adapter whose body is known to be JSON, however its Content-Type was cased."""

    content_type = "application/json"

    def __init__(self, request: Any) -> None:
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request, name)


class GraphQLEndpoint(GraphQL[RequestContext, None]):
    """Strawberry's ASGI view with authentication, the guard, batching rules and a timeout;
    subscriptions over graphql-transport-ws only (authenticated in server/http/websocket.py)."""

    graphql_transport_ws_handler_class = AuthenticatingHandler
    #: The express lane's class (server/http/traced.py names the operation's span first).
    express_lane_class = ExpressLane

    def __init__(self, settings: Settings, shared: SharedState | None = None) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            # Pages on other origins may open a websocket only when CORS allows them.
            allowed_origins=settings.cors_origins,
        )
        self.settings = settings
        shared = shared or SharedState(settings)
        self.guard = Guard(settings, shared.rate_limiter)
        self.express = self.express_lane_class(core_schema(schema), self.guard)
        self.clock = SystemClock()
        self.deadlines = Deadlines(settings.request_timeout)
        self.persisted = shared.persisted
        #: Trusted documents (server/http/trusted.py); None when the mode is off.
        self.trusted = TrustedDocuments.from_settings(settings)

    def decode_json(self, data: str | bytes) -> object:
        # orjson: faster, and a body that is not UTF-8 is a JSONDecodeError too (a 400), where
        # json.loads raises UnicodeDecodeError (a 500).
        return orjson.loads(data)

    def encode_json(self, data: object) -> str:
        # orjson: several times faster than json.dumps on large answers. Text, not bytes:
        # websocket messages (graphql-transport-ws) must be text frames.
        return orjson.dumps(data).decode()

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL opening on the example journeys, on its vendored assets (CSP: this origin)."""
        return graphiql_response(self.clock.today())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        reader = BodyReader(receive)
        request = Request(scope, reader)
        response: Any
        try:
            response = await self._express(request, reader) or await self.run(request)
        except HTTPException as exc:
            response = refusal(exc, request_id_of(request), _media_type(request))
        except BodyTooLarge:
            raise  # the body-size middleware answers 413: the client sent too much
        except ClientDisconnect:
            # The client went away before its request was read: nobody to answer, nothing wrong.
            log.info("client disconnected before request %s was read", request_id_of(request))
            return
        except Exception as exc:
            # A failure outside GraphQL execution (which has its own error policy): logged
            # with the request id, answered as GraphQL errors are, never with the details.
            request_id = request_id_of(request)
            unavailable = database_unavailable(exc)
            if unavailable is None:
                log.exception("unexpected error answering request %s", request_id)
                response = internal_response(request_id, _media_type(request))
            else:
                log.warning("database unavailable answering request %s: %r", request_id, exc)
                response = unavailable_response(unavailable, request_id, _media_type(request))
        compression: Compression | None = scope.get(COMPRESSION)
        if compression is not None:
            response = compression.applied(response)
        await response(scope, receive, send)

    async def _express(self, request: Request, reader: BodyReader) -> ExpressAnswer | None:
        """The answer of the express lane (server/schema/express.py) to a plain JSON POST of a
        known query document, or None: the full path answers (server/http/lane.py). Its
        resolvers get no response to change (`context.response` is None): the lane answers
        200 with a JSON body or hands on."""
        admit = self.trusted.expressed if self.trusted is not None else None
        asked = await read_express_request(request, reader, admit)
        if asked is None:
            return None
        plan = self.express.plan(asked.query, asked.operation_name)
        if plan is None:
            return None
        try:
            actor = await self._actor(request, asked.authorization)
        except Refused:
            return None  # the full path refuses it, as it refuses everything else
        context = self._context(request, None, actor)
        answer = await self._timed(self.express.run(plan, asked.variables, context))
        if answer is None:
            return None
        return ExpressAnswer.of(answer, asked.accept)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET carrying only a persisted query's hash or a document id runs it, whatever it
        # accepts.
        params = request.query_params
        return (
            params.get("extensions") is None
            and params.get("documentId") is None
            and super().should_render_graphql_ide(request)
        )

    async def parse_http_body(self, request: Any) -> Any:
        # Only JSON bodies run: form, text and multipart posts are what CSRF uses (415).
        if request.method == "POST":
            _refuse_unreadable(request.headers)
            # A JSON string, number, boolean or null is no GraphQL request (Strawberry would
            # fail on it with a 500); the body is cached, so reading it here costs nothing.
            if (await request.get_body()).lstrip()[:1] not in (b"{", b"["):
                raise Refused(400, _NOT_AN_OBJECT)
            # Media types are case-insensitive (RFC 9110); Strawberry compares them as written.
            request = _JsonRequest(request)
        parsed = await super().parse_http_body(request)
        if self.trusted is not None:
            try:
                await self.trusted.resolve(request, parsed)
            except DocumentRefused as exc:
                raise Refused(400, exc.message, exc.code) from None
            if self.trusted.enforcing:
                return parsed  # registered documents only: APQ neither stores nor looks up
        try:
            for data in parsed if isinstance(parsed, list) else [parsed]:
                await self.persisted.resolve(data)
        except PersistedQueryError as exc:
            accept = request.headers.get("accept")
            raise _persisted_refusal(exc, response_media_type(accept)) from None
        return parsed

    def _validate_batch_request(self, request_data: list[Any], protocol: Any) -> None:
        if not self.settings.max_batch:
            raise Refused(400, "Batched requests are not enabled on this server.", "BATCH_REFUSED")
        if len(request_data) > self.settings.max_batch:
            raise Refused(
                400,
                f"A batch may hold at most {self.settings.max_batch} operations "
                f"(got {len(request_data)}).",
                "BATCH_REFUSED",
            )
        for index, item in enumerate(request_data):
            problem = _batch_item_problem(item)
            if problem:
                raise Refused(400, f"Operation {index} of the batch: {problem}")
        super()._validate_batch_request(request_data, protocol=protocol)

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        return await self._timed(super().execute_operation(*args, **kwargs))

    async def _timed(self, work: Awaitable[T]) -> T:
        """`work` within the request timeout, or a 503 (its transaction, if any, rolled back)."""
        try:
            return await self.deadlines.run(work)
        except TimeoutError:
            log.warning("request stopped after %ss", self.settings.request_timeout)
            raise Refused(
                503,
                f"The request took longer than {self.settings.request_timeout:g} s and was "
                "stopped; its changes, if any, were rolled back.",
                headers={"Retry-After": "1"},
            ) from None

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        try:
            result = await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            # A mutation over GET is a wrong method, not a bad request (405).
            if isinstance(exc.__cause__, InvalidOperationTypeError):
                raise Refused(405, exc.reason) from exc
            raise
        sub_response = kwargs["sub_response"]
        if (
            isinstance(result, PreExecutionError)
            and sub_response.media_type == GRAPHQL_RESPONSE_JSON
            and not sub_response.status_code
        ):
            # graphql-response+json: a request that never executed is a client error.
            sub_response.status_code = 400
        elif unavailable_database(result.errors):
            # Not the client's doing, and it will pass: 503, and when to try again.
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = str(RETRY_AFTER)
        return result

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = _media_type(request)
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        data = await super().process_result(request, result)
        if isinstance(result, PreExecutionError) and _media_type(request) == GRAPHQL_RESPONSE_JSON:
            data.pop("data", None)  # nothing executed: the response has no `data` entry
        return data

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        # Strawberry's, with the body as orjson's bytes: encode_json gives text (websocket
        # messages must be text frames), which a 1 MB dashboard paid for twice, to text and
        # back to bytes (about 1 ms).
        response = Response(
            orjson.dumps(response_data),
            status_code=sub_response.status_code or 200,
            media_type="application/json",
        )
        response.headers.raw.extend(sub_response.headers.raw)
        if sub_response.background:
            response.background = sub_response.background
        if sub_response.media_type == GRAPHQL_RESPONSE_JSON:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
        return response

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        if isinstance(request, WebSocket):
            actor = _UNAUTHENTICATED_SOCKET
        elif self.should_render_graphql_ide(self.request_adapter_class(request)):
            actor = _PAGE_ACTOR
        else:
            actor = await self._actor(request)
        return self._context(request, response, actor)

    async def _actor(self, request: Request, authorization: str | None = None) -> Actor:
        """Who sends this request (found once per request, whichever path answers it);
        `authorization` is its Authorization header when the caller has read it."""
        scope = request.scope
        known: Actor | None = scope.get(_ACTOR)
        if known is not None:
            return known
        try:
            actor = await identify(request, self.settings, self.clock, authorization=authorization)
        except Unauthenticated:
            raise Refused(
                401, UNAUTHENTICATED_MESSAGE, headers={"WWW-Authenticate": "Bearer"}
            ) from None
        scope[_ACTOR] = actor
        return actor

    def _context(
        self, request: Request | WebSocket, response: Response | WebSocket | None, actor: Actor
    ) -> RequestContext:
        return RequestContext(
            service=ServiceContext(actor=actor, clock=self.clock),
            request_id=request_id_of(request),
            default_page_size=self.settings.default_page_size,
            max_page_size=self.settings.max_page_size,
            request=request,
            response=response,
            guard=self.guard,
            streaming=isinstance(request, WebSocket),
        )


_NOT_AN_OBJECT = (
    'The request body must be a JSON object such as {"query": "...", "variables": {...}} '
    "(or, where batches are enabled, an array of them)."
)


#: The members of one GraphQL request and the JSON types each may have (null always).
_MEMBERS = {"query": str, "operationName": str, "variables": dict, "extensions": dict}


def _refuse_unreadable(headers: Mapping[str, str]) -> None:
    """415 for a body we would misread: not JSON, in a charset other than UTF-8 (the only one
    GraphQL over HTTP requires), or compressed (bodies are read as sent)."""
    media_type, *parameters = headers.get("content-type", "").split(";")
    if media_type.strip().lower() != "application/json":
        raise Refused(415, "Unsupported content type: send application/json.")
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise Refused(415, f"Unsupported charset {charset!r}: send the body as UTF-8.")
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise Refused(
            415, f"Unsupported Content-Encoding {encoding!r}: send the body uncompressed."
        )


def _batch_item_problem(item: object) -> str | None:
    """What is wrong with one operation of a batch, or None (Strawberry checks only single
    requests, and fails with a 500 on a batch item that is not an object)."""
    if not isinstance(item, dict):
        return "it must be a JSON object."
    for member, kind in _MEMBERS.items():
        value = item.get(member)
        if value is not None and not isinstance(value, kind):
            wanted = "a string" if kind is str else "an object"
            return f"`{member}` must be {wanted} or null."
    return None


def _media_type(request: Request | WebSocket) -> str:
    return response_media_type(request.headers.get("accept"))
