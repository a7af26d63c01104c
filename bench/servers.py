"""The product and the floor as real server processes on loopback, and their memory.

The product runs as users run it, `campaign-graph serve` in production mode (a bearer token
per request, access log on); the floor runs on the same HTTP stack (uvicorn with uvloop and
httptools). Either may run with several workers."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: `campaign-graph` from this checkout (the console script imports the installed package, which
#: may be another checkout's: a worktree's benchmark would measure the main tree).
PRODUCT = [sys.executable, "-m", "server.cli"]


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli(database_url: str, *args: str) -> str:
    """Run `campaign-graph <args>` on a database; returns its standard output."""
    done = subprocess.run(
        [*PRODUCT, *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"campaign-graph {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


@dataclass
class Server:
    """One server (product or floor, with `workers` processes) serving POST /graphql."""

    name: str
    database_url: str
    workers: int = 1
    log: Path | None = None
    port: int = 0
    #: Settings of the server's processes beyond those its kind sets.
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    @property
    def is_product(self) -> bool:
        return self.name.startswith("product")

    def _command(self) -> tuple[list[str], dict[str, str]]:
        address = ["--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)]
        env = {**os.environ, "DATABASE_URL": self.database_url, **self.env}
        if self.is_product:
            env |= {"CAMPAIGN_GRAPH_ENV": "production", "CAMPAIGN_GRAPH_RATE_LIMIT": "0"}
            env.pop("CAMPAIGN_GRAPH_DEMO", None)
            return [*PRODUCT, "serve", *address], env
        floor = [str(BIN / "uvicorn"), "bench.floor:app", "--no-access-log", "--log-level=warning"]
        return [*floor, *address], env

    def start(self) -> None:
        """Launch the process (without waiting for it: see `wait_ready`). A server started
        again keeps its port; each start is a process group of its own (see `kill`)."""
        self.port = self.port or free_port()
        command, env = self._command()
        with self.log.open("ab") if self.log else open(os.devnull, "wb") as sink:
            # The child holds its own copy of the file; the parent's closes here.
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self) -> None:
        """Return once the server answers with all its workers; fail after 60 s."""
        assert self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                httpx.get(self.url.replace("/graphql", "/healthz"), timeout=1)
                if len(self._pids()) >= self.workers:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start within 60 s")

    def _pids(self) -> list[int]:
        """The processes answering requests: the server, or its workers when it has several."""
        assert self.process is not None
        if self.workers == 1:
            return [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        listed = [int(pid) for pid in children.read_text().split()]
        # The multiprocessing resource tracker is a child too; workers are uvicorn's.
        return [pid for pid in listed if "resource_tracker" not in _cmdline(pid)]

    def peak_rss_mb(self) -> list[float]:
        """Each serving process's peak resident memory so far (VmHWM), in MB."""
        return [status_mb(pid, "VmHWM") for pid in self.worker_pids()]

    def worker_pids(self) -> list[int]:
        """The processes answering requests (see `_pids`), in a stable order."""
        return sorted(self._pids())

    def kill(self) -> None:
        """SIGKILL the server with all its workers (its process group), as a crash would;
        returns once they are gone."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def keep_log(figures: dict[str, Any], log: Path, failed: bool) -> None:
    """A run's server log: kept for the post-mortem (and named in its figures) when the run
    failed, else removed."""
    if failed:
        figures["server_log"] = str(log)
    else:
        log.unlink(missing_ok=True)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def status_mb(pid: int, name: str) -> float:
    """A memory figure of /proc/<pid>/status in MB: "VmRSS" (resident now), "VmHWM" (peak)."""
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith(name + ":"))
    kilobytes = int(line.split()[1])
    return round(kilobytes / 1024, 1)


Drop = Callable[[], Awaitable[None]]


async def fresh_database(kind: str, postgres_url: str, prefix: str = "bench") -> tuple[str, Drop]:
    """A fresh database of `kind` ("sqlite": a file under bench/data; "postgres": a new
    database next to `postgres_url`'s); returns its URL and a function that removes it."""
    if kind == "sqlite":
        folder = ROOT / "bench" / "data"
        folder.mkdir(exist_ok=True)
        path = folder / f"{prefix}-{uuid.uuid4().hex[:8]}.sqlite3"
        url = f"sqlite://{path}"

        def unlink() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        async def drop_file() -> None:
            await asyncio.to_thread(unlink)

        return url, drop_file
    import asyncpg  # type: ignore[import-untyped]

    name = f"cg_{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()

    async def drop_database() -> None:
        connection = await asyncpg.connect(postgres_url)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()

    return postgres_url.rsplit("/", 1)[0] + "/" + name, drop_database
