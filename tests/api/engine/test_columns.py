"""Only the columns a query reads (server/engine/columns.py): declarations, reference
fields served as read-only rows, and whole instances whenever a field may read more."""

from __future__ import annotations

import httpx
import pytest
from strawberry.utils.str_converters import to_camel_case

from server.demo.company import load_demo
from server.engine.columns import declared
from server.resolvers.node import NODE_MODELS
from server.schema.schema import schema
from tests.conftest import StatementCounter, make_ctx


@pytest.fixture
async def demo(http: httpx.AsyncClient) -> httpx.AsyncClient:
    await load_demo(make_ctx())
    return http


def _contacts(sql: StatementCounter) -> list[str]:
    return [s for s in sql.statements if 'FROM "contact" WHERE "id"' in s]


@pytest.mark.usefixtures("db")
def test_every_declaration_names_a_resolver_field_and_real_columns():
    types_of = {model: name for name, model in NODE_MODELS.items()}
    assert declared()
    for (model, field), attributes in declared().items():
        projection = model._meta.fields_db_projection
        assert set(attributes) <= set(projection), (model, field)
        graphql_type = schema._schema.get_type(types_of[model])
        found = graphql_type.fields[to_camel_case(field)]  # type: ignore[union-attr]
        definition = found.extensions["strawberry-definition"]
        assert not definition.is_basic_field, (model, field)  # a resolver, not a column


async def test_a_reference_asked_for_plain_fields_fetches_only_their_columns(
    demo: httpx.AsyncClient, sql: StatementCounter
):
    # Contacts are asked for in two places with different fields (one through a fragment):
    # both are served by one loader, with the columns of both.
    query = (
        "{ segments(first: 3) { nodes { lines(first: 4) { nodes { contact { no "
        "interactions(first: 1) { nodes { entryNo } } } } } } } "
        "tasks(first: 5) { nodes { contact { ...C } } } } fragment C on Contact { name email }"
    )
    sql.statements.clear()
    answer = (await demo.post("/graphql", json={"query": query})).json()
    assert "errors" not in answer
    statements = _contacts(sql)
    assert statements
    assert all(
        s.startswith('SELECT "email", "id", "name", "no" FROM "contact"') for s in statements
    )
    lines = answer["data"]["segments"]["nodes"][0]["lines"]["nodes"]
    assert lines
    assert all(line["contact"]["no"].startswith("CT") for line in lines)


async def test_a_field_reading_more_makes_references_whole_instances(
    demo: httpx.AsyncClient, sql: StatementCounter
):
    query = (
        "{ segments(first: 2) { nodes { lines(first: 3) { nodes { contact { no "
        "company { no } } } } } } }"
    )
    sql.statements.clear()
    answer = (await demo.post("/graphql", json={"query": query})).json()
    assert "errors" not in answer
    [statement] = _contacts(sql)
    assert statement.startswith('SELECT * FROM "contact"')
