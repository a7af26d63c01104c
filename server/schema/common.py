"""Node, connections, page info and user errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar, cast

import strawberry
from strawberry.types import Info
from tortoise.models import Model

from server.engine.executor import BatchResolver
from server.engine.pagination import Page
from server.engine.reads import load_many_by_id, load_shown
from server.engine.rows import Row
from server.resolvers.ids import encode_id
from server.schema.enums import ErrorCode

T = TypeVar("T")

#: The description of every mutation's one `input` argument (docs/api.md "Conventions").
INPUT = "What to do."
ARG = strawberry.argument(description=INPUT)
#: The `input` argument of the mutations that name one record by its key (deletes, revocation).
KEY = strawberry.argument(description="Which record.")


def served_from(model: type[Model]) -> Any:
    """`is_type_of` for a type whose objects are `model` instances or read-only rows of it
    (engine/rows). Its `kinds` let the batched executor check once per class."""
    kinds = (model, Row.of(model))

    def is_type_of(cls: type, obj: Any, info: Any) -> bool:
        return isinstance(obj, kinds)

    is_type_of.kinds = kinds  # type: ignore[attr-defined]
    return classmethod(is_type_of)


@strawberry.interface(description="An object with a globally unique, opaque ID (Relay).")
class Node:
    """An object with a globally unique, opaque ID."""

    @strawberry.field(description="Opaque global ID; resolve it again with `node(id:)`.")
    def id(self, root: strawberry.Parent[Any], info: Info) -> strawberry.ID:
        # The path of a field names the object type it is on (graphql-core and the engine).
        type_name = info.path.typename
        assert type_name is not None
        return strawberry.ID(encode_id(type_name, root.pk))


def node_ids(type_name: str) -> BatchResolver:
    """`Node.id` of many objects of one type at once: the batched engine's form of the field,
    one call per field instead of one resolver call per object (a dashboard shows thousands)."""

    async def ids(info: Info, parents: Sequence[Any]) -> list[strawberry.ID]:
        # strawberry.ID is a NewType of str: a call per ID for nothing.
        return cast(list[strawberry.ID], [encode_id(type_name, parent.pk) for parent in parents])

    return ids


def to_one(model: type[Model], attribute: str, *, description: str, graphql_type: Any) -> Any:
    """A many-to-one field (an interaction's contact, a price line's item, ...): the `model`
    row whose key the parent holds in `attribute`, null for a blank key, through the request's
    loader with only the columns the operation asks of it (engine/columns). The batched engine
    reads it for all parents at once (`to_one_batches`, registered in schema/schema.py)."""

    async def resolve(root: strawberry.Parent[Any], info: Info) -> Any:
        return await load_shown(info, model, getattr(root, attribute))

    resolve.to_one = (model, attribute)  # type: ignore[attr-defined]
    field: Any = strawberry.field(
        resolver=resolve, description=description, graphql_type=graphql_type
    )
    return field


def to_one_batches(model: type[Model], attribute: str) -> BatchResolver:
    """A `to_one` field's batched form: one load of every parent's key."""

    async def references(info: Info, parents: Sequence[Any]) -> list[Any]:
        keys = [getattr(parent, attribute) for parent in parents]
        return await load_many_by_id(info, model, keys, shown=True)

    return references


@strawberry.type(description="Where a page sits within its connection (Relay).")
class PageInfo:
    """Relay page info."""

    has_next_page: bool = strawberry.field(description="More nodes follow this page.")
    has_previous_page: bool = strawberry.field(description="Nodes precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first node, if any.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last node, if any.")


@strawberry.type(description="One node of a connection with its cursor.")
class Edge(Generic[T]):
    """One node of a connection with its cursor."""

    cursor: str = strawberry.field(description="Opaque cursor: pass it as `after`/`before`.")
    node: T = strawberry.field(description="The node.")


@strawberry.type(description="A page of a list, with keyset cursors (Relay connection).")
class Connection(Generic[T]):
    """A page of a list."""

    edges: list[Edge[T]] = strawberry.field(description="The nodes with their cursors.")
    nodes: list[T] = strawberry.field(description="The nodes of this page, without cursors.")
    page_info: PageInfo = strawberry.field(description="Paging information.")

    @strawberry.field(description="Number of nodes in the whole list (all pages) after filters.")
    async def total_count(self, root: strawberry.Parent[Page[Any]]) -> int:
        return await root.total_count()


@strawberry.type(description="An expected failure of a mutation; when present nothing changed.")
class UserError:
    """An expected failure of a mutation."""

    code: ErrorCode = strawberry.field(description="Stable error code to switch on.")
    message: str = strawberry.field(description="Human-readable explanation.")
    field: list[str] | None = strawberry.field(
        description='Path to the input at fault, e.g. ["input", "endingDate"]; null if general.'
    )


@strawberry.input(description="An optional idempotency key for requests a client may retry.")
class IdempotentInput:
    """Mixed into the inputs of create and log mutations (docs/api.md "Conventions")."""

    idempotency_key: str | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Any unique text up to 100 characters (a UUID, say). Sending the same key again "
            "with the same input within 24 hours returns the first result without applying "
            "the change twice; the same key with a different input is refused "
            "(IDEMPOTENCY_KEY_REUSED), and so is a repeat whose first result has been deleted "
            "since (IDEMPOTENT_RESULT_GONE: applied once, nothing to return). Keys are private "
            "to each user."
        ),
    )
