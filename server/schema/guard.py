"""Protection before execution (docs/api.md "Protection"): every request is parsed with a token
limit, measured against the depth, alias, directive, page-size and cost limits, validated
(introspection optional), and charged against its caller's cost budget, all before any
resolver runs. Parsing and validation are cached per document text, so a known query skips
straight to the variable-dependent checks.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    parse,
    specified_rules,
)
from graphql.execution.values import get_variable_values
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from server.engine.context import GraphQLContext
from server.engine.library import core_schema, provided_operation_name
from server.resolvers.node import MAX_NODES
from server.schema.limits import LimitViolation, QueryAnalysis, QueryLimits, analyze
from server.schema.literals import with_named_values
from server.schema.ratelimit import CostRateLimiter
from server.settings import Settings

_CACHE_SIZE = 512

#: What a refused operation is billed per field it selects (fragments expanded): the work of
#: refusing it grows with its fields, and a caller sending refusals must run out of budget as one
#: asking for real answers does (a 500-field refusal weighs as much as the costliest query).
REFUSAL_COST_PER_FIELD = 100

#: Limits that are about one argument's value rather than the shape of the whole query.
_INPUT_LIMITS = frozenset({"page_size", "node_ids"})


_ABSENT = object()


class _Reads(Mapping[str, Any]):
    """Variables that remember which of them were looked at (and what they held)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values
        self.read: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        value = self._values[name]
        self.read[name] = value
        return value

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.read.setdefault(name, self._values.get(name, _ABSENT))
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True)
class _Measured:
    """An operation's analysis, valid while the variables it read hold the same values."""

    read: dict[str, Any]
    analysis: QueryAnalysis
    violations: list[LimitViolation]

    def holds(self, variables: Mapping[str, Any]) -> bool:
        return all(variables.get(name, _ABSENT) == value for name, value in self.read.items())


@dataclass
class _Checked:
    document: DocumentNode
    errors: list[GraphQLError] | None = None
    #: The last analysis of each operation name, reused while its variables hold.
    measured: dict[str | None, _Measured] = field(default_factory=dict)


class Guard:
    """One server's protection settings, document caches and rate limiter."""

    def __init__(self, settings: Settings, rate_limiter: CostRateLimiter | None = None) -> None:
        self.limits = QueryLimits(
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_directives_per_field=settings.max_directives,
            max_page_size=settings.max_page_size,
            default_page_size=settings.default_page_size,
            max_cost=settings.max_cost,
            max_node_ids=MAX_NODES,
        )
        self.max_tokens = settings.max_tokens
        self.introspection = settings.introspection
        self.suggestions = settings.suggestions
        #: The callers' cost budgets (http/shared.py makes it, per process or shared with the
        #: others); None: no rate limit.
        self.rate_limiter = rate_limiter
        self._documents: OrderedDict[str, _Checked] = OrderedDict()

    def parse(self, query: str) -> DocumentNode | None:
        """The parsed document (cached), or None when it does not parse (GraphQL reports why)."""
        checked = self._documents.get(query)
        if checked is None:
            try:
                document = parse(query, max_tokens=self.max_tokens)
            except GraphQLError:
                return None
            checked = self._remember(query, _Checked(document))
        else:
            self._documents.move_to_end(query)
        return checked.document

    def check(self, ec: ExecutionContext) -> list[GraphQLError]:
        """Every reason not to execute this operation (an empty list means go). A refusal is
        billed too: parsing, measuring and validating it was work done for the caller."""
        assert ec.graphql_document is not None
        schema = core_schema(ec.schema)
        operation = _chosen_operation(ec)
        if isinstance(operation, GraphQLError):
            return [operation]
        if operation.operation is OperationType.SUBSCRIPTION and not (
            isinstance(ec.context, RequestContext) and ec.context.streaming
        ):
            return [_subscription_over_http()]
        analysis, violations = self._measure(ec, schema)
        refusal = [_limit_error(v) for v in violations]
        refusal = refusal or self._validation_errors(ec, schema)
        refusal = refusal or _variable_errors(schema, operation, ec.variables)
        context = ec.context
        if self.rate_limiter is None or not isinstance(context, GraphQLContext):
            return refusal
        principal = context.service.actor.principal
        if refusal:
            self.rate_limiter.bill(principal, REFUSAL_COST_PER_FIELD * max(1, analysis.fields))
            return refusal
        wait = self.rate_limiter.charge(principal, analysis.cost)
        return [_rate_limited(context, wait)] if wait else []

    def _measure(
        self, ec: ExecutionContext, schema: GraphQLSchema
    ) -> tuple[QueryAnalysis, list[LimitViolation]]:
        assert ec.graphql_document is not None
        variables = ec.variables if isinstance(ec.variables, Mapping) else {}
        return self.measure(schema, ec.query, ec.graphql_document, ec.operation_name, variables)

    def measure(
        self,
        schema: GraphQLSchema,
        query: str | None,
        document: DocumentNode,
        operation_name: str | None,
        variables: Mapping[str, Any],
    ) -> tuple[QueryAnalysis, list[LimitViolation]]:
        """The operation's size and the limits it exceeds; a known document's analysis is
        reused while the variables it depends on (page sizes, ids) are the same, which for
        most operations means always (about 70 us of each small query otherwise)."""
        checked = self._documents.get(query or "")
        if checked is not None and checked.document is not document:
            checked = None
        known = checked.measured.get(operation_name) if checked else None
        if known is not None and known.holds(variables):
            return known.analysis, known.violations
        reads = _Reads(variables)
        analysis, violations = analyze(
            schema, document, operation_name=operation_name, variables=reads, limits=self.limits
        )
        if checked is not None:
            checked.measured[operation_name] = _Measured(reads.read, analysis, violations)
        return analysis, violations

    def _validation_errors(self, ec: ExecutionContext, schema: GraphQLSchema) -> list[GraphQLError]:
        assert ec.graphql_document is not None
        rules = with_named_values(ec.validation_rules)
        return self.validation_errors(schema, ec.query, ec.graphql_document, rules)

    def validation_errors(
        self,
        schema: GraphQLSchema,
        query: str | None,
        document: DocumentNode,
        rules: tuple[Any, ...] = with_named_values(specified_rules),
    ) -> list[GraphQLError]:
        """Why the document is invalid against the schema (cached for a known document)."""
        if not self.introspection:
            rules = (*rules, NoSchemaIntrospectionCustomRule)
        checked = self._documents.get(query or "")
        if checked is None or checked.document is not document:
            return validate_document(schema, document, rules)
        if checked.errors is None:
            checked.errors = validate_document(schema, document, rules)
        return checked.errors

    def _remember(self, query: str, checked: _Checked) -> _Checked:
        self._documents[query] = checked
        if len(self._documents) > _CACHE_SIZE:
            self._documents.popitem(last=False)
        return checked


