"""A fresh database made ready for a run: `campaign-graph` commands run in one Python process
(each would start Python anew otherwise: on a loaded machine that is seconds of a short run),
committing without waiting for the disk on PostgreSQL (none of the set-up is under test; the
server then runs with PostgreSQL's defaults)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

from bench.servers import ROOT

_SCRIPT = """
import contextlib, io, json, sys
from server.cli import main
outputs = []
for command in json.loads(sys.argv[1]):
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        status = main(command)
    if status:
        sys.exit(f"campaign-graph {' '.join(command)} failed")
    outputs.append(captured.getvalue())
print(json.dumps(outputs))
"""


async def run_commands(
    kind: str, url: str, postgres_url: str, commands: list[list[str]]
) -> list[str]:
    """Run `campaign-graph <command>` for each command on the database `url`, in order; returns
    what each printed. Fails naming the first command that failed."""
    if kind == "postgres":
        await _synchronous_commit(url, postgres_url, "off")
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", _SCRIPT, json.dumps(commands)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if kind == "postgres":
        await _synchronous_commit(url, postgres_url, "DEFAULT")
    if done.returncode:
        raise RuntimeError(f"the set-up failed:\n{done.stdout}\n{done.stderr}")
    outputs: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return outputs


def secret(output: str) -> str:
    """The token's secret from what `campaign-graph token create` printed."""
    return output.strip().splitlines()[-1].strip()


async def _synchronous_commit(url: str, postgres_url: str, value: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(postgres_url)
    try:
        await admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit TO {value}')
    finally:
        await admin.close()
