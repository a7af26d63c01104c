"""Errors answered at the HTTP level, before or around GraphQL: always JSON, shaped like a
GraphQL error (`message`, `extensions.code`, `extensions.requestId`), never with internals."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from cross_web import HTTPException as StrawberryHTTPException
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response

from server.schema.errors import DATABASE_UNAVAILABLE, INTERNAL_MESSAGE
from server.services.core.outage import RETRY_AFTER

log = logging.getLogger("campaign_graph.http")

#: `extensions.code` of refusals made at the HTTP level, by status.
HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    503: "TIMEOUT",
}


def request_id_of(request: HTTPConnection) -> str:
    """The request id EdgeMiddleware gave this request ("-" outside it)."""
    return str(request.scope.get("state", {}).get("request_id", "-"))


def error_body(message: str, code: str, request_id: str) -> dict[str, object]:
    """The JSON body of one refusal."""
    return {"errors": [{"message": message, "extensions": {"code": code, "requestId": request_id}}]}


def error_response(
    status: int,
    message: str,
    request_id: str,
    *,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
    media_type: str = "application/json",
) -> Response:
    """A JSON refusal with `status` (its code from HTTP_CODES unless given)."""
    body = error_body(message, code or HTTP_CODES.get(status, "BAD_REQUEST"), request_id)
    return JSONResponse(body, status_code=status, headers=headers, media_type=media_type)


async def route_error(request: Request, exc: Exception) -> Response:
    """Starlette's routing refusals (no such path, a method the path does not take) as JSON."""
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # Starlette lists the route's methods in set order: one stable order for clients.
        allowed = ", ".join(sorted(m.strip() for m in headers.get("Allow", "").split(",")))
        headers["Allow"] = allowed
        message = f"{request.method} is not allowed on {request.url.path}: use {allowed}."
    elif exc.status_code == 404:
        message = f"Nothing at {request.url.path}: the API is at /graphql."
    else:
        message = str(exc.detail)
    return error_response(exc.status_code, message, request_id_of(request), headers=headers)


def unavailable_response(
    message: str, request_id: str, media_type: str = "application/json"
) -> Response:
    """503 for a database that could not answer (services/core/outage.py): retry soon."""
    return error_response(
        503,
        message,
        request_id,
        code=DATABASE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER)},
        media_type=media_type,
    )


def internal_response(request_id: str, media_type: str = "application/json") -> Response:
    """The masked 500 of an unexpected failure: its request id, never its details."""
    message = INTERNAL_MESSAGE.format(request_id=request_id)
    return error_response(
        500, message, request_id, code="INTERNAL_SERVER_ERROR", media_type=media_type
    )


async def internal_error(request: Request, exc: Exception) -> Response:
    """A failure nothing else answered: logged with its request id, answered without details."""
    rid = request_id_of(request)
    log.error("unexpected error answering request %s", rid, exc_info=exc)
    return internal_response(rid)


class Refused(StrawberryHTTPException):
    """A request refused before GraphQL runs, with its code and extra headers."""

    def __init__(
        self, status: int, message: str, code: str | None = None, headers: Mapping[str, str] = {}
    ) -> None:
        super().__init__(status, message)
        self.code = code or HTTP_CODES.get(status, "BAD_REQUEST")
        self.headers = dict(headers)


def refusal(
    exc: StrawberryHTTPException, request_id: str, media_type: str = "application/json"
) -> Response:
    """The JSON body of an HTTP-level refusal, shaped like a GraphQL error."""
    code = exc.code if isinstance(exc, Refused) else None
    headers = exc.headers if isinstance(exc, Refused) else {}
    return error_response(
        exc.status_code, exc.reason, request_id, code=code, headers=headers, media_type=media_type
    )
