"""A field error stays a field error (issue 17, classes 1 and 2): the batched engine never lets
one branch's failure cancel work another branch shares, and its answers are graphql-core's own,
also when directives leave nothing to select."""

from __future__ import annotations

import asyncio

import httpx

from server.engine.executor import Stats
from server.engine.loaders import Loader
from server.models import Contact
from tests.api.conftest import GraphQLClient
from tests.builders import make_contact, make_salesperson

#: Two aliased branches share one salesperson lookup; one branch has a field error.
SHARED_LOOKUP = """
query($no: String!) {
  a: contact(no: $no) {
    salesperson { code }
    opportunities(first: 1, last: 1) { totalCount }
  }
  b: contact(no: $no) { salesperson { code } }
}
"""

SKIPPED_ALL = """
query($skip: Boolean!) {
  campaign(no: "NONE") @skip(if: $skip) { no }
  viewer @include(if: false) { username }
}
"""

SKIPPED_INSIDE = """
query($skip: Boolean!) {
  contact(no: "C1") { salesperson { code @skip(if: $skip) } }
}
"""


async def _company() -> None:
    person = await make_salesperson(code="SP1")
    await make_contact(no="C1", salesperson=person)


async def test_a_field_error_in_one_branch_leaves_a_shared_lookup_to_the_other(
    db: object, gql: GraphQLClient
):
    await _company()

    body = await gql(SHARED_LOOKUP, {"no": "C1"})

    # opportunities is non-null, so its error nulls `a`; `b` still gets the shared lookup.
    assert body["data"] == {"a": None, "b": {"salesperson": {"code": "SP1"}}}
    (error,) = body["errors"]
    assert error["path"] == ["a", "opportunities"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_same_document_as_a_mutation_payload_keeps_the_change_and_says_why(
    db: object, http: httpx.AsyncClient
):
    await _company()
    document = """
    mutation {
      contactUpdate(input: {no: "C1", name: "Renamed"}) {
        a: contact { salesperson { code } opportunities(first: 1, last: 1) { totalCount } }
        b: contact { salesperson { code } }
      }
    }
    """

    response = await http.post("/graphql", json={"query": document})

    assert response.status_code == 200
    body = response.json()
    assert body["data"]["contactUpdate"]["b"] == {"salesperson": {"code": "SP1"}}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert (await Contact.get(no="C1")).name == "Renamed"  # committed, and the client is told


async def test_directives_that_remove_every_root_field_answer_an_empty_object(
    db: object, gql: GraphQLClient
):
    batched_before = Stats.batched

    body = await gql(SKIPPED_ALL, {"skip": True})

    assert body == {"data": {}}
    assert Stats.batched == batched_before + 1  # the batched engine answered, as graphql-core


async def test_directives_that_empty_a_nested_selection_answer_an_empty_object(
    db: object, gql: GraphQLClient
):
    await _company()

    body = await gql(SKIPPED_INSIDE, {"skip": True})

    assert body == {"data": {"contact": {"salesperson": {}}}}


async def test_a_cancelled_caller_does_not_cancel_a_load_others_share():
    calls: list[list[int]] = []

    async def load(keys: list[int]) -> list[str]:
        calls.append(keys)
        await asyncio.sleep(0)
        return [f"row {key}" for key in keys]

    loader: Loader[int, str] = Loader(load_fn=load)
    first = asyncio.ensure_future(loader.load(1))
    second = asyncio.ensure_future(loader.load(1))
    await asyncio.sleep(0)

    first.cancel()

    assert await second == "row 1"
    assert first.cancelled()
    assert calls == [[1]]


async def test_a_cancelled_batch_caller_does_not_cancel_the_keys_others_share():
    async def load(keys: list[int]) -> list[str]:
        await asyncio.sleep(0)
        return [f"row {key}" for key in keys]

    loader: Loader[int, str] = Loader(load_fn=load)
    many = asyncio.ensure_future(loader.load_many([1, 2, 3]))
    one = asyncio.ensure_future(loader.load(1))
    await asyncio.sleep(0)

    many.cancel()

    assert await one == "row 1"
    assert many.cancelled()
