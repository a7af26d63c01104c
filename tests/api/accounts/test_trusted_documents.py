"""Trusted documents over HTTP (server/http/trusted.py): in mode `on` only registered documents
run, by id, by APQ hash or by their full text, through the express lane and the full path alike;
anything else is a 400 before anything executes. `permissive` resolves ids and runs the rest;
`off` is unchanged."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from tortoise.context import TortoiseContext

from server.models import Campaign, Role
from server.schema.trusted import check_document
from server.services.accounts import documents
from server.services.accounts.manifests import document_hash, read_manifest
from server.settings import Settings
from tests.api.conftest import asgi_client
from tests.api.http.test_express import answered
from tests.builders import make_campaign
from tests.conftest import make_ctx

__all__ = ["answered"]  # the fixture, shared with test_express.py

ONE = "query One($no: String!) { campaign(no: $no) { no description } }"
CREATE = 'mutation Create { campaignCreate(input: {description: "X"}) { campaign { no } } }'
OTHER = "{ campaigns(first: 5) { totalCount } }"
OTHER_CREATE = 'mutation { campaignCreate(input: {description: "Y"}) { campaign { no } } }'
GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}
SPRING = {"data": {"campaign": {"no": "CP1", "description": "Spring"}}}


async def register(*bodies: str, client: str = "ios", version: str = "1.0") -> None:
    manifest = json.dumps({document_hash(body): body for body in bodies})
    entries = read_manifest(manifest)
    await documents.register(make_ctx(Role.ADMIN), client, version, entries, check_document)


def _apq(document: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": document_hash(document)}}


@pytest_asyncio.fixture
async def trusted_http(db: TortoiseContext) -> AsyncIterator[httpx.AsyncClient]:
    """Demo mode with trusted documents on; ONE and CREATE registered, campaign CP1 exists."""
    await make_campaign(no="CP1", description="Spring")
    await register(ONE, CREATE)
    async with asgi_client(Settings(demo_mode=True, trusted_documents="on")) as client:
        yield client


@pytest.fixture
def express(answered: list[bool]) -> list[bool]:
    """For each request the express lane ran: whether it answered it."""
    return answered


def _error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert "data" not in body
    (error,) = body["errors"]
    return error  # type: ignore[no-any-return]


async def test_registered_documents_run_by_id_by_apq_hash_and_by_text(
    trusted_http: httpx.AsyncClient, express: list[bool]
):
    variables = {"no": "CP1"}
    digest = document_hash(ONE)

    by_id = await trusted_http.post(
        "/graphql", json={"documentId": f"sha256:{digest}", "variables": variables}
    )
    by_plain_id = await trusted_http.post(
        "/graphql", json={"documentId": digest, "variables": variables}
    )
    by_text = await trusted_http.post("/graphql", json={"query": ONE, "variables": variables})
    by_apq = await trusted_http.post(
        "/graphql", json={"extensions": _apq(ONE), "variables": variables}
    )
    by_get = await trusted_http.get(
        "/graphql",
        params={"documentId": f"sha256:{digest}", "variables": json.dumps(variables)},
        headers={"Accept": "text/html, */*"},
    )

    for response in (by_id, by_plain_id, by_text, by_apq, by_get):
        assert response.status_code == 200, response.text
        assert response.json() == SPRING
    assert express == [True, True, True]  # id and text by the express lane; APQ, GET: full


async def test_a_registered_mutation_runs_by_id_and_not_over_get(
    trusted_http: httpx.AsyncClient,
):
    created = await trusted_http.post("/graphql", json={"documentId": document_hash(CREATE)})
    over_get = await trusted_http.get("/graphql", params={"documentId": document_hash(CREATE)})

    assert created.json()["data"]["campaignCreate"]["campaign"]["no"]
    assert over_get.status_code == 405
    assert await Campaign.all().count() == 2


@pytest.mark.parametrize("headers", [{}, GRAPHQL_RESPONSE])
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": OTHER_CREATE}, "DOCUMENT_NOT_TRUSTED"),
        ({"query": "{ __schema { queryType { name } } }"}, "DOCUMENT_NOT_TRUSTED"),
        ({"documentId": f"sha256:{document_hash(OTHER_CREATE)}"}, "DOCUMENT_NOT_FOUND"),
        ({"extensions": _apq(OTHER_CREATE)}, "DOCUMENT_NOT_FOUND"),
        ({"query": OTHER_CREATE, "extensions": _apq(OTHER_CREATE)}, "DOCUMENT_NOT_TRUSTED"),
        ({"documentId": "md5:abc"}, "DOCUMENT_ID_INVALID"),
        ({"documentId": document_hash(CREATE), "query": CREATE}, "DOCUMENT_ID_INVALID"),
        ([{"documentId": document_hash(CREATE)}, {"query": OTHER_CREATE}], "DOCUMENT_NOT_TRUSTED"),
    ],
)
async def test_anything_unregistered_is_a_400_and_changes_nothing(
    db: TortoiseContext, body: Any, code: str, headers: dict[str, str]
):
    await register(ONE, CREATE)
    settings = Settings(demo_mode=True, trusted_documents="on", max_batch=5)
    async with asgi_client(settings) as client:
        response = await client.post("/graphql", json=body, headers=headers)
        over_get = await client.get("/graphql", params={"query": OTHER})

    assert response.status_code == 400
    wanted = headers.get("Accept", "application/json")
    assert response.headers["content-type"].startswith(wanted)
    error = _error(response)
    assert error["extensions"]["code"] == code
    assert error["extensions"]["requestId"]
    assert await Campaign.all().count() == 0  # not even the registered mutation of the batch
    assert over_get.status_code == 400
    assert _error(over_get)["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"


async def test_the_refusal_says_what_to_send(trusted_http: httpx.AsyncClient):
    text = await trusted_http.post("/graphql", json={"query": OTHER})
    unknown = await trusted_http.post("/graphql", json={"documentId": document_hash(OTHER)})
    batch = await trusted_http.post("/graphql", json=[{"query": ONE}, {"query": OTHER}])

    assert "only the documents registered for its client apps" in _error(text)["message"]
    assert "send the documentId" in _error(text)["message"]
    assert _error(unknown)["message"].startswith(f"No document sha256:{document_hash(OTHER)}")
    assert batch.status_code == 400  # batches are off: refused before the documents are read


async def test_a_retired_version_stops_being_accepted_at_once(trusted_http: httpx.AsyncClient):
    await register(ONE, client="android")
    await documents.retire(make_ctx(Role.ADMIN), "ios", "1.0")

    one = await trusted_http.post("/graphql", json={"query": ONE, "variables": {"no": "CP1"}})
    create = await trusted_http.post("/graphql", json={"documentId": document_hash(CREATE)})

    assert one.json() == SPRING  # android 1.0 has it too
    assert _error(create)["extensions"]["code"] == "DOCUMENT_NOT_FOUND"


async def test_permissive_mode_resolves_ids_and_runs_the_rest(
    db: TortoiseContext, express: list[bool]
):
    await make_campaign(no="CP1", description="Spring")
    await register(ONE)
    async with asgi_client(Settings(demo_mode=True, trusted_documents="permissive")) as client:
        by_id = await client.post(
            "/graphql", json={"documentId": document_hash(ONE), "variables": {"no": "CP1"}}
        )
        other = await client.post("/graphql", json={"query": OTHER})
        unknown = await client.post("/graphql", json={"documentId": document_hash(OTHER)})
        apq = await client.post("/graphql", json={"extensions": _apq(OTHER)})

    assert by_id.json() == SPRING
    assert other.json() == {"data": {"campaigns": {"totalCount": 1}}}
    assert express == [True]  # unregistered text takes the full path (where it is counted)
    assert _error(unknown)["extensions"]["code"] == "DOCUMENT_NOT_FOUND"
    assert apq.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_off_mode_is_unchanged(db: TortoiseContext, express: list[bool]):
    await make_campaign(no="CP1", description="Spring")
    await register(ONE)
    async with asgi_client(Settings(demo_mode=True)) as client:
        other = await client.post("/graphql", json={"query": OTHER})
        by_id = await client.post("/graphql", json={"documentId": document_hash(ONE)})

    assert other.json() == {"data": {"campaigns": {"totalCount": 1}}}
    assert express == [True]
    assert by_id.status_code == 400
    assert by_id.json()["errors"][0]["message"] == "No GraphQL query found in the request"
