"""Running the static query analysis in tests: the real schema, the default limits, a schema
with nested connections, and shorthands for the analysis, its violations and its cost."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema, build_schema, parse

from server.schema.limits import LimitViolation, QueryAnalysis, QueryLimits, analyze
from server.schema.schema import schema

SCHEMA = schema._schema
LIMITS = QueryLimits()

#: Nested connections, which the real schema does not have (yet).
THINGS = build_schema(
    """
    type Query { things(first: Int, last: Int): ThingConnection! me: Person }
    type ThingConnection { nodes: [Thing!]! edges: [ThingEdge!]! totalCount: Int! }
    type ThingEdge { node: Thing! cursor: String! }
    type Thing { children(first: Int): ThingConnection! tags: [String!]! name: String }
    type Person { friend: Person name: String }
    """
)


def run(
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    operation_name: str | None = None,
    limits: QueryLimits = LIMITS,
    on: GraphQLSchema = SCHEMA,
) -> tuple[QueryAnalysis, list[LimitViolation]]:
    return analyze(
        on, parse(query), operation_name=operation_name, variables=variables, limits=limits
    )


def kinds(violations: list[LimitViolation]) -> list[str]:
    return [violation.limit for violation in violations]


def cost(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> int:
    analysis, violations = run(query, variables, **kwargs)
    assert violations == []
    return analysis.cost
