"""GraphiQL offline (issue 19): the page loads only files the app serves (vendored from npm,
with their integrity), under a Content-Security-Policy of its own origin; the files are served
while GraphiQL is on, by name from the manifest only."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
import pytest
from tortoise.context import TortoiseContext

from server.http.graphiql.vendored import CACHE_CONTROL, manifest
from server.settings import Settings
from tests.api.conftest import asgi_client

HTML = {"Accept": "text/html"}
_TAGS = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"\s+integrity="([^"]+)"')


def _sha(algorithm: str, data: bytes) -> str:
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


async def test_the_page_loads_the_vendored_files_with_their_integrity(http: httpx.AsyncClient):
    page = await http.get("/graphql", headers=HTML)

    tags = _TAGS.findall(page.text)
    assert page.status_code == 200
    assert "<title>Campaign Graph — GraphiQL</title>" in page.text
    assert "unpkg" not in page.text
    assert len(tags) == 7  # React, ReactDOM, js-cookie, GraphiQL (JS, CSS), explorer (JS, CSS)
    for url, integrity in tags:
        asset = manifest()[url.removeprefix("graphiql/assets/")]
        assert url == f"graphiql/assets/{asset.name}"
        assert integrity == asset.sha384
        served = await http.get(f"/{url}", headers={"Accept-Encoding": "identity"})
        assert _sha("sha384", served.content) == integrity


async def test_the_page_allows_its_own_origin_and_inline_script_only(http: httpx.AsyncClient):
    page = await http.get("/graphql", headers=HTML)

    policy = dict(d.split(" ", 1) for d in page.headers["content-security-policy"].split("; "))
    inline = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == f"'self' '{_sha('sha256', inline[0].encode())}'"
    assert len(inline) == 1
    assert policy["connect-src"] == "'self'"  # /graphql, and its websocket
    assert policy["frame-ancestors"] == "'none'"
    assert "http" not in page.headers["content-security-policy"]


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
async def test_an_asset_is_served_with_its_type_and_a_long_cache(
    http: httpx.AsyncClient, encoding: str
):
    asset = manifest()["graphiql-3.8.3-graphiql.min.js"]

    response = await http.get(f"/{asset.url}", headers={"Accept-Encoding": encoding})
    again = await http.get(f"/{asset.url}", headers={"Accept-Encoding": encoding})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == CACHE_CONTROL
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers.get("content-encoding", "identity") == encoding
    raw = response.content  # httpx decodes gzip
    assert hashlib.sha256(raw).hexdigest() == asset.sha256
    assert again.content == raw
    if encoding == "gzip":
        compressed = int(response.headers["content-length"])
        assert compressed < asset.bytes / 4  # 3.5 MB -> about 0.7 MB


async def test_stylesheets_and_licenses_have_their_types(http: httpx.AsyncClient):
    css = await http.get("/graphiql/assets/graphiql-3.8.3-graphiql.min.css")
    license = await http.get("/graphiql/assets/react-18.2.0-LICENSE")

    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert license.headers["content-type"] == "text/plain; charset=utf-8"
    assert "MIT License" in license.text


@pytest.mark.parametrize(
    "path",
    [
        "/graphiql/assets/manifest.json",
        "/graphiql/assets/nothing.js",
        "/graphiql/assets/..",
        "/graphiql/assets/%2e%2e",
        "/graphiql/assets/..%2fvendored.py",
        "/graphiql/assets/%2e%2e/%2e%2e/vendored.py",
        "/graphiql/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsettings.py",
        "/graphiql/assets/..%5c..%5cvendored.py",
        "/graphiql/assets/%2fetc%2fpasswd",
        "/graphiql/assets/react-18.2.0-react.production.min.js%00.txt",
        "/graphiql/assets/",
        "/graphiql/vendored.py",
    ],
)
async def test_nothing_but_a_listed_file_is_served(http: httpx.AsyncClient, path: str):
    response = await http.get(path)

    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_no_asset_is_served_while_graphiql_is_off(db: TortoiseContext):
    async with asgi_client(Settings(environment="production", graphiql=False)) as client:
        response = await client.get("/graphiql/assets/graphiql-3.8.3-graphiql.min.js")

    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
