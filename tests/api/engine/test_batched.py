"""Batched execution answers exactly as graphql-core does (server/engine/executor.py).

Every query here runs twice, batched and through graphql-core alone, and the two responses
must be equal to the byte: data, errors, messages, paths and codes. The batched path must
also really be taken where it can be, and given up where it cannot.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tortoise.models import Model

from server.demo.company import load_demo
from server.engine import executor as batched
from server.engine import loaders as dataloaders
from server.http.graphiql import example_document, example_variables
from tests.api.engine.test_dashboard import CONTRACT
from tests.conftest import TODAY, StatementCounter, make_ctx


@pytest.fixture
def stats() -> Iterator[type[batched.Stats]]:
    batched.Stats.batched = batched.Stats.standard = 0
    yield batched.Stats
    batched.ENABLED = True


async def _both(http: httpx.AsyncClient, body: dict[str, Any]) -> tuple[bytes, bytes]:
    batched.ENABLED = True
    fast = await http.post("/graphql", json=body)
    batched.ENABLED = False
    slow = await http.post("/graphql", json=body)
    batched.ENABLED = True
    assert fast.status_code == slow.status_code
    return fast.content, slow.content


#: Reads over the demo company: nested connections, references, lists, enums, decimals,
#: dates, fragments, aliases, directives, interfaces and __typename.
QUERIES = [
    "{ campaigns(first: 50) { totalCount nodes { id no description status { code } "
    "salesperson { code name } statistics { contactsResponded cost roi revenue } "
    "targetGroup(first: 3) { totalCount nodes { id } } } } }",
    "query($n: Int!) { contacts(first: $n) { pageInfo { hasNextPage endCursor startCursor } "
    "edges { cursor node { ...C company { ...C } persons(first: 2) { nodes { ...C } } } } } } "
    "fragment C on Contact { __typename id no name type email salesperson { code } }",
    "query($skip: Boolean!) { segments(first: 20) { nodes { no status campaignTarget "
    "campaign @skip(if: $skip) { no } lines(first: 7) { totalCount nodes { lineNo "
    "contact { no interactions(first: 2, orderBy: [{field: DATE, direction: DESC}]) "
    "{ nodes { entryNo date cost evaluation } } } } } } } }",
    "{ a: items(first: 5) { nodes { no unitPrice } } b: items(first: 5, after: null) "
    "{ nodes { no ... on Item { description } } } }",
    "{ tasks(first: 20) { nodes { no description date status salesperson { code } "
    "contact { no } campaign { no } } } }",
    "{ opportunities(first: 20) { nodes { no description status contact { no } "
    "salesCycle { code stages { stage description } } activeEntry { stage } } } "
    "teams { code members { code } } }",
    "{ viewer { username role openTasks { no } recentInteractions(first: 3) { entryNo } } }",
    "{ salesDocuments(first: 10) { nodes { no type amount lines(first: 5) { nodes { lineNo "
    "unitPrice lineAmount item { no } priceSource { type code } } } } } }",
    '{ nodes(ids: []) { id } campaign(no: "CP00004") { activated interactions(first: 3) '
    "{ edges { cursor node { entryNo contact { no } } } } } }",
    # Pruned rows (plain fields only) with ids, cursors and a reviewed resolver; segments
    # shown in the place of segment lines.
    "{ contacts(first: 30) { nodes { no tasks(first: 3) { pageInfo { endCursor hasNextPage } "
    "edges { cursor node { __typename id no startTime } } } interactions(first: 2) { nodes "
    "{ id entryNo cost date } } segments(first: 2) { nodes { id campaignTarget } } } } }",
]


@pytest.fixture
async def demo(http: httpx.AsyncClient) -> httpx.AsyncClient:
    await load_demo(make_ctx())
    return http


@pytest.mark.parametrize("query", QUERIES)
async def test_batched_reads_equal_graphql_core(demo: httpx.AsyncClient, stats: Any, query: str):
    body = {"query": query, "variables": {"n": 12, "skip": False}}
    fast, slow = await _both(demo, body)

    assert fast == slow
    assert b'"errors"' not in fast, fast[:500]
    assert stats.batched == 1
    assert stats.standard == 1


async def test_the_dashboard_and_the_example_reads_are_batched_and_equal(
    demo: httpx.AsyncClient, stats: Any
):
    variables = example_variables(TODAY.date())
    for name in ("Dashboard", "MyDay", "PriceExplanation"):
        body = {"query": example_document(), "variables": variables, "operationName": name}
        fast, slow = await _both(demo, body)
        assert fast == slow, name
    fast, slow = await _both(demo, {"query": CONTRACT, "variables": {"no": "CP00004"}})
    assert fast == slow
    assert b'"segments"' in fast
    assert stats.batched == 4
    assert stats.standard == 4


async def test_errors_fall_back_to_graphql_core_with_the_same_answer(
    demo: httpx.AsyncClient, stats: Any
):
    # A foreign cursor fails inside a nested field: data, error, path as graphql-core has it.
    query = (
        '{ campaigns(first: 2) { nodes { no segments(first: 1, after: "bm9wZQ") '
        "{ nodes { no } } } } }"
    )
    fast, slow = await _both(demo, {"query": query})

    assert fast == slow
    assert b'"BAD_USER_INPUT"' in fast
    assert b'"path"' in fast
    assert stats.batched == 0
    assert stats.standard == 2


async def test_an_unknown_campaign_is_null_on_both_paths(demo: httpx.AsyncClient, stats: Any):
    fast, slow = await _both(demo, {"query": CONTRACT, "variables": {"no": "NOPE"}})

    assert fast == slow == b'{"data":{"campaign":null}}'
    assert stats.batched == 1


async def test_introspection_and_mutations_run_on_graphql_core(demo: httpx.AsyncClient, stats: Any):
    introspection = {"query": "{ __schema { queryType { name } } __typename }"}
    for _ in range(2):
        fast, slow = await _both(demo, introspection)
        assert fast == slow
    # Found unbatchable once, then remembered: no second attempt.
    assert stats.batched == 0
    assert stats.standard == 4
    assert len(list(batched._UNBATCHABLE.values())) >= 1

    mutation = {"query": 'mutation { campaignDelete(input: {no: "NOPE"}) { errors { code } } }'}
    response = await demo.post("/graphql", json=mutation)
    assert response.json()["data"]["campaignDelete"]["errors"][0]["code"] == "NOT_FOUND"
    assert stats.batched == 0
    assert stats.standard == 5


async def test_an_operation_s_rows_are_freed_when_it_ends_without_the_collector(
    demo: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
):
    contexts: list[dataloaders.Loaders] = []
    loaded: list[weakref.ref[Any]] = []
    original = dataloaders.Loaders.__init__

    def remember(self: dataloaders.Loaders, service: Any) -> None:
        original(self, service)
        contexts.append(self)

    async def spy(loader: Any, keys: Any) -> list[Any]:  # Loader.load_many, key by key
        found = [await loader.load(key) for key in keys]
        # Read-only rows (tuples, such as the price lines' items) cannot be followed.
        loaded.extend(weakref.ref(row) for row in found if isinstance(row, Model))
        return found

    monkeypatch.setattr(dataloaders.Loaders, "__init__", remember)
    monkeypatch.setattr(dataloaders.Loader, "load_many", spy)
    # The dashboard's shape, with a contact field that needs whole instances (read-only rows
    # are tuples, which weak references cannot follow; they hold no cycles either).
    query = CONTRACT.replace("email", "email company { no }")
    gc.disable()
    try:
        response = await demo.post(
            "/graphql", json={"query": query, "variables": {"no": "CP00004"}}
        )
        assert response.json()["data"]["campaign"]["segments"]["nodes"]
        assert loaded  # the segment lines' contacts came through the loader
        assert [(loader._keyed, loader._by_id) for loader in contexts] == [({}, {})]
        assert all(ref() is None for ref in loaded)  # freed by reference counting alone
    finally:
        gc.enable()


def test_fields_named_like_columns_read_only_their_column():
    """Nested pages and reference fields fetch only the columns of the fields asked when each
    field's name is a column (engine/columns): that is only right if no such field has a
    resolver reading other attributes. Node.id reads the key, which is always fetched. Every
    type served from a model (types/common.served_from) is checked."""
    from strawberry.utils.str_converters import to_snake_case

    from server.schema.schema import schema

    # Resolvers reviewed to read their own column only (Task.startTime parses its text).
    reviewed = {"Task.startTime"}
    offenders = []
    checked = 0
    for graphql_type in schema._schema.type_map.values():
        check = getattr(graphql_type, "is_type_of", None)
        kinds = getattr(getattr(check, "__func__", None), "kinds", None)
        if kinds is None:
            continue
        checked += 1
        projection = kinds[0]._meta.fields_db_projection
        for name, field in graphql_type.fields.items():  # type: ignore[attr-defined]
            definition = field.extensions.get("strawberry-definition")
            basic = definition is not None and definition.is_basic_field
            if name != "id" and to_snake_case(name) in projection and not basic:
                offenders.append(f"{graphql_type.name}.{name}")
    offenders = [o for o in offenders if o not in reviewed]
    assert checked >= 29
    assert offenders == []


async def test_nested_pages_fetch_the_columns_of_plain_fields_only(
    demo: httpx.AsyncClient, sql: StatementCounter
):
    plain = "{ contacts(first: 3) { nodes { interactions(first: 2) { nodes { entryNo cost } } } } }"
    answer = (await demo.post("/graphql", json={"query": plain})).json()
    assert "errors" not in answer
    [statement] = [s for s in sql.statements if 'OVER (PARTITION BY _m."contact_id"' in s]
    assert '"cost"' in statement
    assert '"description"' not in statement

    sql.statements.clear()
    related = (
        "{ contacts(first: 3) { nodes { interactions(first: 2) { nodes { entryNo "
        "contact { no } } } } } }"
    )
    answer = (await demo.post("/graphql", json={"query": related})).json()
    assert "errors" not in answer
    [statement] = [s for s in sql.statements if 'OVER (PARTITION BY _m."contact_id"' in s]
    # A resolver may read any column: whole rows.
    assert "SELECT _t.*" in statement or '"description"' in statement
