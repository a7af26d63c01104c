"""Flat documents compiled (server/engine/flat.py) answer as graphql-core does: generated
documents over every root field that finds one object by its arguments, selecting plain
leaves of it (aliased, repeated, in inline fragments, with `__typename`), with the arguments
inline or as variables, holding keys of the demo company or keys nobody has; each is posted
with the batched engine on (compiled) and off (graphql-core alone), and status and bytes must
be equal. Which documents compile is checked too: the generator's do, and others do not."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    parse,
)
from hypothesis import given
from hypothesis import strategies as st
from tortoise.context import TortoiseContext

from server.demo.company import load_demo
from server.engine import executor, flat
from server.schema.schema import schema
from server.settings import Settings
from tests.api.conftest import asgi_client
from tests.api.engine.both_ways import both_ways
from tests.conftest import make_ctx, reproducible

#: Documents compared per database (CI runs the suite on SQLite and on PostgreSQL).
DOCUMENTS = 300

_SCALAR_ARGUMENTS = {"String": str, "Int": int, "ID": str}


def _named(kind: Any) -> Any:
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    return kind


def _leaves(object_type: GraphQLObjectType) -> list[str]:
    """Fields of `object_type` without arguments whose type is a scalar or an enum."""
    return [
        name
        for name, field in object_type.fields.items()
        if not field.args and isinstance(_named(field.type), GraphQLScalarType | GraphQLEnumType)
    ]


def _lookups(core: GraphQLSchema) -> dict[str, GraphQLField]:
    """Root fields that find one object by required scalar arguments."""
    assert core.query_type is not None
    found = {}
    for name, field in core.query_type.fields.items():
        kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        if not isinstance(kind, GraphQLObjectType) or not field.args:
            continue
        if all(
            isinstance(arg.type, GraphQLNonNull) and _named(arg.type).name in _SCALAR_ARGUMENTS
            for arg in field.args.values()
        ):
            found[name] = field
    return found


def _harvest_queries(core: GraphQLSchema, lookups: dict[str, GraphQLField]) -> list[str]:
    """Queries reading, for each lookup, the values of its arguments' namesake fields from a
    root list or connection of the same type (the keys that exist)."""
    assert core.query_type is not None
    parts = []
    for name, field in lookups.items():
        target = _named(field.type)
        wanted = [arg for arg in field.args if arg in target.fields]
        if not wanted:
            continue
        for list_name, list_field in core.query_type.fields.items():
            listed = _named(list_field.type)
            outer = list_field.type
            if isinstance(outer, GraphQLNonNull):
                outer = outer.of_type
            if isinstance(outer, GraphQLList) and listed is target:
                parts.append(f"{name}: {list_name} {{ {' '.join(wanted)} }}")
                break
            nodes = getattr(listed, "fields", {}).get("nodes")
            if nodes is not None and _named(nodes.type) is target and "first" in list_field.args:
                parts.append(f"{name}: {list_name}(first: 20) {{ nodes {{ {' '.join(wanted)} }} }}")
                break
    return ["{ " + part + " }" for part in parts]


def _keys(data: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """Per lookup, per argument, the values found."""
    out: dict[str, dict[str, list[Any]]] = {}
    for name, found in data.items():
        rows = found["nodes"] if isinstance(found, dict) else found
        for row in rows:
            for arg, value in row.items():
                out.setdefault(name, {}).setdefault(arg, []).append(value)
    return out


@st.composite
def _flat_documents(
    draw: st.DrawFn, lookups: dict[str, GraphQLField], keys: dict[str, dict[str, list[Any]]]
) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(lookups)))
    field = lookups[name]
    object_type = _named(field.type)
    variables: dict[str, Any] = {}
    definitions: list[str] = []
    arguments: list[str] = []
    for arg_name, arg in field.args.items():
        python = _SCALAR_ARGUMENTS[_named(arg.type).name]
        known = keys.get(name, {}).get(arg_name, [])
        unknown = st.integers(-5, 10**6) if python is int else st.text("XYZ019-", max_size=8)
        value = draw(st.sampled_from(known) | unknown if known else unknown)
        if draw(st.booleans()):
            variables[arg_name] = value
            definitions.append(f"${arg_name}: {arg.type}")
            arguments.append(f"{arg_name}: ${arg_name}")
        else:
            arguments.append(f"{arg_name}: {json.dumps(value)}")
    leaves = [*_leaves(object_type), "__typename"]
    chosen = draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=6))
    selections = []
    for index, leaf in enumerate(chosen):
        text = f"l{index}: {leaf}" if draw(st.booleans()) else leaf
        if draw(st.integers(0, 4)) == 0:
            text = f"... on {object_type.name} {{ {text} }}"
        selections.append(text)
    alias = "found: " if draw(st.booleans()) else ""
    header = f"query Flat({', '.join(definitions)})" if definitions else "query Flat"
    document = f"{header} {{ {alias}{name}({', '.join(arguments)}) {{ {' '.join(selections)} }} }}"
    return document, variables


async def test_compiled_flat_documents_answer_as_graphql_core(
    db: TortoiseContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    await load_demo(make_ctx())
    loop = asyncio.get_running_loop()
    core = schema._schema
    lookups = _lookups(core)
    assert {"campaign", "contact", "segment", "item", "task"} <= set(lookups)
    compiled: list[str] = []
    compile_flat = flat.compile_flat

    def counting(*args: Any) -> flat.Flat | None:
        found = compile_flat(*args)
        if found is not None:
            compiled.append(found.key)
        return found

    monkeypatch.setattr("server.schema.express.compile_flat", counting)
    runs = [0]
    run = flat.Flat.run

    async def counting_run(self: flat.Flat, *args: Any) -> dict[str, Any]:
        runs[0] += 1
        return await run(self, *args)

    monkeypatch.setattr(flat.Flat, "run", counting_run)
    async with asgi_client(Settings(demo_mode=True, rate_limit=0)) as client:
        harvested: dict[str, Any] = {}
        for query in _harvest_queries(core, lookups):
            answer = (await client.post("/graphql", json={"query": query})).json()
            harvested.update(answer.get("data") or {})
        keys = _keys(harvested)
        assert len(keys) >= 10  # most lookups have keys that exist

        seen = {"documents": 0, "found": 0, "missing": 0}

        @reproducible(DOCUMENTS)
        @given(operation=_flat_documents(lookups, keys))
        def compare(operation: tuple[str, dict[str, Any]]) -> None:
            document, variables = operation
            future = asyncio.run_coroutine_threadsafe(both_ways(client, document, variables), loop)
            (fast_status, fast), (slow_status, slow) = future.result(timeout=60)
            assert (fast_status, fast) == (slow_status, slow), document
            seen["documents"] += 1
            data = json.loads(slow).get("data") or {}
            seen["found" if any(data.values()) else "missing"] += 1

        batched_before = executor.Stats.batched
        await asyncio.to_thread(compare)

    assert seen["documents"] >= DOCUMENTS
    assert seen["found"] > DOCUMENTS / 4, seen
    assert seen["missing"] > DOCUMENTS / 10, seen
    # Distinct documents compile with their plans.
    assert len(compiled) > DOCUMENTS / 3
    assert runs[0] > DOCUMENTS / 3  # the compiled form answered them
    assert executor.Stats.batched - batched_before > DOCUMENTS / 2


def test_only_flat_documents_compile() -> None:
    """One root lookup with leaves compiles; a nested object, a list, two root fields, a
    field with arguments below the root or an abstract type do not."""
    from server.schema.express import _static

    core = schema._schema

    def compiles(document: str) -> bool:
        parsed = parse(document)
        static = _static(core, parsed, parsed.definitions[0])  # type: ignore[arg-type]
        assert static is not None
        return static.flat is not None

    assert compiles('{ campaign(no: "CP1") { no description __typename } }')
    assert compiles('{ campaign(no: "CP1") { id no } }')  # a leaf with a batched form
    assert compiles("query($no: String!) { c: campaign(no: $no) { ... on Campaign { no } } }")
    assert not compiles('{ campaign(no: "CP1") { no salesperson { code } } }')
    assert not compiles('{ campaign(no: "CP1") { no } contact(no: "CT1") { no } }')
    assert not compiles("{ campaigns(first: 1) { nodes { no } } }")
    assert not compiles('{ node(id: "x") { id } }')
    assert not compiles("{ activities { code } }")
    assert not compiles('{ campaign(no: "CP1") { __typename segments(first: 1) { totalCount } } }')
