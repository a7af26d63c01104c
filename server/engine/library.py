"""Named access to the libraries' private parts that code outside the engine needs.

The engine is the only package that may touch private internals of graphql-core, Strawberry,
Tortoise or pypika (ruff's SLF001 holds everywhere else). When a layer above needs one, it asks
here, so that a library upgrade that moves it breaks one known place.
"""

from __future__ import annotations

from graphql import GraphQLSchema
from strawberry.schema.base import BaseSchema
from strawberry.types import ExecutionContext


def core_schema(schema: BaseSchema) -> GraphQLSchema:
    """The graphql-core schema Strawberry built (validation and static analysis run on it)."""
    core: GraphQLSchema = schema._schema  # type: ignore[attr-defined]
    return core


def provided_operation_name(ec: ExecutionContext) -> str | None:
    """The operationName the request sent: Strawberry's `operation_name` falls back to the
    first operation's name, which the GraphQL spec forbids for a document of several."""
    name: str | None = ec._provided_operation_name
    return name
