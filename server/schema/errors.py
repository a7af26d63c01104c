"""Error policy: expected errors keep their code; anything unexpected is masked and logged."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

from server.resolvers.mutations import camel
from server.services.core.errors import DomainError, PermissionDenied, ValidationFailed
from server.services.core.outage import RETRY_AFTER, database_unavailable

log = logging.getLogger("campaign_graph.errors")

INTERNAL_MESSAGE = "Internal server error. Quote request id {request_id} when reporting it."

#: The code of an error the database's absence caused (services/core/outage.py): retryable,
#: and answered with 503 and Retry-After.
DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"


def unavailable_database(errors: list[GraphQLError] | None) -> bool:
    """Whether an answer's errors say the database could not answer."""
    return any((e.extensions or {}).get("code") == DATABASE_UNAVAILABLE for e in errors or ())


#: graphql-core's "Did you mean ...?" hints reveal the schema; production drops them.
_SUGGESTION = re.compile(r" Did you mean .*\?$")


def _pre_execution_code(error: GraphQLError) -> str:
    if isinstance(error, GraphQLSyntaxError):
        # The token limit aborts parsing with a syntax error of its own.
        if "Document contains more than" in error.message:
            return "QUERY_TOO_COMPLEX"
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def _request_id(extension: SchemaExtension) -> str:
    context = extension.execution_context.context
    return str(getattr(context, "request_id", "-"))


class ErrorPolicy(SchemaExtension):
    """Give every error an `extensions.code`; never let internals reach the client."""

    def on_operation(self) -> Iterator[None]:
        yield
        self._classify_all(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        # Each result of a subscription gets the same treatment before it is sent.
        self._classify_all(result)
        yield

    def _classify_all(self, result: Any) -> None:
        if result is None or not getattr(result, "errors", None):
            return
        request_id = _request_id(self)
        guard = getattr(self.execution_context.context, "guard", None)
        suggestions = guard is None or guard.suggestions
        result.errors = [
            self._classify(error, request_id, suggestions=suggestions) for error in result.errors
        ]

    def _classify(self, error: GraphQLError, request_id: str, *, suggestions: bool) -> GraphQLError:
        original = error.original_error
        if original is None or isinstance(original, GraphQLError):
            extensions = dict(error.extensions or {})
            extensions.setdefault("code", _pre_execution_code(error))
            message = error.message if suggestions else _SUGGESTION.sub("", error.message)
            return _copy(error, message, extensions)
        if isinstance(original, PermissionDenied):
            return _copy(error, original.message, {"code": "FORBIDDEN"})
        if isinstance(original, DomainError):
            return _copy(error, original.message, {"code": original.code.value})
        if isinstance(original, ValidationFailed):
            # Arguments of a read that break a rule (a mutation's become payload errors): a
            # request-level problem, as for page sizes and cursors, listing every problem with
            # its own code and argument path.
            problems = [
                {"code": e.code.value, "field": [camel(p) for p in e.field]}
                for e in original.errors
            ]
            message = "; ".join(e.message for e in original.errors)
            return _copy(error, message, {"code": "BAD_USER_INPUT", "problems": problems})
        unavailable = database_unavailable(original)
        if unavailable is not None:
            log.warning(
                "database unavailable in %s (request %s): %r",
                ".".join(str(p) for p in error.path or ()),
                request_id,
                original,
            )
            extensions = {"code": DATABASE_UNAVAILABLE, "retryAfter": RETRY_AFTER}
            return _copy(error, unavailable, extensions)
        log.error(
            "unexpected error in %s (request %s)",
            ".".join(str(p) for p in error.path or ()),
            request_id,
            exc_info=original,
        )
        return _copy(
            error,
            INTERNAL_MESSAGE.format(request_id=request_id),
            {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )


def _copy(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )
