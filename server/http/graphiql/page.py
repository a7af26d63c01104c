"""The GraphiQL page: Strawberry's, with the product's title, opening on the example journeys,
its CDN files replaced by the vendored ones (vendored.py), under a Content-Security-Policy
that lets it load nothing from elsewhere."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from starlette.responses import HTMLResponse
from strawberry.http.ides import get_graphql_ide_html

from server.http.graphiql.examples import example_document, example_variables
from server.http.graphiql.vendored import CDN_REFERENCE, asset_name, manifest

TITLE = "Campaign Graph — GraphiQL"

#: Where the example document opens in GraphiQL (Strawberry's own welcome text is replaced).
_MARKER = "const EXAMPLE_QUERY = `"

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_SOURCES = re.compile(r'\b(?:src|href)="([^"]*)"')


@dataclass(frozen=True)
class GraphiQLPage:
    html: str
    #: Only this origin: the vendored files, /graphql over HTTP and its websocket; the inline
    #: script by its hash. Styles inline too: GraphiQL's dialogs add <style> elements.
    content_security_policy: str


@lru_cache(maxsize=2)
def graphiql_page(today: date) -> GraphiQLPage:
    """The page, with the examples and their variables (dated from `today`) preloaded."""
    html = _vendored(get_graphql_ide_html("graphiql"))
    html = html.replace("<title>Strawberry GraphiQL</title>", f"<title>{TITLE}</title>", 1)
    start = html.index(_MARKER) + len(_MARKER)
    end = html.index("`;", start)
    html = html[:start] + _template_literal(example_document()) + html[end:]
    variables = json.dumps(example_variables(today), indent=2)
    html = html.replace(
        "parameters.variables,",
        f"parameters.variables || {json.dumps(variables)},",
        1,
    )
    return GraphiQLPage(html, _policy(html))


def graphiql_response(today: date) -> HTMLResponse:
    page = graphiql_page(today)
    return HTMLResponse(
        page.html,
        headers={
            "Content-Security-Policy": page.content_security_policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def _vendored(html: str) -> str:
    """`html` loading the vendored files: each CDN reference must have one, with the same
    integrity; a source left pointing elsewhere is an error."""
    assets = manifest()

    def local(match: re.Match[str]) -> str:
        name = asset_name(match["package"], match["version"], f"package/{match['path']}")
        asset = assets.get(name)
        if asset is None or asset.sha384 != match["integrity"]:
            raise LookupError(
                f"GraphiQL page loads {match[0]!r}, which is not vendored: "
                "run python -m server.http.graphiql.vendor update"
            )
        return f'{match["attribute"]}="{asset.url}"{match["space"]}integrity="{asset.sha384}"'

    html = CDN_REFERENCE.sub(local, html)
    elsewhere = [s for s in _SOURCES.findall(html) if not s.startswith(("graphiql/", "data:"))]
    if elsewhere:
        raise LookupError(f"GraphiQL page would load from elsewhere: {elsewhere}")
    return html


def _policy(html: str) -> str:
    scripts = " ".join(f"'{_sha256(s)}'" for s in _INLINE_SCRIPT.findall(html))
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _template_literal(text: str) -> str:
    """`text` safe inside a JavaScript template literal."""
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
