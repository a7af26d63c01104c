"""Flat documents compiled once: one root field that finds one object, and leaves of it.

The small queries clients send most are of this shape: `campaign(no: $no) { no description }`,
a contact or an item by its number with a few of its columns. The batched walk (run.py)
answers them with what a whole tree needs: a Run, the root field's lookups (its definition,
batched form, direct form), the resolver through `each`, completion through `complete` and
`typed`, and `objects` at both levels with a check of every field for being a plain leaf,
about a fifth of such a request's time in process. As graphql-jit compiles a known document,
a static document of this shape (server/schema/express.py) is compiled with its plan: the
root field's definition, direct resolver and path, the object type's class check and each
leaf's reader and coercion are fixed then, and a request only resolves the root field and
reads the leaves.

It answers exactly what the walk answers (run.py's `resolve`, `each`, `complete`, `typed` and
`plain`, in that order, for one parent): the same resolve info and arguments, the same
coercions, and the same exceptions where the walk would raise them (`Retry` for a null in a
non-null position, a value of another type or a leaf that does not coerce; `Unbatchable` for
an object value that is itself awaitable), which `attempt` (executor.py) treats alike.
Documents of any other shape are not compiled. tests/api/engine/test_flat.py compares the
compiled answers with graphql-core's on generated flat documents of every root field of this
shape, found in the schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from inspect import isawaitable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from graphql.execution.collect_fields import FieldDetails, GroupedFieldSet
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from tortoise.models import Model

from server.engine.direct import Direct, direct
from server.engine.leaves import ColumnCoercer, column_coercer
from server.engine.run import (
    TYPENAME,
    BatchResolver,
    Retry,
    Unbatchable,
    batched_form,
    check_classes,
    plain_leaf,
    served_kinds,
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A leaf without arguments whose value a resolver gives: its batched form for one parent,
    else its direct resolver (as run.py's `resolve` chooses)."""

    key: str
    details: list[FieldDetails]
    field_def: GraphQLField
    #: Strawberry's definition of the field (the batched form's `Info` names it).
    definition: Any
    batch: BatchResolver | None
    resolve: Direct | None
    info_class: Any
    coerce: ColumnCoercer
    required: bool

    async def value(
        self, executor: StrawberryGraphQLCoreExecutionContext, object_type: Any, source: Any
    ) -> Any:
        """The leaf of `source`, completed."""
        info = executor.build_resolve_info(
            self.field_def,
            [d.node for d in self.details],
            object_type,
            Path(None, self.key, object_type.name),
        )
        if self.batch is not None:
            values = list(
                await self.batch(self.info_class(_raw_info=info, _field=self.definition), [source])
            )
            if len(values) != 1:
                name = self.details[0].node.name.value
                raise Unbatchable(f"{object_type.name}.{name} answered for other parents")
            value = values[0]
        else:
            assert self.resolve is not None
            value = self.resolve(source, info, {})
            if isawaitable(value) and not isinstance(value, Model):
                value = await value
        completed = self.coerce([value])
        if completed is None:
            raise Retry("a leaf value could not be coerced")
        if self.required and completed[0] is None:
            raise Retry("null in a non-null position")
        return completed[0]


