"""The express lane: a known query document answered without the per-request machinery.

Answering `campaign(no:) { no description }` through Strawberry's view and schema costs about
0.5 ms of Python before and after the one statement that reads the campaign: request adapters,
an execution context, three schema extensions entered and left at five steps each, the guard
looking the document up again at every step, variables coerced twice. Most of it is the same
for every request of the same document.

A plan is kept per document text and operation name once the document has parsed, named one
query operation and validated (the guard's caches). A request for a planned document is then
measured against the limits (the guard's analysis, reused while the variables it read hold),
charged to its caller's budget and run by graphql-core's `execute` with the batched engine alone
(engine/executor.py, ExpressExecutionContext); its answer is the data. Anything else takes the
full path, which answers it exactly as before: a document that does not plan, a limit exceeded,
a rate refusal, variables that do not coerce, an error or anything else the batched engine
hands on (the charge is refunded first, the full path charges again, and the attempt is not
counted as an execution). Queries change nothing, so running one again is safe. What the
extensions do on success is done here too: the operation is counted, the loaders' rows released.

tests/api/engine/test_differential.py compares this lane and the batched engine against the full
path on graphql-core alone, on generated operations; test_express.py the rest of the response.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard, cast

from graphql import DocumentNode, GraphQLSchema, OperationDefinitionNode, OperationType, execute
from strawberry.execution.is_awaitable import optimized_is_awaitable

from server import metrics
from server.engine import executor
from server.engine.executor import ExpressExecutionContext, HandedOn
from server.schema.guard import Guard, RequestContext, chosen_operation

_CAPACITY = 512

_OK = metrics.OPERATIONS.labels("query", "ok")

#: Strawberry's check, typed as graphql-core asks.
_IS_AWAITABLE = cast("Callable[[Any], TypeGuard[Awaitable[Any]]]", optimized_is_awaitable)


@dataclass(frozen=True, slots=True)
class Plan:
    """A query document known to parse, name one query operation and validate."""

    query: str
    document: DocumentNode
    operation_name: str | None


class ExpressLane:
    """Plans by document and the runs of planned documents (one per server, like the guard)."""

    def __init__(self, schema: GraphQLSchema, guard: Guard) -> None:
        self.schema = schema
        self.guard = guard
        self._plans: OrderedDict[tuple[str, str | None], Plan | None] = OrderedDict()

    def plan(self, query: str, operation_name: str | None) -> Plan | None:
        """The plan of a query operation, or None when the document takes the full path."""
        if not executor.ENABLED:
            return None
        key = (query, operation_name)
        try:
            plan = self._plans[key]
        except KeyError:
            plan = self._plans[key] = self._make(query, operation_name)
            if len(self._plans) > _CAPACITY:
                self._plans.popitem(last=False)
        return plan

    def _make(self, query: str, operation_name: str | None) -> Plan | None:
        document = self.guard.parse(query)
        if document is None:
            return None
        operation = chosen_operation(document, operation_name)
        if not isinstance(operation, OperationDefinitionNode):
            return None
        if operation.operation is not OperationType.QUERY:
            return None
        if self.guard.validation_errors(self.schema, query, document):
            return None
        return Plan(query, document, operation_name)

    async def run(
        self, plan: Plan, variables: Mapping[str, Any], context: RequestContext
    ) -> dict[str, Any] | None:
        """The data of a planned query, or None: the full path must answer this request."""
        guard = self.guard
        analysis, violations = guard.measure(
            self.schema, plan.query, plan.document, plan.operation_name, variables
        )
        if violations:
            return None
        limiter = guard.rate_limiter
        principal = context.service.actor.principal
        if limiter is not None and limiter.charge(principal, analysis.cost):
            return None
        try:
            outcome = execute(
                self.schema,
                plan.document,
                context_value=context,
                variable_values=dict(variables),
                operation_name=plan.operation_name,
                executor_class=ExpressExecutionContext,
                is_awaitable=_IS_AWAITABLE,
                operation_extensions=None,
            )
            result = await outcome if isinstance(outcome, Awaitable) else outcome
        except HandedOn:
            result = None
        finally:
            context.loaders.release()
        if result is None or result.errors:
            if limiter is not None:
                limiter.refund(principal, analysis.cost)
            return None
        _OK.inc()
        return result.data
