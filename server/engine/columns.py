"""Which columns the fields of a query read (issue 9), so that nested pages and by-id loads
fetch only those, as read-only rows (engine/rows).

A field named like a column of its model reads that column (the schema's test checks that no
such field has a resolver reading anything else); `id` reads the primary key; any other field
reads what its resolver declares with `reads` (say, `SegmentLine.contact` reads `contact_id`).
A field that is none of these makes the rows whole model instances, as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)
from strawberry.utils.str_converters import to_snake_case
from tortoise.models import Model

_READS: dict[tuple[type[Model], str], tuple[str, ...]] = {}


def reads(model: type[Model], **fields: str | tuple[str, ...]) -> None:
    """Declare that each GraphQL field (by its Python name) of the type served from `model`
    has a resolver reading only the given attributes of its parent."""
    # Checked against the models by the schema's tests: at import time, before Tortoise has
    # set the models up, their foreign key columns are not known yet.
    for name, attributes in fields.items():
        _READS[(model, to_snake_case(name))] = (
            (attributes,) if isinstance(attributes, str) else attributes
        )
    _columns.cache_clear()


def declared() -> Mapping[tuple[type[Model], str], tuple[str, ...]]:
    """Every declaration made (for the schema's tests)."""
    return dict(_READS)


def columns_for(
    model: type[Model], fields: frozenset[str] | None, also: Iterable[str] = ()
) -> list[str] | None:
    """The columns that the GraphQL `fields` (camelCase names) asked of `model`'s objects
    read, with the primary key and `also`; None when one of them reads more or is unknown."""
    if fields is None:
        return None
    found = _columns(model, fields, tuple(also))
    return None if found is None else list(found)


@lru_cache(maxsize=1024)
def _columns(
    model: type[Model], fields: frozenset[str], also: tuple[str, ...]
) -> tuple[str, ...] | None:
    projection = model._meta.fields_db_projection
    kept = {model._meta.db_pk_column, *also}
    for name in fields - {"__typename", "id"}:  # Node.id reads the primary key
        attribute = to_snake_case(name)
        for read in _READS.get((model, attribute), (attribute,)):
            column = projection.get(read)
            if column is None:
                return None
            kept.add(column)
    if not kept <= set(projection.values()):
        return None
    return tuple(sorted(kept))


def plain_fields(selection: FieldNode) -> list[FieldNode] | None:
    """The fields selected under `selection`, or None when fragments are among them."""
    subs = selection.selection_set.selections if selection.selection_set else ()
    fields = [f for f in subs if isinstance(f, FieldNode)]
    return fields if len(fields) == len(subs) else None


def shown_columns(info: Any, model: type[Model]) -> list[str] | None:
    """The columns that every field the operation asks of the type being resolved reads,
    anywhere in the document (so that all the references to one type in a request share one
    loader); None when one of them reads more, or the operation is not known (unit tests)."""
    raw: Any = getattr(info, "_raw_info", None)
    if raw is None:
        return None
    named = get_named_type(raw.return_type)
    if not isinstance(named, GraphQLObjectType):
        return None
    asked = _asked(raw.schema, raw.operation, raw.fragments)
    names = set(asked.get(named.name, ()))
    for interface in named.interfaces:
        names.update(asked.get(interface.name, ()))
    return columns_for(model, frozenset(names))


#: The fields asked of each type, per operation (by identity: the guard caches documents).
_ASKED: OrderedDict[int, tuple[OperationDefinitionNode, dict[str, frozenset[str]]]] = OrderedDict()
_ASKED_KEPT = 256


def _asked(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
) -> dict[str, frozenset[str]]:
    found = _ASKED.get(id(operation))
    if found is not None and found[0] is operation:
        return found[1]
    names: dict[str, set[str]] = {}
    root = schema.get_root_type(operation.operation)
    if root is not None:
        _walk(schema, root, operation.selection_set, fragments, names, set())
    asked = {name: frozenset(fields) for name, fields in names.items()}
    _ASKED[id(operation)] = (operation, asked)
    while len(_ASKED) > _ASKED_KEPT:
        _ASKED.popitem(last=False)
    return asked


def _walk(
    schema: GraphQLSchema,
    parent: GraphQLNamedType,
    selections: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    names: dict[str, set[str]],
    spread: set[str],
) -> None:
    here = names.setdefault(parent.name, set())
    fields = getattr(parent, "fields", {})
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            here.add(selection.name.value)
            field = fields.get(selection.name.value)
            if field is not None and selection.selection_set is not None:
                inner = get_named_type(field.type)
                _walk(schema, inner, selection.selection_set, fragments, names, spread)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            kind = schema.get_type(condition.name.value) if condition else parent
            if kind is not None:
                _walk(schema, kind, selection.selection_set, fragments, names, spread)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in spread:
                kind = schema.get_type(fragment.type_condition.name.value)
                if kind is not None:
                    _walk(schema, kind, fragment.selection_set, fragments, names, spread | {name})
