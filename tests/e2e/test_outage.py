"""PostgreSQL stopped and started again under a running server (issue 20, point 2): while it is
down, requests fail at once with 503, `Retry-After` and DATABASE_UNAVAILABLE (never a 500, no
hang) and the server says it is not ready; once it is back, the server answers again without a
restart, a change sent again with its idempotency key applies once, and a live subscription is
told to reload (RESYNC), since events may have been missed.

The cluster is a throwaway one the test makes with the machine's PostgreSQL binaries (skipped
where there are none)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BACKEND
from tests.e2e.servers import cli, environment, free_port, serve
from tests.e2e.test_live import next_event, subscribe_to

pytestmark = pytest.mark.e2e

CREATE = (
    "mutation ($i: CampaignCreateInput!) { campaignCreate(input: $i) "
    "{ campaign { no } errors { code } } }"
)
CAMPAIGNS = "{ campaigns(first: 1) { nodes { no } } }"


@dataclass
class Cluster:
    """A PostgreSQL cluster of the test's own, on a port of its own."""

    bindir: Path
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        # PostgreSQL refuses to run as root: as its own user then.
        runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*runner, *command], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.data.parent / "log")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log,
                  "-w", "start")  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


def _bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    found = Path(
        subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
    )
    return found if (found / "initdb").exists() else None


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if BACKEND != "postgres":
        pytest.skip("a PostgreSQL outage")
    bindir = _bindir()
    if bindir is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        pytest.skip("no PostgreSQL binaries to make a cluster with")
    home = Path(tempfile.mkdtemp(prefix="cg-outage-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    made = Cluster(bindir, home / "data", free_port())
    made._run(str(bindir / "initdb"), "-D", str(made.data), "-A", "trust", "-U", "postgres",
              "--no-sync")  # fmt: skip
    made.start()
    try:
        yield made
    finally:
        subprocess.run(
            [*(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
             str(bindir / "pg_ctl"), "-D", str(made.data), "-m", "immediate", "stop"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        shutil.rmtree(home, ignore_errors=True)


async def _post(client: httpx.AsyncClient, base: str, query: str, **variables: Any) -> Any:
    return await client.post(f"{base}/graphql", json={"query": query, "variables": variables})


async def test_a_postgresql_outage_is_a_503_and_the_server_recovers_by_itself(
    cluster: Cluster, tmp_path: Path
):
    env = environment(cluster.url)
    cli(env, "migrate")
    cli(env, "demo")
    for base in serve(env, tmp_path / "server.log"):
        async with httpx.AsyncClient(timeout=30) as client:
            campaign = (await _post(client, base, CAMPAIGNS)).json()
            campaign_no = campaign["data"]["campaigns"]["nodes"][0]["no"]
            ws = await subscribe_to(base, campaign_no)
            change = {"idempotencyKey": "outage-1", "description": "Made through an outage"}

            cluster.stop()
            for query, variables in ((CAMPAIGNS, {}), (CREATE, {"i": change})):
                started = time.monotonic()
                answer = await _post(client, base, query, **variables)
                assert time.monotonic() - started < 5
                assert answer.status_code == 503, answer.text
                assert answer.headers["retry-after"] == "1"
                (error,) = answer.json()["errors"]
                assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
                assert "nothing was changed" in error["message"]
            ready = await client.get(f"{base}/readyz")
            assert ready.status_code == 503

            cluster.start()
            started = time.monotonic()
            while (answer := await _post(client, base, CAMPAIGNS)).status_code != 200:
                assert time.monotonic() - started < 20, answer.text
                await asyncio.sleep(0.2)
            assert (await client.get(f"{base}/readyz")).status_code == 200
            event = await next_event(ws)
            assert event["kind"] == "RESYNC"
            await ws.close()

            created = []
            for _ in range(2):  # the client's retry, and a second one: applied once
                answer = await _post(client, base, CREATE, i=change)
                assert answer.status_code == 200, answer.text
                created.append(answer.json()["data"]["campaignCreate"]["campaign"]["no"])
            assert created[0] == created[1]
            listed = await _post(
                client,
                base,
                '{ campaigns(first: 100, filter: {search: "through an outage"}) { totalCount } }',
            )
            assert json.loads(listed.text)["data"]["campaigns"]["totalCount"] == 1
    log = (tmp_path / "server.log").read_text()
    assert "unexpected error" not in log
    assert "Traceback" not in log
