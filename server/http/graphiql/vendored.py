"""GraphiQL's assets, vendored from npm (assets/ beside this module, listed in its
manifest.json) and served by the app under /graphiql/assets/<name> while GraphiQL is on."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

#: Where the page finds the assets, relative to /graphql (so that a path prefix set by a proxy
#: is kept): /graphiql/assets/<name>.
ASSETS_URL = "graphiql/assets"

#: A file's name carries its package's version: a new version is a new URL.
CACHE_CONTROL = "public, max-age=31536000, immutable"

_CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

#: A CDN file in Strawberry's page: <script src> or <link href>, then its integrity.
CDN_REFERENCE = re.compile(
    r'(?P<attribute>src|href)="https://unpkg\.com/'
    r'(?P<package>(?:@[^/"@]+/)?[^/"@]+)@(?P<version>[^/"]+)/(?P<path>[^"]+)"'
    r'(?P<space>\s+)integrity="(?P<integrity>[^"]+)"'
)


@dataclass(frozen=True)
class Pin:
    """One file Strawberry's page loads from the CDN: npm package, version, path in its
    tarball (under package/) and the page's Subresource Integrity for it."""

    package: str
    version: str
    path: str
    integrity: str


def cdn_pins(html: str) -> list[Pin]:
    """The CDN files a GraphiQL page loads, in their order."""
    return [
        Pin(m["package"], m["version"], f"package/{m['path']}", m["integrity"])
        for m in CDN_REFERENCE.finditer(html)
    ]


def asset_name(package: str, version: str, path: str) -> str:
    """The vendored file's name: `@graphiql/plugin-explorer` 1.0.2 `package/dist/style.css` is
    graphiql-plugin-explorer-1.0.2-style.css."""
    return f"{package.lstrip('@').replace('/', '-')}-{version}-{path.rsplit('/', 1)[-1]}"


@dataclass(frozen=True)
class Asset:
    """One vendored file, as manifest.json records it."""

    name: str
    package: str
    version: str
    #: Its path inside the npm tarball.
    path: str
    #: The tarball's integrity, as the npm registry publishes it (sha512).
    tarball_integrity: str
    license: str
    bytes: int
    sha256: str
    #: Subresource Integrity of the file itself, for the page's tags.
    sha384: str

    @property
    def url(self) -> str:
        return f"{ASSETS_URL}/{self.name}"

    @property
    def content_type(self) -> str:
        suffix = self.name[self.name.rfind(".") :]
        return _CONTENT_TYPES.get(suffix, "text/plain; charset=utf-8")


def assets_directory() -> Traversable:
    return resources.files(__package__).joinpath("assets")


@cache
def manifest() -> dict[str, Asset]:
    """The vendored files by name (assets/manifest.json)."""
    text = assets_directory().joinpath("manifest.json").read_text(encoding="utf-8")
    return {entry["name"]: Asset(**entry) for entry in json.loads(text)["files"]}


@cache
def _content(name: str) -> bytes:
    return assets_directory().joinpath(name).read_bytes()


_compressed: dict[str, bytes] = {}


async def _gzipped(name: str) -> bytes:
    """The file compressed once per process, off the event loop (graphiql.min.js, 3.5 MB,
    takes about 0.1 s; compressed for each request by the middleware, it blocked the loop)."""
    if name not in _compressed:
        data = _content(name)
        _compressed[name] = await asyncio.to_thread(gzip.compress, data, 6, mtime=0)
    return _compressed[name]


async def serve_asset(request: Request) -> Response:
    """GET /graphiql/assets/<name>: a vendored file, found by name in the manifest only (no
    path is ever joined from the request); 404 for any other name."""
    asset = manifest().get(request.path_params["name"])
    if asset is None:
        raise HTTPException(404)  # answered by the app's JSON 404, as any unknown path
    headers = {
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
    }
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        body = await _gzipped(asset.name)
    else:
        body = _content(asset.name)
    return Response(body, media_type=asset.content_type, headers=headers)


def asset_route() -> Route:
    """The assets' route; the app adds it only while GraphiQL is on."""
    return Route(f"/{ASSETS_URL}/{{name}}", serve_asset, methods=["GET"])
