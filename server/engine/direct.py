"""Resolvers called straight, without Strawberry's per-call wrapper (issue 18).

Strawberry wraps each resolver in a function that, at every call, builds the `Info`, converts
the arguments (naming each one again through the name converter), asks which of `self`, the
parent, the root and `info` the resolver takes, folds the field's extensions around the call
and awaits the result through a helper: about a tenth of a small query's time. For a field
with no extensions and no exception handlers, all but the `Info` and the argument values are
the same at every call; a `Direct` works them out once and then does exactly what the wrapper
does with them (strawberry/schema/schema_converter.py, `from_resolver` and `get_arguments`):
the same `Info`, arguments converted by Strawberry's own `convert_argument` under the same
names, the same parameters filled, the same function called. A field it does not describe
(extensions, handlers, a resolver other than Strawberry's) keeps the wrapper.

tests/api/engine/test_direct.py checks a direct call against the wrapper's on every root
field and on generated arguments; the differential tests compare whole operations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from graphql import GraphQLField, GraphQLObjectType, GraphQLResolveInfo
from strawberry import ID
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_argument
from strawberry.types.base import StrawberryMaybe, StrawberryOptional
from strawberry.types.field import StrawberryField

#: The qualified names of the resolvers Strawberry's converter makes (`from_resolver`).
_STRAWBERRY_RESOLVERS = frozenset(
    {
        "GraphQLCoreConverter.from_resolver.<locals>._async_resolver",
        "GraphQLCoreConverter.from_resolver.<locals>._resolver",
    }
)


class Direct:
    """One field's resolver, called as Strawberry's wrapper calls it, minus the wrapper."""

    __slots__ = (
        "arguments",
        "config",
        "definition",
        "function",
        "info_class",
        "info_name",
        "parent_names",
        "registry",
        "takes_self",
    )

    def __init__(self, definition: StrawberryField, converter: GraphQLCoreConverter) -> None:
        resolver = definition.base_resolver
        assert resolver is not None
        config = converter.config
        self.definition = definition
        self.config = config
        self.registry = converter.scalar_registry
        self.info_class = config.info_class
        self.function = cast("Callable[..., Any]", resolver.wrapped_func)
        #: (GraphQL name, Python name, Strawberry type or None) of each argument, in order;
        #: None where `convert_argument` gives the value back as it is (`_passes`).
        self.arguments = tuple(
            (
                config.name_converter.from_argument(argument),
                argument.python_name,
                None if _passes(argument.type) else argument.type,
            )
            for argument in definition.arguments
        )
        self.takes_self = resolver.self_parameter is not None
        self.parent_names = tuple(
            parameter.name
            for parameter in (resolver.parent_parameter, resolver.root_parameter)
            if parameter is not None
        )
        info = resolver.info_parameter
        self.info_name = info.name if info is not None else None

    def __call__(self, source: Any, raw_info: GraphQLResolveInfo[Any], args: dict[str, Any]) -> Any:
        """What the wrapper returns for `source` with these (coerced) arguments."""
        info = self.info_class(_raw_info=raw_info, _field=self.definition)
        kwargs: dict[str, Any] = {}
        if args:
            for name, python_name, kind in self.arguments:
                if name not in args:
                    continue
                if kind is None:
                    kwargs[python_name] = args[name]
                else:
                    kwargs[python_name] = convert_argument(
                        args[name], kind, self.registry, self.config, info, path=(name,)
                    )
        for name in self.parent_names:
            kwargs[name] = source
        if self.info_name is not None:
            kwargs[self.info_name] = info
        if self.takes_self:
            return self.function(source, **kwargs)
        return self.function(**kwargs)


#: Built-in scalars whose values `convert_argument` returns as they are (the scalar registry
#: maps each to a leaf; GlobalID, which it decodes, is not among them).
_PASSING = (str, int, float, bool, ID)


def _passes(kind: Any) -> bool:
    """Whether `convert_argument` returns any value of `kind` unchanged: a built-in scalar,
    optional or not (`Maybe` wraps its value, so it is not one)."""
    if isinstance(kind, StrawberryOptional) and not isinstance(kind, StrawberryMaybe):
        kind = kind.of_type
    return any(kind is passing for passing in _PASSING)


#: The direct form of each field met so far (None: the field keeps Strawberry's wrapper), by
#: the identity of its type (a test may build schemas of its own with the same type names).
_DIRECT: dict[tuple[GraphQLObjectType, str], Direct | None] = {}


def direct(
    object_type: GraphQLObjectType,
    name: str,
    field_def: GraphQLField,
    converter: GraphQLCoreConverter,
) -> Direct | None:
    """The direct form of `object_type`'s field `name` (`field_def`), or None."""
    key = (object_type, name)
    try:
        return _DIRECT[key]
    except KeyError:
        found = _DIRECT[key] = _describe(field_def, converter)
        return found


def _describe(field_def: GraphQLField, converter: GraphQLCoreConverter) -> Direct | None:
    definition = field_def.extensions.get("strawberry-definition")
    resolve = field_def.resolve
    if (
        not isinstance(definition, StrawberryField)
        or definition.base_resolver is None
        or not callable(definition.base_resolver.wrapped_func)  # Strawberry refuses to call it
        or definition.extensions
        or getattr(converter, "_exception_handler_specs", True)
        or getattr(resolve, "__qualname__", None) not in _STRAWBERRY_RESOLVERS
    ):
        return None
    return Direct(definition, converter)
