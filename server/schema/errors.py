"""Error policy: expected errors keep their code; anything unexpected is masked and logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from server.services.errors import DomainError, PermissionDenied

log = logging.getLogger("campaign_graph.errors")

INTERNAL_MESSAGE = "Internal server error. Quote request id {request_id} when reporting it."


def _request_id(extension: SchemaExtension) -> str:
    context = extension.execution_context.context
    return str(getattr(context, "request_id", "-"))


class ErrorPolicy(SchemaExtension):
    """Give every error an `extensions.code`; never let internals reach the client."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        request_id = _request_id(self)
        result.errors = [self._classify(error, request_id) for error in result.errors]

    def _classify(self, error: GraphQLError, request_id: str) -> GraphQLError:
        original = error.original_error
        if original is None or isinstance(original, GraphQLError):
            extensions = dict(error.extensions or {})
            extensions.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
            return _copy(error, error.message, extensions)
        if isinstance(original, PermissionDenied):
            return _copy(error, original.message, {"code": "FORBIDDEN"})
        if isinstance(original, DomainError):
            return _copy(error, original.message, {"code": original.code.value})
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
