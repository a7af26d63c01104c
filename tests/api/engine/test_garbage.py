"""A request's objects are freed by reference counting when it ends, not left to the cyclic
collector: a cycle per request (graphql-core's async helpers were bound to the executor that
held them) kept the whole request alive until a collection, about 30 us of collections per
small query on a server."""

from __future__ import annotations

import gc
from collections import Counter

import httpx

from tests.builders import make_campaign

#: Objects of a request that must never wait for the cyclic collector.
PER_REQUEST = {
    "RequestContext",
    "ServiceContext",
    "Loaders",
    "BatchedExecutionContext",
    "ExpressExecutionContext",
    "GraphQLResolveInfoHelpers",
}

OPERATIONS = [
    # the express lane's static plan
    {"query": "query($no: String!) { campaign(no: $no) { no description } }"},
    # a directive: graphql-core's execute with the batched engine
    {
        "query": "query($no: String!, $x: Boolean!) "
        "{ campaign(no: $no) { no description @include(if: $x) } }",
        "variables": {"x": True},
    },
    # the full path: not answered by the batched engine
    {"query": "query($no: String!) { __typename campaign(no: $no) { no } }"},
    # a mutation
    {
        "query": 'mutation { contactCreate(input: {type: COMPANY, name: "Freed"}) '
        "{ contact { no } errors { code } } }"
    },
]


async def test_requests_leave_nothing_for_the_cyclic_collector(http: httpx.AsyncClient):
    await make_campaign(no="CP1")
    bodies = [{**o, "variables": {"no": "CP1", **o.get("variables", {})}} for o in OPERATIONS]
    for body in bodies:  # documents parsed, validated and planned once
        assert (await http.post("/graphql", json=body)).status_code == 200
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for body in bodies:
            answer = await http.post("/graphql", json=body)
            assert "errors" not in answer.json(), answer.text
        gc.collect()
        kept = Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()

    assert {name: kept[name] for name in PER_REQUEST if kept[name]} == {}
