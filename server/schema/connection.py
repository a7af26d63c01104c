"""Connection fields, one declaration each, and the order inputs of sortable lists.

`connection(...)` makes a whole connection field: its description, its arguments (an optional
`filter` and `orderBy`, then the four Relay paging arguments, described once here) and its
resolver, which pages what the area's resolvers declare the field lists (engine/lists:
a root `Listing` or a `Nested` list per parent).
`order_input(...)` makes a list's `XOrder` input and `XOrderField` enum from the sort keys the
engine orders by (engine/pagination.SortKeys), so that each key is declared once.
"""

from __future__ import annotations

import inspect
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.engine.lists import Listing, Nested
from server.engine.pagination import Page, SortKeys
from server.schema.common import Connection
from server.schema.enums import OrderDirection

#: Paging arguments shared by every connection field (docs/api.md "Connections and paging": default
#: 20, at most 100).
PageSize = Annotated[
    int | None, strawberry.argument(description="Page size, at most 100 (default 20).")
]
AfterCursor = Annotated[
    str | None, strawberry.argument(description="Return nodes after this cursor.")
]
BeforeCursor = Annotated[
    str | None, strawberry.argument(description="Return nodes before this cursor.")
]

#: The `orderBy` description of the root lists (sorted by number unless asked otherwise).
BY_NUMBER = "Sort keys, in priority; default by number."


def _argument(name: str, annotation: object) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


# Strawberry reads a resolver's arguments from its signature: the one every connection
# field's resolver gets is made of these (root and info are Strawberry's reserved names).
_PARENT = (
    inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD),
    inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info),
)
_PAGING = (
    _argument("first", PageSize),
    _argument("after", AfterCursor),
    _argument("last", PageSize),
    _argument("before", BeforeCursor),
)


def connection(
    node: object,
    description: str,
    source: Listing | Nested,
    *,
    filter: tuple[type, str] | None = None,
    order: tuple[type, str] | None = None,
) -> Any:
    """A field of `node`s paging what `source` lists; `filter` and `order` (an input type
    and the argument's description) add the `filter` and `orderBy` arguments."""
    parameters = list(_PARENT)
    if filter is not None:
        kind, text = filter
        argument = strawberry.argument(description=text)
        parameters.append(_argument("filter", Annotated[kind | None, argument]))
    if order is not None:
        kind, text = order
        keys = list[kind]  # type: ignore[valid-type]
        argument = strawberry.argument(description=text)
        parameters.append(_argument("order_by", Annotated[keys | None, argument]))
    parameters.extend(_PAGING)

    async def resolve(root: Any, info: Info, **arguments: Any) -> Page[Any]:
        return await source.page(info, root, **arguments)

    resolve.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return strawberry.field(
        resolver=resolve,
        description=description,
        graphql_type=Connection[node],  # type: ignore[valid-type]
        metadata={"source": source},
    )


def order_input(name: str, keys: SortKeys, *, description: str, fields: str) -> Any:
    """The `name` input (one sort key, one direction) and its `<name>Field` enum (described
    by `fields`) of the keys a list can be sorted by, in their declared order."""
    # An enum made at run time (members: the key names, in declared order): mypy sees Any.
    made: Any = Enum(f"{name}Field", [(key.name, key.name) for key in keys])  # type: ignore[misc]
    field_enum: Any = strawberry.enum(made, description=fields)
    for value in field_enum.__strawberry_definition__.values:
        value.description = keys.fields[value.name].description
    namespace = {
        "__doc__": description,
        "__module__": __name__,
        "__annotations__": {"field": field_enum, "direction": OrderDirection},
        "field": strawberry.field(description="What to sort by."),
        "direction": strawberry.field(
            default=OrderDirection.ASC, description="Ascending or descending."
        ),
    }
    return strawberry.input(type(name, (), namespace), description=description)
