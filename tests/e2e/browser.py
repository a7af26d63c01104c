"""A real headless browser for end-to-end tests: Debian's chromium, driven over the Chrome
DevTools Protocol with `websockets` (Playwright and Selenium download their own browsers,
which cannot be had here). Nothing it loads may leave the machine: every host but 127.0.0.1
resolves to nothing and goes through a proxy on the discard port, where nothing listens."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect


def chromium_path() -> str | None:
    """The browser to drive: $CHROMIUM, else Debian's `chromium` (`make chromium`)."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


@contextmanager
def chromium(profile: Path) -> Iterator[str]:
    """A headless chromium with a fresh profile; yields its DevTools HTTP address."""
    executable = chromium_path()
    assert executable is not None
    options = [
        "--headless=new",
        "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1",
        f"--user-data-dir={profile}",
        # No route off the machine: names other than 127.0.0.1 resolve to nothing, and any
        # connection but to 127.0.0.1 goes to a proxy that refuses it (port 9, discard).
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=127.0.0.1",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-gpu",
        "--window-size=1400,1000",
    ]
    if os.geteuid() == 0:
        options.append("--no-sandbox")  # chromium refuses root without it
    with (profile.parent / "chromium.log").open("wb") as log:
        process = subprocess.Popen(
            [executable, *options, "about:blank"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield _devtools_address(process, profile)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _devtools_address(process: subprocess.Popen[bytes], profile: Path) -> str:
    """The DevTools port chromium chose, from the file it writes in its profile."""
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text().strip():
        if process.poll() is not None or time.monotonic() > deadline:
            log = (profile.parent / "chromium.log").read_text(errors="replace")
            raise RuntimeError(f"chromium did not start: {log}")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port_file.read_text().split()[0]}"


class Page:
    """One tab over CDP: commands answered in order of their ids, events kept as they come."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.events: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}

    async def read(self) -> None:
        async for message in self.socket:
            data = json.loads(message)
            if "id" in data:
                self._waiting.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        command_id = next(self._ids)
        answer = self._waiting[command_id] = asyncio.get_running_loop().create_future()
        await self.socket.send(json.dumps({"id": command_id, "method": method, "params": params}))
        data = await asyncio.wait_for(answer, 30)
        if "error" in data:
            raise RuntimeError(f"{method}: {data['error']}")
        result: dict[str, Any] = data["result"]
        return result

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited when a promise)."""
        result = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, seconds: float = 60) -> Any:
        """The first truthy value of `expression`, polled for up to `seconds`."""
        deadline = time.monotonic() + seconds
        while not (value := await self.evaluate(expression)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"still falsy after {seconds} s: {expression}")
            await asyncio.sleep(0.1)
        return value

    async def click(self, element: str) -> None:
        """A real mouse click (pointer events and all) in the middle of an element, given as a
        JavaScript expression (waited for)."""
        box = await self.wait_for(
            f"(() => {{ const e = {element}; if (!e) return null;"
            " const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2,"
            " y: r.y + r.height / 2}; })()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent",
                type=kind,
                x=box["x"],
                y=box["y"],
                button="none" if kind == "mouseMoved" else "left",
                clickCount=1,
            )

    def events_of(self, *methods: str) -> list[dict[str, Any]]:
        return [e["params"] for e in self.events if e["method"] in methods]

    def requested_urls(self) -> list[str]:
        """Every URL the page asked for: documents, files, fetches, websockets."""
        return [
            e["request"]["url"] if "request" in e else e["url"]
            for e in self.events_of("Network.requestWillBeSent", "Network.webSocketCreated")
        ]


@asynccontextmanager
async def open_page(devtools: str) -> AsyncIterator[Page]:
    """The browser's first tab, with its network, console and page events on."""
    async with httpx.AsyncClient() as client:
        targets = (await client.get(f"{devtools}/json/list", timeout=10)).json()
    address = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
    async with connect(address, max_size=None) as socket:
        page = Page(socket)
        reader = asyncio.create_task(page.read())
        try:
            for domain in ("Network", "Page", "Runtime", "Log"):
                await page.send(f"{domain}.enable")
            yield page
        finally:
            reader.cancel()
