"""Automatic persisted queries (Apollo APQ) over POST and GET."""

from __future__ import annotations

import json

import httpx
from tortoise.context import TortoiseContext

from server.http.persisted import PersistedQueries, sha256_hex
from server.models import Campaign
from server.settings import Settings
from tests.api.conftest import asgi_client
from tests.builders import make_campaign

QUERY = 'query One { campaign(no: "CP1") { no description } }'
CREATE = 'mutation { campaignCreate(input: {description: "X"}) { campaign { no } } }'


def _extensions(document: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(document)}}


def _get_params(document: str) -> dict[str, str]:
    return {"extensions": json.dumps(_extensions(document))}


async def test_miss_then_register_then_hit_over_get(http: httpx.AsyncClient):
    await make_campaign(no="CP1", description="Spring")

    miss = await http.get("/graphql", params=_get_params(QUERY))
    registered = await http.post(
        "/graphql", json={"query": QUERY, "extensions": _extensions(QUERY)}
    )
    hit = await http.get("/graphql", params=_get_params(QUERY))

    assert miss.status_code == 200
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    expected = {"data": {"campaign": {"no": "CP1", "description": "Spring"}}}
    assert registered.status_code == 200
    assert registered.json() == expected
    assert hit.status_code == 200
    assert hit.json() == expected


async def test_hash_only_get_runs_even_when_the_client_accepts_html(http: httpx.AsyncClient):
    await make_campaign(no="CP1")
    await http.post("/graphql", json={"query": QUERY, "extensions": _extensions(QUERY)})

    hit = await http.get("/graphql", params=_get_params(QUERY), headers={"Accept": "*/*"})

    assert hit.headers["content-type"].startswith("application/json")
    assert hit.json()["data"]["campaign"]["no"] == "CP1"


async def test_hash_only_post_hits_and_variables_still_apply(http: httpx.AsyncClient):
    await make_campaign(no="CP1")
    await make_campaign(no="CP2")
    document = "query ($no: String!) { campaign(no: $no) { no } }"
    await http.post(
        "/graphql",
        json={"query": document, "variables": {"no": "CP1"}, "extensions": _extensions(document)},
    )

    hit = await http.post(
        "/graphql", json={"variables": {"no": "CP2"}, "extensions": _extensions(document)}
    )

    assert hit.json() == {"data": {"campaign": {"no": "CP2"}}}


async def test_hash_mismatch_is_400_and_nothing_is_stored(http: httpx.AsyncClient):
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex("{ __typename }")}}

    response = await http.post("/graphql", json={"query": QUERY, "extensions": wrong})
    later = await http.get("/graphql", params={"extensions": json.dumps(wrong)})

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert "SHA-256" in error["message"]
    assert later.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_malformed_persisted_query_extensions_are_400(http: httpx.AsyncClient):
    for extension in (
        "yes",
        {"version": 2, "sha256Hash": sha256_hex(QUERY)},
        {"version": 1, "sha256Hash": "abc"},
    ):
        response = await http.post(
            "/graphql", json={"query": QUERY, "extensions": {"persistedQuery": extension}}
        )

        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_INVALID"


async def test_a_persisted_mutation_is_refused_over_get_and_changes_nothing(
    http: httpx.AsyncClient,
):
    await http.post("/graphql", json={"query": "{ __typename }"})
    registered = await http.post(
        "/graphql", json={"query": CREATE, "extensions": _extensions(CREATE)}
    )
    assert registered.json()["data"]["campaignCreate"]["campaign"]["no"]
    count = await Campaign.all().count()

    response = await http.get("/graphql", params=_get_params(CREATE))

    assert response.status_code == 405
    assert await Campaign.all().count() == count


async def test_persisted_documents_obey_the_same_limits(db: TortoiseContext):
    deep = (
        "{ campaigns { nodes { segments { nodes { campaign { segments { nodes { no } } } } } } } }"
    )
    async with asgi_client(Settings(demo_mode=True, max_depth=4)) as client:
        registered = await client.post(
            "/graphql", json={"query": deep, "extensions": _extensions(deep)}
        )
        hit = await client.get("/graphql", params=_get_params(deep))

    for response in (registered, hit):
        assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert response.json()["data"] is None


async def test_graphql_response_media_type_gets_404_for_an_unknown_hash(
    http: httpx.AsyncClient,
):
    response = await http.get(
        "/graphql",
        params=_get_params(QUERY),
        headers={"Accept": "application/graphql-response+json"},
    )

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_the_store_is_a_bounded_lru():
    store = PersistedQueries(2)
    store.put("a", "{ a }")
    store.put("b", "{ b }")
    assert store.get("a") == "{ a }"  # a is now the most recently used
    store.put("c", "{ c }")

    assert len(store) == 2
    assert store.get("b") is None
    assert store.get("a") == "{ a }"
    assert store.get("c") == "{ c }"


def test_a_store_of_size_zero_keeps_nothing():
    store = PersistedQueries(0)
    store.put("a", "{ a }")

    assert store.get("a") is None