def _subscription_over_http() -> GraphQLError:
    """A subscription sent as an HTTP request: it has no stream to answer on."""
    return GraphQLError(
        "Subscriptions run over a WebSocket at /graphql (protocol graphql-transport-ws), "
        "not over an HTTP request.",
        extensions={"code": "BAD_REQUEST"},
    )


def _chosen_operation(ec: ExecutionContext) -> OperationDefinitionNode | GraphQLError:
    assert ec.graphql_document is not None
    return chosen_operation(ec.graphql_document, provided_operation_name(ec))


def chosen_operation(
    document: DocumentNode, name: str | None
) -> OperationDefinitionNode | GraphQLError:
    """The operation the request names, or the request error the GraphQL spec gives: a
    document of several operations needs an operationName (Strawberry would run the first)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        if len(operations) == 1:
            return operations[0]
        return GraphQLError(
            "Must provide operation name if query contains multiple operations."
            if operations
            else "Must provide an operation.",
            extensions={"code": "BAD_REQUEST"},
        )
    for operation in operations:
        if operation.name is not None and operation.name.value == name:
            return operation
    return GraphQLError(f"Unknown operation named '{name}'.", extensions={"code": "BAD_REQUEST"})


def _variable_errors(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: dict[str, Any] | None
) -> list[GraphQLError]:
    """Variables that do not fit their definitions: a request error, found before execution
    (so that GraphQL over HTTP can answer it with a 4xx and no `data`)."""
    if not operation.variable_definitions and not variables:
        return []
    coerced = get_variable_values(
        schema, operation.variable_definitions or (), variables or {}, max_errors=50
    )
    if not isinstance(coerced, list):
        return []
    for error in coerced:
        error.extensions = {**(error.extensions or {}), "code": "BAD_USER_INPUT"}
    return coerced


def _limit_error(violation: LimitViolation) -> GraphQLError:
    code = "BAD_USER_INPUT" if violation.limit in _INPUT_LIMITS else "QUERY_TOO_COMPLEX"
    extensions: dict[str, object] = {
        "code": code,
        "limit": violation.limit,
        "maximum": violation.maximum,
        "actual": violation.actual,
    }
    if violation.argument:
        extensions["argument"] = violation.argument
    return GraphQLError(violation.message, extensions=extensions)


def _rate_limited(context: GraphQLContext, wait: int) -> GraphQLError:
    response: Any = context.response
    if response is not None and hasattr(response, "headers"):
        response.status_code = 429
        response.headers["Retry-After"] = str(wait)
    return GraphQLError(
        f"Rate limit exceeded: this request's cost does not fit the remaining budget. "
        f"Retry after {wait} s, or request smaller pages.",
        extensions={"code": "RATE_LIMITED", "retryAfter": wait},
    )


@dataclass
class RequestContext(GraphQLContext):
    """What the HTTP endpoint builds: the resolvers' context plus the server's guard."""

    guard: Guard | None = None
    #: True on a websocket (graphql-transport-ws), the one transport subscriptions run on.
    streaming: bool = False


class GuardExtension(SchemaExtension):
    """Runs the guard at the parse and validate steps of every operation."""

    def _guard(self) -> Guard | None:
        context = self.execution_context.context
        return context.guard if isinstance(context, RequestContext) else None

    def on_operation(self) -> Iterator[None]:
        guard = self._guard()
        if guard is not None:
            self.execution_context.parse_options["max_tokens"] = guard.max_tokens
        yield
        context = self.execution_context.context
        if isinstance(context, GraphQLContext):
            # The answer is built: its rows may go now, not when the collector next runs.
            context.loaders.release()

    def on_parse(self) -> Iterator[None]:
        guard, ec = self._guard(), self.execution_context
        if guard is not None and ec.query is not None and ec.graphql_document is None:
            ec.graphql_document = guard.parse(ec.query)
        yield

    def on_validate(self) -> Iterator[None]:
        guard, ec = self._guard(), self.execution_context
        if (
            guard is not None
            and ec.graphql_document is not None
            and ec.pre_execution_errors is None
        ):
            # A list, even an empty one, tells Strawberry validation has been done.
            ec.pre_execution_errors = guard.check(ec)
        yield
