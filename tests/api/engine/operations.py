"""Generated read operations over the whole schema, for the differential test of the batched
engine against graphql-core: aliases (the same field twice with other arguments), inline
fragments on types and on Node, `@skip`/`@include` with variables, nested connections paged in
both directions (sometimes wrongly, so that fields error), `node`/`nodes` with real and unknown
IDs, and `__typename`. A Hypothesis strategy, so a failing case shrinks to a small document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
)
from hypothesis import strategies as st

#: Page sizes (0 is allowed). Now and then a wrong one: 101 is over the limit, and `first` with
#: `last` is refused; both are field errors, after which graphql-core answers the operation.
PAGE_SIZES = [None, 0, 1, 2, 3, 5]
WRONG = 101
#: How deep object selections go below the root field.
MAX_DEPTH = 4
PAGING = {"first", "last", "after", "before"}


@dataclass
class Document:
    """What is being written: the variables the directives use, and a counter for aliases."""

    variables: dict[str, bool] = field(default_factory=dict)
    aliases: int = 0

    def alias(self) -> str:
        self.aliases += 1
        return f"a{self.aliases}"

    def condition(self, draw: st.DrawFn) -> str:
        """A directive over a new Boolean variable (or a literal)."""
        name = f"v{len(self.variables)}"
        if draw(st.booleans()):
            literal = "true" if draw(st.booleans()) else "false"
            return f"@{draw(st.sampled_from(['skip', 'include']))}(if: {literal})"
        self.variables[name] = draw(st.booleans())
        return f"@{draw(st.sampled_from(['skip', 'include']))}(if: ${name})"


def _named(kind: Any) -> GraphQLNamedType:
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    named: GraphQLNamedType = kind
    return named


def _usable(definition: GraphQLField) -> bool:
    """Fields whose required arguments we know how to give (only paging ones)."""
    return all(
        name in PAGING or not isinstance(arg.type, GraphQLNonNull)
        for name, arg in definition.args.items()
    )


def _arguments(draw: st.DrawFn, definition: GraphQLField) -> str:
    parts = []
    if "first" in definition.args or "last" in definition.args:
        wrong = draw(st.integers(0, 40)) == 0
        direction = draw(st.sampled_from(["first", "first", "last", "none"]))
        if wrong and direction == "none":
            direction = "both"
        for name in ("first", "last"):
            if direction in (name, "both") and name in definition.args:
                size = WRONG if wrong and direction != "both" else draw(st.sampled_from(PAGE_SIZES))
                if size is not None:
                    parts.append(f"{name}: {size}")
    return f"({', '.join(parts)})" if parts else ""


@st.composite
def selection(
    draw: st.DrawFn,
    schema: GraphQLSchema,
    kind: GraphQLNamedType,
    doc: Document,
    depth: int,
) -> str:
    """A selection set on `kind` (an object, interface or union type)."""
    if isinstance(kind, GraphQLUnionType):
        member = draw(st.sampled_from(list(kind.types)))
        inner = draw(selection(schema, member, doc, depth))
        return f"{{ __typename ... on {member.name} {inner} }}"
    assert isinstance(kind, GraphQLObjectType | GraphQLInterfaceType)
    fields = {name: f for name, f in kind.fields.items() if _usable(f)}
    leaves = [
        n
        for n, f in fields.items()
        if isinstance(_named(f.type), GraphQLScalarType | GraphQLEnumType)
    ]
    objects = [n for n in fields if n not in leaves] if depth < MAX_DEPTH else []
    chosen = draw(st.lists(st.sampled_from(leaves), max_size=4, unique=True)) if leaves else []
    if objects:
        chosen += draw(st.lists(st.sampled_from(objects), max_size=3, unique=True))
    if not chosen:
        return "{ __typename }"
    parts = []
    for name in chosen:
        definition = fields[name]
        args = _arguments(draw, definition)
        target = _named(definition.type)
        sub = ""
        if not isinstance(target, GraphQLScalarType | GraphQLEnumType):
            sub = " " + draw(selection(schema, target, doc, depth + 1))
        prefix = f"{doc.alias()}: " if draw(st.integers(0, 4)) == 0 else ""
        directive = f" {doc.condition(draw)}" if draw(st.integers(0, 5)) == 0 else ""
        parts.append(f"{prefix}{name}{args}{directive}{sub}")
        if args and draw(st.integers(0, 4)) == 0:  # the same field again, other arguments
            again = _arguments(draw, definition)
            parts.append(f"{doc.alias()}: {name}{again}{sub}")
    if draw(st.integers(0, 3)) == 0:
        parts.append("__typename")
    if "Node" in {i.name for i in getattr(kind, "interfaces", ())} and draw(st.integers(0, 3)) == 0:
        parts.append("... on Node { id }")
    if isinstance(kind, GraphQLObjectType) and leaves and draw(st.integers(0, 4)) == 0:
        leaf = draw(st.sampled_from(leaves))
        parts.append(f"... on {kind.name} {{ {leaf} }}")
    return "{ " + " ".join(parts) + " }"


#: Root fields and the arguments that reach the demo company's data (or miss it on purpose).
ROOTS: dict[str, list[str]] = {
    "campaign": ['(no: "CP00001")', '(no: "CP00004")', '(no: "NOPE")'],
    "campaigns": [""],
    "contacts": [""],
    "segments": [""],
    "items": [""],
    "customers": [""],
    "tasks": [""],
    "opportunities": [""],
    "salesDocuments": [""],
    "salespeople": [""],
    "teams": [""],
    "viewer": [""],
}


@st.composite
def operations(
    draw: st.DrawFn, schema: GraphQLSchema, node_ids: list[str]
) -> tuple[str, dict[str, Any]]:
    """One query document (1-3 root fields) and its variables."""
    doc = Document()
    query = schema.query_type
    assert query is not None
    parts = []
    for root in draw(st.lists(st.sampled_from(sorted(ROOTS)), min_size=1, max_size=3)):
        definition = query.fields[root]
        args = draw(st.sampled_from(ROOTS[root])) or _arguments(draw, definition)
        sub = draw(selection(schema, _named(definition.type), doc, 1))
        directive = f" {doc.condition(draw)}" if draw(st.integers(0, 5)) == 0 else ""
        parts.append(f"{doc.alias()}: {root}{args}{directive} {sub}")
    if node_ids and draw(st.integers(0, 3)) == 0:
        ids = draw(st.lists(st.sampled_from([*node_ids, "Q2FtcGFpZ246OTk5OTk"]), max_size=4))
        listed = ", ".join(f'"{i}"' for i in ids)
        kind = draw(st.sampled_from(["Campaign", "Contact", "Segment"]))
        sub = draw(selection(schema, schema.type_map[kind], doc, 2))
        parts.append(f"{doc.alias()}: nodes(ids: [{listed}]) {{ __typename ... on {kind} {sub} }}")
    declared = ", ".join(f"${name}: Boolean!" for name in doc.variables)
    head = f"query({declared}) " if declared else "query "
    return head + "{ " + " ".join(parts) + " }", dict(doc.variables)
