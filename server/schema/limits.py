"""Static limits on a parsed GraphQL document, checked before validation and execution.

Hostile queries are cheap to send and expensive to answer: deep nesting, thousands of aliases,
huge pages, nested lists whose sizes multiply, fragments that expand exponentially. `analyze`
measures the operation that would run in time linear in the document (named fragments are
summarised once each) and reports which `QueryLimits` it exceeds. It never raises on invalid
documents: whatever it cannot type is skipped and left to normal validation.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_composite_type,
    is_list_type,
)

#: Assumed length of a list field that is not paged (small setup lists such as `teams`).
LIST_ESTIMATE = 10
#: Every count saturates here, so absurd inputs never build huge integers.
_CAP = 10**12
_MISSING: Any = object()
_DEPTH = "The query is nested {} levels deep; at most {} are allowed."
_ALIASES = "The query uses {} aliases; at most {} are allowed."
_FIELDS = (
    "The query selects {} fields (fragments counted where they are spread); at most {} are allowed."
)
_DIRECTIVES = "A single field or fragment carries {} directives; at most {} are allowed."
_COST = (
    "The query could return an estimated {} items, more than the maximum of {}; "
    "request smaller pages (`first`/`last`) or fewer nested lists."
)


@dataclass(frozen=True, kw_only=True)
class QueryLimits:
    """The most a single operation may ask for."""

    max_depth: int = 12
    max_aliases: int = 30
    max_directives_per_field: int = 5
    max_page_size: int = 100
    default_page_size: int = 20
    max_cost: int = 50_000
    max_node_ids: int = 100
    #: Field selections, fragments expanded: bounds the cost of validating a document (the
    #: overlapping-fields rule compares fields pairwise) before validation runs.
    max_fields: int = 500


@dataclass(frozen=True)
class LimitViolation:
    """One exceeded limit: which, why (for the client), the maximum and the actual value."""

    limit: str
    message: str
    maximum: int
    actual: int
    #: The argument at fault, for limits on one argument's value (`first`, `ids`).
    argument: str | None = None


@dataclass(frozen=True)
class QueryAnalysis:
    """What the operation asks for; `cost` estimates how many list items it can return."""

    depth: int
    aliases: int
    directives_per_field: int
    cost: int
    fields: int = 0


@dataclass(frozen=True)
class _Summary:
    """A selection set measured at multiplier 1 (cost scales linearly with the multiplier)."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0
    directives: int = 0
    fields: int = 0


_EMPTY = _Summary()
_ESTIMATES: weakref.WeakKeyDictionary[GraphQLSchema, dict[str, int]] = weakref.WeakKeyDictionary()


def analyze(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: QueryLimits,
) -> tuple[QueryAnalysis, list[LimitViolation]]:
    """Measure the operation that would run and list the limits it exceeds (worst per kind)."""
    operation = get_operation_ast(document, operation_name)
    root = schema.get_root_type(operation.operation) if operation is not None else None
    if operation is None or root is None:
        return QueryAnalysis(depth=0, aliases=0, directives_per_field=0, cost=0), []
    walker = _Walker(schema, document, operation, variables, limits)
    for name in _fragment_order(walker.fragments, operation.selection_set):
        walker.summarise_fragment(name)
    total = walker.selection_set(operation.selection_set, root)
    analysis = QueryAnalysis(
        total.depth, total.aliases, total.directives, max(1, total.cost), total.fields
    )
    return analysis, walker.violations(analysis)


def _spreads(selection_set: SelectionSetNode) -> Iterator[str]:
    """Names of the fragments spread anywhere inside `selection_set` (not following them)."""
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                pending.append(selection.selection_set)


def _fragment_order(
    fragments: Mapping[str, FragmentDefinitionNode], root: SelectionSetNode
) -> list[str]:
    """Reachable fragments, each after the ones it spreads; cycles are cut where they close."""
    # Iterative so that long spread chains cannot exhaust the Python stack. A fragment spread
    # while it is still on the stack closes a cycle; it is not summarised yet, so reads as empty.
    order: list[str] = []
    seen: set[str] = set()
    stack = [("", _spreads(root))]  # "" stands for the operation: fragment names are never empty
    while stack:
        name, children = stack[-1]
        child = next((c for c in children if c in fragments and c not in seen), None)
        if child is None:
            stack.pop()
            order.append(name)
        else:
            seen.add(child)
            stack.append((child, _spreads(fragments[child].selection_set)))
    return order[:-1]


