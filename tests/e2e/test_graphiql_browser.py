"""GraphiQL in a real headless browser with no route off the machine (issue 19): the page loads
from the app alone, under its Content-Security-Policy, and runs an example journey."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BACKEND
from tests.e2e.browser import Page, chromium, chromium_path, open_page
from tests.e2e.servers import cli, environment, serve

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(BACKEND != "sqlite", reason="the e2e run uses its own SQLite file"),
    pytest.mark.skipif(
        chromium_path() is None,
        reason="no chromium to open GraphiQL in (`make chromium` installs Debian's; CI does)",
    ),
]

#: Kept by the page: CSP violations, reported before any of its own scripts run.
_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
);
"""

_EXECUTE = "document.querySelector('.graphiql-execute-button')"
_RESULT = "document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue()"


def _menu_item(text: str) -> str:
    return (
        f"[...document.querySelectorAll('[role=menuitem]')].find(e => e.textContent === {text!r})"
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`make run`'s server: the demo company, demo mode (GraphiQL on); yields its URL."""
    env = environment(f"sqlite://{tmp_path / 'e2e.sqlite3'}")
    cli(env, "migrate")
    cli(env, "demo")
    yield from serve(env, tmp_path / "server.log")


async def test_graphiql_runs_a_journey_with_nothing_from_outside(server: str, tmp_path: Path):
    with chromium(tmp_path / "profile") as devtools:
        async with open_page(devtools) as page:
            await page.send("Page.addScriptToEvaluateOnNewDocument", source=_VIOLATIONS)
            await page.send("Page.navigate", url=f"{server}/graphql")
            await _wait_for_schema(page, server)
            title = await page.evaluate("document.title")
            result = json.loads(await _run_from_menu(page, "Dashboard"))
            violations = await page.evaluate("window.violations")

    assert title == "Campaign Graph — GraphiQL"
    assert "errors" not in result
    assert result["data"]["campaign"]["no"] == "CP00004"
    assert result["data"]["campaign"]["description"] == "Winter e-mail offers"
    assert result["data"]["campaign"]["segments"]["nodes"]
    requested = page.requested_urls()
    assert f"{server}/graphiql/assets/graphiql-3.8.3-graphiql.min.js" in requested
    outside = [u[:80] for u in requested if not u.startswith((f"{server}/", "data:"))]
    assert outside == []  # every file, fetch and socket from the local server alone
    assert page.events_of("Network.loadingFailed") == []
    assert violations == []
    assert [e for e in page.events_of("Log.entryAdded") if e["entry"]["source"] == "security"] == []


async def _wait_for_schema(page: Page, server: str) -> None:
    """Until GraphiQL has loaded and its introspection query has been answered."""
    try:
        await page.wait_for(f"!!{_EXECUTE}", seconds=30)
    except TimeoutError:
        failed = page.events_of("Network.loadingFailed")
        raise AssertionError(f"GraphiQL did not load: {page.requested_urls()}, {failed}") from None

    def answered() -> bool:
        posts = {
            e["requestId"]
            for e in page.events_of("Network.requestWillBeSent")
            if e["request"]["url"] == f"{server}/graphql" and e["request"]["method"] == "POST"
        }
        return any(e["requestId"] in posts for e in page.events_of("Network.loadingFinished"))

    for _ in range(600):
        if answered():
            return
        await asyncio.sleep(0.1)
    raise TimeoutError("GraphiQL did not load the schema")


async def _run_from_menu(page: Page, operation: str) -> str:
    """The run button, then the operation in its menu (the page holds several), as a user
    would; the result pane's text. A click while GraphiQL still settles (it takes the focus
    once), or on a menu still sliding in on a loaded machine, may open nothing or pick nothing:
    the user clicks again then, and so does this."""
    for _ in range(6):
        await page.click(_EXECUTE)
        try:
            await page.wait_for(f"!!({_menu_item(operation)})", seconds=3)
        except TimeoutError:
            continue
        await asyncio.sleep(0.3)  # the menu's opening animation
        if not await page.evaluate(f"!!({_menu_item(operation)})"):
            continue
        await page.click(_menu_item(operation))
        try:
            text: str = await page.wait_for(_RESULT, seconds=20)
        except TimeoutError:
            continue
        return text
    raise TimeoutError(f"the run button's menu did not run {operation}")
