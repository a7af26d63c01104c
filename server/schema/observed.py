"""Operation metrics (server/metrics.py): each GraphQL operation by type and outcome, and the
codes of the errors its response carries, counted once the error policy has named them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from server import metrics


class OperationMetrics(SchemaExtension):
    """Counts operations and their top-level errors. Listed before the error policy, so it
    sees the errors with the codes the client gets."""

    executed = False

    def on_execute(self) -> Iterator[None]:
        self.executed = True  # a fresh instance per operation: Strawberry makes one each time
        yield

    def on_operation(self) -> Iterator[None]:
        yield
        ec = self.execution_context
        # The result's errors carry the policy's codes; pre-execution errors are the same
        # errors before it, where Strawberry made no result of them.
        errors: list[Any] = list(
            getattr(ec.result, "errors", None) or ec.pre_execution_errors or ()
        )
        outcome = "ok" if not errors else "error" if self.executed else "refused"
        metrics.OPERATIONS.labels(_operation_type(self), outcome).inc()
        _count(errors)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        # A subscription's events: their errors are counted as they are sent.
        yield
        _count(getattr(result, "errors", None) or ())


def _count(errors: Iterable[Any]) -> None:
    for error in errors:
        metrics.GRAPHQL_ERRORS.labels(
            metrics.code_label((error.extensions or {}).get("code"))
        ).inc()


def _operation_type(extension: SchemaExtension) -> str:
    try:
        return extension.execution_context.operation_type.value
    except Exception:
        return "unknown"  # not parsed, or no operation of the given name
