"""Batched execution of queries (issue 9): each field is resolved once for all of its parents.

graphql-core executes field by field and object by object: the dashboard's 7,000 objects
cost about 40,000 resolver calls, each with its own info object, awaitable check and
completion. This executor walks the same collected fields level by level instead: a field is
resolved for every parent at once (plain attributes by one `getattr` per parent, resolvers
with a registered batch function by one call for all parents, other resolvers per parent but
concurrently), and leaves are coerced by the same scalar and enum types.

It only takes the path where the answer is certain to equal graphql-core's: query operations
whose every step succeeds. Anything else (an error, a null in a non-null position, an
awaitable where none is expected, a middleware, an unknown type kind) abandons the batched
attempt and the operation runs again through graphql-core, which then produces the exact
data, errors and paths of the standard executor. Queries have no side effects, so running
one again is safe; an operation that cannot be batched is remembered and not tried again.
"""

from __future__ import annotations

import logging
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Sequence
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLResolveInfoHelpers,
    OperationDefinitionNode,
    OperationType,
)
from graphql.execution.executor import CollectedErrors
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from server import metrics
from server.engine.flat import Flat
from server.engine.run import BatchResolver, Run, Unbatchable, batched

__all__ = [
    "BatchResolver",
    "BatchedExecutionContext",
    "ExpressExecutionContext",
    "HandedOn",
    "Stats",
    "attempt",
    "batched",
    "known_unbatchable",
]

log = logging.getLogger("campaign_graph.batched")

#: Operations found unbatchable, by identity (the guard caches parsed documents, so a known
#: document is the same object every time); the node itself is kept so its id stays unique.
_UNBATCHABLE: OrderedDict[int, Any] = OrderedDict()
_UNBATCHABLE_SIZE = 512


class HandedOn(Exception):
    """The express lane's run met what only the full path answers exactly (an error, an
    operation the batched engine does not do): nothing of it is counted or answered."""


#: Off runs every operation through graphql-core alone (the tests compare the two paths).
ENABLED = True


class Stats:
    """How operations were executed, since start (read by the tests; /metrics reports the
    same as `campaign_graph_graphql_executions_total`)."""

    batched = 0
    standard = 0

    _batched = metrics.EXECUTIONS.labels("batched")
    _standard = metrics.EXECUTIONS.labels("standard")

    @classmethod
    def count_batched(cls) -> None:
        """One operation answered by the batched engine."""
        cls.batched += 1
        cls._batched.inc()

    @classmethod
    def count_standard(cls) -> None:
        """One operation answered by graphql-core's own execution."""
        cls.standard += 1
        cls._standard.inc()


class BatchedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with the batched path tried first for queries."""

    #: Whether graphql-core executes what the batched path does not answer (else HandedOn).
    falls_back = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # graphql-core gives resolvers helpers bound to the executor, which keeps them: a
        # reference cycle per operation, so everything the executor holds (the request's
        # context, its loaders, rows) waited for the cyclic collector, about 30 us a small
        # query in collections. Through a weak reference refcounting frees it at the end.
        self.async_helpers = _weak_helpers(self)

    def execute_root_grouped_field_set(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: Any,
        serially: bool,
        position_context: Any,
    ) -> Any:
        if (
            not ENABLED
            or serially
            or self.operation.operation is not OperationType.QUERY
            or (self.middleware_manager is not None and self.middleware_manager.middlewares)
            or known_unbatchable(self.operation)
        ):
            if not self.falls_back:
                raise HandedOn("not a batched operation")
            Stats.count_standard()
            return super().execute_root_grouped_field_set(
                root_type, root_value, grouped_field_set, serially, position_context
            )
        return self._batched_first(root_type, root_value, grouped_field_set, position_context)

    async def _batched_first(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        data = await attempt(self, root_type, root_value, grouped_field_set)
        if data is not None:
            return data
        if not self.falls_back:
            raise HandedOn("the batched attempt stopped")
        Stats.count_standard()
        result = super().execute_root_grouped_field_set(
            root_type, root_value, grouped_field_set, False, position_context
        )
        return await result if self.is_awaitable(result) else result


def _weak_helpers(executor: StrawberryGraphQLCoreExecutionContext) -> GraphQLResolveInfoHelpers:
    """The executor's async helpers for resolvers, without a reference back to it."""
    ref = weakref.ref(executor)

    def gather(values: Sequence[Awaitable[Any]]) -> Awaitable[list[Any]]:
        return _alive(ref).gather_async_work(values)

    def track(values: Sequence[Any]) -> None:
        _alive(ref).track_async_work(values)

    return GraphQLResolveInfoHelpers(gather=gather, track=track)


def _alive(
    ref: weakref.ReferenceType[StrawberryGraphQLCoreExecutionContext],
) -> StrawberryGraphQLCoreExecutionContext:
    executor = ref()
    if executor is None:  # a resolver outlived its operation
        raise RuntimeError("the operation of these async helpers has ended")
    return executor


def known_unbatchable(operation: OperationDefinitionNode) -> bool:
    """Whether `operation` was found unbatchable before (graphql-core answers it)."""
    return _UNBATCHABLE.get(id(operation)) is operation


async def attempt(
    executor: StrawberryGraphQLCoreExecutionContext,
    root_type: GraphQLObjectType,
    root_value: Any,
    grouped_field_set: Any,
    flat: Flat | None = None,
) -> dict[str, Any] | None:
    """The data of the batched run of the executor's query operation (counted), or None when
    graphql-core must answer it (an operation found unbatchable is remembered). `flat` is the
    operation compiled (engine/flat.py), when it could be."""
    try:
        if flat is not None:
            data = await flat.run(executor, root_value)
        else:
            rows = await Run(executor).objects(root_type, [root_value], grouped_field_set)
            data = rows[0]
    except Unbatchable as reason:
        log.debug("standard execution (unbatchable: %s)", reason)
        operation = executor.operation
        _UNBATCHABLE[id(operation)] = operation
        while len(_UNBATCHABLE) > _UNBATCHABLE_SIZE:
            _UNBATCHABLE.popitem(last=False)
        return None
    except Exception as reason:
        log.debug("standard execution (batched attempt stopped: %r)", reason)
        return None
    Stats.count_batched()
    return data


class ExpressExecutionContext(BatchedExecutionContext):
    """The batched path alone (the express lane, server/schema/express.py): whatever it does
    not answer raises HandedOn, and the full path answers the request."""

    falls_back = False

    def for_request(self, context_value: Any, variable_values: Any) -> ExpressExecutionContext:
        """This executor (a static document's, made once with its plan) for one request, as
        graphql-core makes its sub-executors: a shallow copy with the request's context and
        variables and fresh per-execution state (errors, async helpers, pending work). The
        copies share the plan's memo of collected subfields (`share_subfields`)."""
        run = object.__new__(ExpressExecutionContext)
        run.__dict__.update(self.__dict__)
        run.context_value = context_value
        run.variable_values = variable_values
        run.async_helpers = _weak_helpers(run)
        run.collected_errors = CollectedErrors()
        run.pending_incremental_futures = set()
        run.background_futures = set()
        run.groups = []
        run.tasks = []
        run.streams = []
        return run

    def share_subfields(self, memo: dict[Any, Any]) -> None:
        """Collect subfields into (and from) `memo`, which other executors of the same static
        document share (server/schema/express.py): graphql-core keys it by the identity of
        the field lists, which such a document keeps from one request to the next."""
        self._relevant_sub_fields = memo