@dataclass(frozen=True, slots=True)
class Flat:
    """A compiled flat document (see the module's docstring)."""

    key: str
    details: list[FieldDetails]
    root_type: GraphQLObjectType
    field_def: GraphQLField
    resolve: Direct
    takes_arguments: bool
    required: bool
    object_type: GraphQLObjectType
    #: The classes `object_type` is served from (its `is_type_of`), or None: any value.
    kinds: Any
    #: (response key, leaf) of the object's selection: TYPENAME, a PlainLeaf or Resolved.
    leaves: tuple[tuple[str, Any], ...]

    async def run(
        self, executor: StrawberryGraphQLCoreExecutionContext, root_value: Any
    ) -> dict[str, Any]:
        """The operation's data, as the batched walk completes it."""
        details = self.details
        node = details[0].node
        info = executor.build_resolve_info(
            self.field_def,
            [d.node for d in details],
            self.root_type,
            Path(None, self.key, self.root_type.name),
        )
        args = (
            get_argument_values(
                self.field_def,
                node,
                executor.variable_values,
                details[0].fragment_variable_values,
                executor.hide_suggestions,
            )
            if self.takes_arguments
            else {}
        )
        value = self.resolve(root_value, info, args)
        if isawaitable(value) and not isinstance(value, Model):
            value = await value
        if value is None:
            if self.required:
                raise Retry("null in a non-null position")
            return {self.key: None}
        check_classes(self.object_type, (type(value),), self.kinds)
        row: dict[str, Any] = {}
        for key, leaf in self.leaves:
            if leaf is TYPENAME:
                row[key] = self.object_type.name
                continue
            if type(leaf) is Resolved:
                row[key] = await leaf.value(executor, self.object_type, value)
                continue
            read, coerce, required = leaf
            completed = coerce([read(value)])
            if completed is None:
                raise Retry("a leaf value could not be coerced")
            if required and completed[0] is None:
                raise Retry("null in a non-null position")
            row[key] = completed[0]
        return {self.key: row}


def compile_flat(
    executor: StrawberryGraphQLCoreExecutionContext,
    root_type: GraphQLObjectType,
    root_fields: GroupedFieldSet,
) -> Flat | None:
    """The compiled form of a static document's root fields, or None when they are not one
    field resolved by a direct resolver to an object of which only leaves are read (plain,
    `__typename` or resolved without arguments)."""
    if len(root_fields) != 1:
        return None
    ((key, details),) = root_fields.items()
    name = details[0].node.name.value
    field_def = root_type.fields.get(name)
    if (
        field_def is None
        or name.startswith("__")
        or batched_form(root_type.name, name) is not None
        or getattr(field_def.resolve, "_is_default", False)
        or field_def.extensions.get("strawberry-definition") is None
    ):
        return None
    converter = executor.schema._strawberry_schema.schema_converter  # type: ignore[attr-defined]
    resolve = direct(root_type, name, field_def, converter)
    object_type = field_def.type
    required = isinstance(object_type, GraphQLNonNull)
    if required:
        object_type = object_type.of_type
    if resolve is None or not isinstance(object_type, GraphQLObjectType):
        return None
    kinds = served_kinds(object_type)
    if object_type.is_type_of is not None and kinds is None:
        return None  # a check of each value: the walk's
    grouped = executor.collect_subfields(object_type, details).grouped_field_set
    leaves: list[tuple[str, Any]] = []
    for sub_key, sub_details in grouped.items():
        if sub_details[0].node.arguments:
            return None
        sub_name = sub_details[0].node.name.value
        leaf = plain_leaf(object_type, sub_name) or _resolved(
            object_type, sub_key, sub_details, converter
        )
        if leaf is None:
            return None
        leaves.append((sub_key, leaf))
    if not leaves:
        return None
    takes_arguments = bool(field_def.args or details[0].node.arguments)
    return Flat(
        key,
        details,
        root_type,
        field_def,
        resolve,
        takes_arguments,
        required,
        object_type,
        kinds,
        tuple(leaves),
    )


def _resolved(
    object_type: GraphQLObjectType,
    key: str,
    details: list[FieldDetails],
    converter: Any,
) -> Resolved | None:
    """The leaf `key` of `object_type` when a resolver gives it (no arguments), else None."""
    name = details[0].node.name.value
    field_def = object_type.fields.get(name)
    if field_def is None or field_def.args or name.startswith("__"):
        return None
    leaf = field_def.type
    required = isinstance(leaf, GraphQLNonNull)
    if required:
        leaf = leaf.of_type
    definition = field_def.extensions.get("strawberry-definition")
    if definition is None or not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
        return None
    batch = batched_form(object_type.name, name)
    resolve = None if batch is not None else direct(object_type, name, field_def, converter)
    if batch is None and resolve is None:
        return None
    return Resolved(
        key,
        details,
        field_def,
        definition,
        batch,
        resolve,
        converter.config.info_class,
        column_coercer(leaf),
        required,
    )
