"""One batched run of an operation (engine/executor.py decides when to try one): each field
resolved once for all of its parents, level by level, and completed as graphql-core's
complete_value would complete it, or an exception saying why graphql-core must answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from inspect import isawaitable
from itertools import repeat
from operator import attrgetter
from types import CoroutineType
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    is_abstract_type,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.arguments import convert_arguments
from tortoise.models import Model

from server.engine.direct import Direct, direct
from server.engine.leaves import ColumnCoercer, column_coercer

#: A batch resolver: (info, parents, converted arguments) -> one value per parent, in order.
BatchResolver = Callable[..., Awaitable[Sequence[Any]]]

_BATCHED: dict[tuple[str, str], BatchResolver] = {}


def batched(type_name: str, field_name: str) -> Callable[[BatchResolver], BatchResolver]:
    """Register `fn(info, parents, **arguments)` as the batched form of a field's resolver.
    It must return what the field's own resolver returns, for each parent in order."""

    def register(fn: BatchResolver) -> BatchResolver:
        _BATCHED[(type_name, field_name)] = fn
        return fn

    return register


def batched_form(type_name: str, field_name: str) -> BatchResolver | None:
    """The batched form registered for a field, if any."""
    return _BATCHED.get((type_name, field_name))


#: How a plain leaf is read and completed: its attribute getter, its column coercion and
#: whether it is non-null.
PlainLeaf = tuple[Callable[[Any], Any], ColumnCoercer, bool]

#: `__typename`, which every object type answers with its name (what `plain_leaf` gives for it).
TYPENAME: Any = object()

#: The plain leaves of the schema's object types (None: not a plain leaf), met so far.
_PLAIN: dict[tuple[GraphQLObjectType, str], PlainLeaf | None] = {}


def plain_leaf(object_type: GraphQLObjectType, name: str) -> PlainLeaf | None:
    """How `object_type.name` is read and completed when it is a plain leaf (TYPENAME for
    `__typename`), else None."""
    try:
        return _PLAIN[object_type, name]
    except KeyError:
        found = _PLAIN[object_type, name] = _plain_leaf(object_type, name)
        return found


def _plain_leaf(object_type: GraphQLObjectType, name: str) -> PlainLeaf | None:
    if name == "__typename":
        return TYPENAME  # type: ignore[no-any-return]
    field_def = object_type.fields.get(name)
    if (
        field_def is None
        or field_def.args
        or not getattr(field_def.resolve, "_is_default", False)
        or (object_type.name, name) in _BATCHED
    ):
        return None
    definition = field_def.extensions.get("strawberry-definition")
    leaf = field_def.type
    required = isinstance(leaf, GraphQLNonNull)
    if required:
        leaf = leaf.of_type
    if definition is None or not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
        return None
    return attrgetter(definition.python_name), column_coercer(leaf), required


def served_kinds(object_type: GraphQLObjectType) -> Any:
    """The classes `object_type` is served from when its `is_type_of` checks the class alone
    (types/common.served_from), else None."""
    return getattr(getattr(object_type.is_type_of, "__func__", None), "kinds", None)


def check_classes(object_type: GraphQLObjectType, classes: Collection[type], kinds: Any) -> None:
    """What the walk raises for object values of these classes: Unbatchable for an awaitable
    one (awaitability is a matter of class here), Retry for one not among `kinds` (when the
    type is served from those)."""
    for kind in classes:
        if issubclass(kind, Awaitable | CoroutineType) and not issubclass(kind, Model):
            raise Unbatchable("an object value is itself awaitable")
    if kinds is not None and not all(issubclass(kind, kinds) for kind in classes):
        raise Retry(f"a value is not a {object_type.name}")


class Unbatchable(Exception):
    """The operation uses something the batched path does not do (remembered)."""


class Retry(Exception):
    """This run met an error or an anomaly: graphql-core must tell the exact outcome."""


