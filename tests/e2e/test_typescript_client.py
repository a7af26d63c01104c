"""The TypeScript client path (issue 19): examples/typescript's generated types are what
schema.graphql and its documents give (GraphQL Code Generator, `strictScalars`), it type-checks
with `tsc`, and its journey runs with Apollo Client against a real server: the contract
dashboard, a list paged to the end with relayStylePagination, a mutation seen in the cache
without a refetch, and not one cache warning."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BACKEND
from tests.e2e.servers import cli, environment, serve

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "typescript"
#: Written after a successful `npm ci`: the lockfile and Node it installed (see _install).
STAMP = EXAMPLE / "node_modules" / ".campaign-graph-installed"

pytestmark = [
    pytest.mark.e2e,
    # The journey proves the client side (types, cache policies), which no database changes;
    # the rest of the suite shows both backends answer alike.
    pytest.mark.skipif(BACKEND != "sqlite", reason="the client journey runs on SQLite only"),
    pytest.mark.skipif(
        shutil.which("node") is None or shutil.which("npm") is None,
        reason="no node/npm to run the TypeScript example (Node 20+ with npm)",
    ),
]


def _run(*command: str, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    """Run `command` in the example; on failure, fail the test with its whole output."""
    done = subprocess.run(
        command,
        cwd=EXAMPLE,
        env={**(env or os.environ), "NO_COLOR": "1", "npm_config_update_notifier": "false"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"`{' '.join(command)}` exited {done.returncode}:\n{done.stdout}")
    return done.stdout


def _install() -> None:
    """`npm ci`, unless node_modules already holds this lockfile's packages for this Node."""
    node = _run("node", "--version").strip()
    lock = hashlib.sha256((EXAMPLE / "package-lock.json").read_bytes()).hexdigest()
    installed = f"{lock} {node}\n"
    if STAMP.exists() and STAMP.read_text() == installed:
        return
    _run("npm", "ci", "--no-audit", "--no-fund", timeout=600)
    STAMP.write_text(installed)


@pytest.fixture(scope="module")
def example() -> Path:
    """The example installed, its generated code checked and the journey compiled."""
    _install()
    # The committed src/gql/ must be what codegen makes of schema.graphql and the documents.
    _run("npx", "--no-install", "graphql-codegen", "--config", "codegen.ts", "--check")
    _run("npx", "--no-install", "tsc")  # type-checks (strict) and compiles to dist/
    return EXAMPLE


@pytest.fixture
def demo_company(tmp_path: Path) -> tuple[dict[str, str], str]:
    """A fresh SQLite file with the demo company, served without demo mode: (the server's
    environment, a manager's token made by the command line, as a deployment would)."""
    env = environment(f"sqlite://{tmp_path / 'typescript.sqlite3'}", demo=False)
    cli(env, "migrate")
    cli(env, "demo")
    cli(env, "user", "create", "--username", "web", "--name", "Web client", "--role", "manager")
    token = cli(env, "token", "create", "--user", "web", "--name", "journey").stdout.strip()
    return env, token


@pytest.fixture
def server(demo_company: tuple[dict[str, str], str], tmp_path: Path) -> Iterator[str]:
    """A real `campaign-graph serve` on it; yields its base URL."""
    yield from serve(demo_company[0], tmp_path / "server.log")


def test_the_typescript_example_runs_its_journey(
    example: Path, demo_company: tuple[dict[str, str], str], server: str
) -> None:
    env = {**os.environ, "CAMPAIGN_GRAPH_URL": server, "CAMPAIGN_GRAPH_TOKEN": demo_company[1]}
    output = _run("npm", "run", "--silent", "journey", env=env, timeout=60)

    assert "journey passed" in output, output
    assert "2. contacts: 6 pages of 50 merged into 273 cached edges" in output, output