def _introspection_estimates(schema: GraphQLSchema) -> dict[str, int]:
    """Typical lengths of the introspection lists of `schema` (computed once per schema)."""
    cached = _ESTIMATES.get(schema)
    if cached is None:
        types = list(schema.type_map.values())
        outputs = [t for t in types if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)]
        cached = {
            "types": max(1, len(types)),
            # `fields` is what makes introspection circular (type { fields { type { fields ...;
            # floored like the other unbounded introspection lists so such chains stay costly.
            "fields": max(LIST_ESTIMATE, _average([len(t.fields) for t in outputs])),
            "args": _average([len(f.args) for t in outputs for f in t.fields.values()]),
            "inputFields": _average(
                [len(t.fields) for t in types if isinstance(t, GraphQLInputObjectType)]
            ),
            "enumValues": _average(
                [len(t.values) for t in types if isinstance(t, GraphQLEnumType)]
            ),
        }
        _ESTIMATES[schema] = cached
    return cached


def _average(counts: list[int]) -> int:
    return max(1, -(-sum(counts) // len(counts))) if counts else 1


def _as_int(value: Any) -> int | None:
    """`value` as Int input coercion would read it, clamped; None when it is not an Int."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # graphql-core coerces integral floats in variables to Int
    if isinstance(value, int):
        return max(-_CAP, min(_CAP, value))
    return None


class _Walker:
    """Measures selection sets of one operation and remembers the worst argument violations."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
        limits: QueryLimits,
    ) -> None:
        self.schema = schema
        self.limits = limits
        self.variables = variables if isinstance(variables, Mapping) else {}
        self.defaults = {
            d.variable.name.value: d.default_value
            for d in operation.variable_definitions or ()
            if d.default_value is not None
        }
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        # Keyed by name alone: a named fragment's body is typed by its own type condition,
        # so the parent type at the spread site cannot change its summary.
        self.memo: dict[str, _Summary] = {}
        self.worst: dict[str, tuple[int, LimitViolation]] = {}

    def summarise_fragment(self, name: str) -> None:
        """Summarise one fragment; the fragments it spreads must be summarised already."""
        fragment = self.fragments[name]
        parent = self.schema.get_type(fragment.type_condition.name.value)
        self.memo[name] = self._typed(fragment.selection_set, parent)

    def selection_set(self, node: SelectionSetNode, parent: GraphQLCompositeType) -> _Summary:
        """Summary of `node` selected on `parent`, expanding fragments."""
        depth = aliases = cost = directives = fields = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                part = self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                typed = parent if condition is None else self.schema.get_type(condition.name.value)
                part = self._typed(selection.selection_set, typed)
            elif isinstance(selection, FragmentSpreadNode):
                part = self.memo.get(selection.name.value, _EMPTY)
            else:
                continue
            depth, aliases, cost = max(depth, part.depth), aliases + part.aliases, cost + part.cost
            directives = max(directives, part.directives, len(selection.directives or ()))
            fields += part.fields
        return _Summary(depth, min(_CAP, aliases), min(_CAP, cost), directives, min(_CAP, fields))

    def _typed(self, node: SelectionSetNode | None, parent: GraphQLNamedType | None) -> _Summary:
        if node is None or not is_composite_type(parent):
            return _EMPTY
        return self.selection_set(node, parent)

    def _field(self, node: FieldNode, parent: GraphQLCompositeType) -> _Summary:
        field = self.schema.get_field(parent, node.name.value)
        if field is None:
            return _Summary(fields=1)
        child = self._typed(node.selection_set, get_named_type(field.type))
        factor = self._factor(node, parent, field)
        # The standard introspection query nests `ofType` deeply; the chain is finite.
        own_depth = 0 if parent.name == "__Type" and node.name.value == "ofType" else 1
        return _Summary(
            depth=own_depth + child.depth,
            aliases=min(_CAP, (node.alias is not None) + child.aliases),
            cost=child.cost if factor is None else min(_CAP, factor * (1 + child.cost)),
            directives=child.directives,
            fields=min(_CAP, 1 + child.fields),
        )

    def _factor(
        self, node: FieldNode, parent: GraphQLCompositeType, field: GraphQLField
    ) -> int | None:
        """How many items the field returns per parent item; None when it is not a list."""
        name, limits = node.name.value, self.limits
        args = {a.name.value: a.value for a in node.arguments or () if a.name.value in field.args}
        if "first" in field.args or "last" in field.args:
            for arg in ("first", "last"):
                size = _as_int(self._value(args[arg])) if arg in args else None
                if size is not None:
                    if not 0 <= size <= limits.max_page_size:
                        message = f"`{name}({arg}:)` must be between 0 and {limits.max_page_size}"
                        excess = -size if size < 0 else size - limits.max_page_size
                        self._record("page_size", excess, limits.max_page_size, size, message, arg)
                    return max(0, size)
            return limits.default_page_size
        if name == "nodes" and "ids" in field.args:
            ids = self._value(args["ids"]) if "ids" in args else None
            count = min(_CAP, len(ids)) if isinstance(ids, list | tuple) else 1
            if count > limits.max_node_ids:
                message = f"`{name}(ids:)` accepts at most {limits.max_node_ids} IDs"
                self._record("node_ids", count, limits.max_node_ids, count, message, "ids")
            return count
        # A connection's own `nodes`/`edges` are the page already counted on the connection.
        if name in ("nodes", "edges") and parent.name.endswith("Connection"):
            return None
        if not is_list_type(get_nullable_type(field.type)):
            return None
        if parent.name.startswith("__"):
            return _introspection_estimates(self.schema).get(name, LIST_ESTIMATE)
        return LIST_ESTIMATE

    def _record(
        self,
        limit: str,
        badness: int,
        maximum: int,
        actual: int,
        message: str,
        argument: str | None = None,
    ) -> None:
        if limit not in self.worst or badness > self.worst[limit][0]:
            text = f"{message}, got {actual}."
            violation = LimitViolation(limit, text, maximum, actual, argument)
            self.worst[limit] = (badness, violation)

    def _value(self, node: ValueNode) -> Any:
        """The Python value of an argument: ints, None, lists (of nodes), or the node itself."""
        if isinstance(node, VariableNode):
            name = node.name.value
            if name in self.variables:
                return self.variables[name]
            default = self.defaults.get(name)
            # Defaults are constant; refusing variables here also rules out self-reference.
            if default is None or isinstance(default, VariableNode):
                return _MISSING
            return self._value(default)
        if isinstance(node, IntValueNode):
            # int() refuses very long digit strings; anything this long is out of range anyway.
            if len(node.value) > 16:
                return -_CAP if node.value.startswith("-") else _CAP
            return int(node.value)
        if isinstance(node, NullValueNode):
            return None
        if isinstance(node, ListValueNode):
            return list(node.values)
        return node

    def violations(self, analysis: QueryAnalysis) -> list[LimitViolation]:
        """Every exceeded limit, one per kind, in a fixed order."""
        limits = self.limits
        directives = analysis.directives_per_field
        found = [
            LimitViolation(limit, message.format(actual, maximum), maximum, actual)
            for limit, actual, maximum, message in (
                ("depth", analysis.depth, limits.max_depth, _DEPTH),
                ("aliases", analysis.aliases, limits.max_aliases, _ALIASES),
                ("fields", analysis.fields, limits.max_fields, _FIELDS),
                ("directives", directives, limits.max_directives_per_field, _DIRECTIVES),
            )
            if actual > maximum
        ]
        found.extend(self.worst[k][1] for k in ("page_size", "node_ids") if k in self.worst)
        if analysis.cost > limits.max_cost:
            message = _COST.format(analysis.cost, limits.max_cost)
            found.append(LimitViolation("cost", message, limits.max_cost, analysis.cost))
        return found