class Run:
    """One batched execution of one operation."""

    def __init__(self, executor: StrawberryGraphQLCoreExecutionContext) -> None:
        self.executor = executor
        strawberry_schema = executor.schema._strawberry_schema  # type: ignore[attr-defined]
        self.converter = strawberry_schema.schema_converter

    async def objects(
        self, object_type: GraphQLObjectType, sources: list[Any], grouped: Any
    ) -> list[dict[str, Any]]:
        """The selection `grouped` of `object_type` completed for every source."""
        keys = list(grouped)
        if not keys:  # directives left nothing to select: graphql-core answers {} per object
            return [{} for _ in sources]
        # Leaves read straight off their sources are completed at once; the other sibling
        # fields run concurrently, as in graphql-core, so that DataLoaders serving several
        # branches (say, contacts' and their companies' salespeople) still merge.
        columns: list[Any] = [None] * len(keys)
        pending: list[int] = []
        for index, key in enumerate(keys):
            plain = self.plain(object_type, grouped[key], sources)
            if plain is None:
                pending.append(index)
            else:
                columns[index] = plain
        if len(pending) == 1:
            key = keys[pending[0]]
            columns[pending[0]] = await self.resolve(object_type, key, grouped[key], sources)
        elif pending:
            # A failing sibling must not cancel the others: they may be awaiting a DataLoader
            # future that other branches share, and a cancelled await cancels that future for
            # every branch (graphql-core, running the operation next, would find it cancelled).
            # So every sibling runs to its end, and the first failure (in field order) counts.
            outcomes = await asyncio.gather(
                *(self.resolve(object_type, keys[i], grouped[keys[i]], sources) for i in pending),
                return_exceptions=True,
            )
            for index, outcome in zip(pending, outcomes, strict=True):
                if isinstance(outcome, BaseException):
                    raise outcome
                columns[index] = outcome
        for values in columns:
            if len(values) != len(sources):
                raise Unbatchable("a field answered for other parents")
        # Every column has a value per source (checked above): the rows are zipped in C.
        return list(map(dict, map(zip, repeat(keys), zip(*columns, strict=True))))

    @staticmethod
    def plain(
        object_type: GraphQLObjectType, details: list[FieldDetails], sources: list[Any]
    ) -> list[Any] | None:
        """A leaf field without arguments whose default resolver reads an attribute (or
        `__typename`), completed for every source with no task or resolve info; None for any
        other field (`resolve` does it)."""
        node = details[0].node
        if node.arguments:
            return None
        leaf = plain_leaf(object_type, node.name.value)
        if leaf is None:
            return None
        if leaf is TYPENAME:
            return [object_type.name] * len(sources)
        read, coerce, required = leaf
        completed = coerce(list(map(read, sources)))
        if completed is None:
            raise Retry("a leaf value could not be coerced")
        if required and None in completed:
            raise Retry("null in a non-null position")
        return completed

    async def resolve(
        self,
        object_type: GraphQLObjectType,
        key: str,
        details: list[FieldDetails],
        sources: list[Any],
    ) -> list[Any]:
        """One field for every source, completed."""
        node = details[0].node
        name = node.name.value
        if name == "__typename":
            return [object_type.name] * len(sources)
        if name.startswith("__"):
            raise Unbatchable("introspection")
        field_def = object_type.fields.get(name)
        if field_def is None:
            raise Unbatchable(f"no field {object_type.name}.{name}")
        executor = self.executor
        info = executor.build_resolve_info(
            field_def, [d.node for d in details], object_type, Path(None, key, object_type.name)
        )
        args = (
            get_argument_values(
                field_def,
                node,
                executor.variable_values,
                details[0].fragment_variable_values,
                executor.hide_suggestions,
            )
            if field_def.args or node.arguments
            else {}
        )
        definition = field_def.extensions.get("strawberry-definition")
        batch = _BATCHED.get((object_type.name, name))
        if batch is not None and definition is not None:
            strawberry_info = self.converter.config.info_class(_raw_info=info, _field=definition)
            kwargs = convert_arguments(
                args,
                definition.arguments,
                scalar_registry=self.converter.scalar_registry,
                config=self.converter.config,
                info=strawberry_info,
            )
            values = list(await batch(strawberry_info, sources, **kwargs))
            if len(values) != len(sources):
                raise Unbatchable(f"{object_type.name}.{name} answered for other parents")
        elif getattr(field_def.resolve, "_is_default", False) and definition is not None:
            values = list(map(attrgetter(definition.python_name), sources))
        elif (straight := direct(object_type, name, field_def, self.converter)) is not None:
            values = await self.each(straight, info, args, sources)
        elif field_def.resolve is not None:
            values = await self.each(field_def.resolve, info, args, sources)
        else:
            raise Unbatchable(f"{object_type.name}.{name} has no resolver")
        return await self.complete(field_def.type, details, info, values)

    @staticmethod
    async def each(
        resolve: Callable[..., Any],
        info: GraphQLResolveInfo[Any],
        args: dict[str, Any],
        sources: list[Any],
    ) -> list[Any]:
        """A resolver without a batched form, per source; awaited together so that
        DataLoaders still batch their loads."""
        if isinstance(resolve, Direct):
            values = [resolve(source, info, args) for source in sources]
        else:
            values = [resolve(source, info, **args) for source in sources]
        pending = [i for i, v in enumerate(values) if isawaitable(v) and not isinstance(v, Model)]
        if len(pending) == 1:  # a root field, or one parent: no task needed
            values[pending[0]] = await values[pending[0]]
        elif pending:
            done = await asyncio.gather(*(values[i] for i in pending))
            for i, value in zip(pending, done, strict=True):
                values[i] = value
        return values

    async def complete(
        self,
        return_type: GraphQLOutputType,
        details: list[FieldDetails],
        info: GraphQLResolveInfo[Any],
        values: list[Any],
    ) -> list[Any]:
        """Values completed as graphql-core's complete_value would, for a whole batch."""
        if isinstance(return_type, GraphQLNonNull):
            completed = await self.complete(return_type.of_type, details, info, values)
            if None in completed:
                raise Retry("null in a non-null position")
            return completed
        if isinstance(return_type, GraphQLList):
            lists: list[list[Any] | None] = []
            for value in values:
                if value is None:
                    lists.append(None)
                elif isinstance(value, list | tuple):
                    lists.append(list(value))
                else:
                    raise Retry("a list field returned something else")
            flat = [item for items in lists if items is not None for item in items]
            completed = await self.complete(return_type.of_type, details, info, flat)
            out: list[Any] = []
            start = 0
            for items in lists:
                if items is None:
                    out.append(None)
                else:
                    out.append(completed[start : start + len(items)])
                    start += len(items)
            return out
        if isinstance(return_type, GraphQLScalarType | GraphQLEnumType):
            leaves = column_coercer(return_type)(values)
            if leaves is None:
                raise Retry("a leaf value could not be coerced")
            return leaves
        if isinstance(return_type, GraphQLObjectType):
            return await self.typed(return_type, details, info, values)
        if is_abstract_type(return_type):
            return await self.abstract(return_type, details, info, values)
        raise Unbatchable(f"unknown output type {return_type}")

    async def typed(
        self,
        object_type: GraphQLObjectType,
        details: list[FieldDetails],
        info: GraphQLResolveInfo[Any],
        values: list[Any],
    ) -> list[Any]:
        present = [i for i, v in enumerate(values) if v is not None]
        sources = [values[i] for i in present]
        kinds = served_kinds(object_type)
        check_classes(object_type, set(map(type, sources)), kinds)
        is_type_of = object_type.is_type_of
        if kinds is None and is_type_of is not None:
            for source in sources:
                verdict = is_type_of(source, info)
                if verdict is True:
                    continue
                if isawaitable(verdict):
                    raise Unbatchable(f"{object_type.name}.is_type_of is asynchronous")
                if not verdict:
                    raise Retry(f"a value is not a {object_type.name}")
        grouped = self.executor.collect_subfields(object_type, details).grouped_field_set
        rows = await self.objects(object_type, sources, grouped)
        out: list[Any] = [None] * len(values)
        for i, row in zip(present, rows, strict=True):
            out[i] = row
        return out

    async def abstract(
        self,
        abstract_type: Any,
        details: list[FieldDetails],
        info: GraphQLResolveInfo[Any],
        values: list[Any],
    ) -> list[Any]:
        resolve_type = abstract_type.resolve_type
        if resolve_type is None:
            raise Unbatchable(f"{abstract_type} has no type resolver")
        schema = self.executor.schema
        by_type: dict[str, list[int]] = {}
        for i, value in enumerate(values):
            if value is None:
                continue
            runtime = resolve_type(value, info, abstract_type)
            if not isinstance(runtime, str):
                raise Unbatchable("a type resolver answered with something else than a name")
            found = schema.get_type(runtime)
            if not isinstance(found, GraphQLObjectType) or not schema.is_sub_type(
                abstract_type, found
            ):
                raise Retry(f"{runtime} is not a possible type of {abstract_type}")
            by_type.setdefault(runtime, []).append(i)
        out: list[Any] = [None] * len(values)
        for name, indexes in by_type.items():
            object_type = schema.get_type(name)
            assert isinstance(object_type, GraphQLObjectType)
            rows = await self.typed(object_type, details, info, [values[i] for i in indexes])
            for i, row in zip(indexes, rows, strict=True):
                out[i] = row
        return out
