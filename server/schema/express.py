"""The express lane: a known query document answered without the per-request machinery.

Answering `campaign(no:) { no description }` through Strawberry's view and schema costs about
0.5 ms of Python before and after the one statement that reads the campaign: request adapters,
an execution context, three schema extensions entered and left at five steps each, the guard
looking the document up again at every step, variables coerced twice. Most of it is the same
for every request of the same document.

A plan is kept per document text and operation name once the document has parsed, named one
query operation and validated (the guard's caches). A request for a planned document is then
measured against the limits (the guard's analysis, reused while the variables it read hold),
charged to its caller's budget and run by the batched engine alone (engine/executor.py,
ExpressExecutionContext); its answer is the data. Anything else takes the
full path, which answers it exactly as before: a document that does not plan, a limit exceeded,
a rate refusal, variables that do not coerce, an error or anything else the batched engine
hands on (the charge is refunded first, the full path charges again, and the attempt is not
counted as an execution). Queries change nothing, so running one again is safe. What the
extensions do on success is done here too: the operation is counted, the loaders' rows released.

A document without directives and without fragment variables collects the same fields whatever
its variables (a "static" document): its root fields are collected once, with the plan, and so
are the subfields of each object type met (graphql-core memoizes `collect_subfields` on the
identity of the field list, and the plan's lists are the same objects at every request, so the
plan keeps the memo). Such a plan runs without graphql-core's `execute`: its variables are
coerced (a set of scalar values once), the plan's executor is copied for the request (as
graphql-core makes its sub-executors) and the batched engine starts at the root fields. Other
documents go through `execute`, whose executor collects fields per request.

tests/api/engine/test_differential.py compares this lane and the batched engine against the full
path on graphql-core alone, on generated operations; test_express.py the rest of the response.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard, cast

from graphql import (
    DirectiveNode,
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    OperationType,
    default_field_resolver,
    default_type_resolver,
    execute,
)
from graphql.execution.collect_fields import FragmentDetails, GroupedFieldSet, collect_fields
from graphql.execution.values import VariableValues, get_variable_values
from strawberry.execution.is_awaitable import optimized_is_awaitable

from server import metrics
from server.engine import executor
from server.engine.executor import ExpressExecutionContext, HandedOn, attempt, known_unbatchable
from server.engine.flat import Flat, compile_flat
from server.schema.guard import Guard, RequestContext, chosen_operation

_CAPACITY = 512

_OK = metrics.OPERATIONS.labels("query", "ok")

#: Strawberry's check, typed as graphql-core asks.
_IS_AWAITABLE = cast("Callable[[Any], TypeGuard[Awaitable[Any]]]", optimized_is_awaitable)


_NO_VARIABLES = VariableValues({}, {})

#: JSON values whose coercion is remembered (lists and objects are coerced every time).
_SCALARS = frozenset({str, int, float, bool, type(None)})


#: Coerced variables kept per static document, at most (one entry per distinct set).
_COERCED_KEPT = 64


@dataclass(frozen=True, slots=True)
class Static:
    """What a static document's executors share: its root type and fields collected, the
    executor each request's is copied from (with the memo of the subfields collected so far)
    and the variables coerced lately (by their JSON values and types)."""

    root_type: GraphQLObjectType
    root_fields: GroupedFieldSet
    executor: ExpressExecutionContext
    coerced: dict[tuple[Any, ...], VariableValues]
    #: The document compiled, when it is flat (engine/flat.py).
    flat: Flat | None


@dataclass(frozen=True, slots=True)
class Plan:
    """A query document known to parse, name one query operation and validate."""

    query: str
    document: DocumentNode
    operation_name: str | None
    operation: OperationDefinitionNode
    static: Static | None


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
        static = _static(self.schema, document, operation)
        return Plan(query, document, operation_name, operation, static)

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
            if plan.static is not None:
                data = await self._run_static(plan, plan.static, variables, context)
            else:
                data = await self._execute(plan, variables, context)
        finally:
            context.loaders.release()
        if data is None:
            if limiter is not None:
                limiter.refund(principal, analysis.cost)
            return None
        _OK.inc()
        return data

    async def _run_static(
        self,
        plan: Plan,
        static: Static,
        variables: Mapping[str, Any],
        context: RequestContext,
    ) -> dict[str, Any] | None:
        """The batched engine from the plan's root fields, on an executor made here."""
        operation = plan.operation
        if known_unbatchable(operation):
            return None
        coerced = self._coerced(operation, static, variables)
        if coerced is None:
            return None  # the full path tells what is wrong with them
        run = static.executor.for_request(context, coerced)
        return await attempt(run, static.root_type, None, static.root_fields, static.flat)

    def _coerced(
        self, operation: OperationDefinitionNode, static: Static, variables: Mapping[str, Any]
    ) -> VariableValues | None:
        """The operation's variables coerced, or None when they do not coerce. Coercion
        depends on the values alone: sets of scalar values (the usual) are remembered, keyed
        by their types too (JSON's `true` is not `1`)."""
        definitions = operation.variable_definitions
        if not definitions:
            return _NO_VARIABLES
        key = None
        if all(type(value) in _SCALARS for value in variables.values()):
            key = tuple((name, type(value), value) for name, value in variables.items())
            known = static.coerced.get(key)
            if known is not None:
                return known
        coerced = get_variable_values(self.schema, definitions, dict(variables), 50)
        if not isinstance(coerced, VariableValues):
            return None
        if key is not None:
            if len(static.coerced) >= _COERCED_KEPT:
                static.coerced.clear()
            static.coerced[key] = coerced
        return coerced

    async def _execute(
        self, plan: Plan, variables: Mapping[str, Any], context: RequestContext
    ) -> dict[str, Any] | None:
        """graphql-core's `execute` with the batched engine alone."""
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
            return None
        return None if result.errors else result.data


def _static(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> Static | None:
    """What the executors of a static document share, or None for a document whose fields
    depend on its variables (a directive, a fragment with variables)."""
    if _has_directives(document):
        return None
    fragment_definitions: dict[str, FragmentDefinitionNode] = {}
    fragments: dict[str, FragmentDetails] = {}
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            if definition.variable_definitions:
                return None
            fragment_definitions[definition.name.value] = definition
            fragments[definition.name.value] = FragmentDetails(definition)
    root_type = schema.query_type
    if root_type is None:
        return None
    try:
        collected = collect_fields(schema, fragments, _NO_VARIABLES, root_type, operation)
    except RecursionError:
        return None  # graphql-core's executor reports it
    executor = ExpressExecutionContext(
        schema,
        fragment_definitions,
        fragments,
        None,
        None,
        operation,
        _NO_VARIABLES,
        default_field_resolver,
        default_type_resolver,
        default_field_resolver,
        is_awaitable=_IS_AWAITABLE,
    )
    executor.share_subfields({})
    grouped = collected.grouped_field_set
    return Static(root_type, grouped, executor, {}, compile_flat(executor, root_type, grouped))


def _has_directives(document: DocumentNode) -> bool:
    """Whether a directive is used anywhere in `document` (a walk without recursion: the
    guard bounds the depth of a document only after it has planned)."""
    stack: list[Node] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, DirectiveNode):
            return True
        for key in node.keys:
            value = getattr(node, key, None)
            if isinstance(value, Node):
                stack.append(value)
            elif isinstance(value, tuple | list):
                stack.extend(child for child in value if isinstance(child, Node))
    return False
