"""Starting the product and the floor as real uvicorn processes, and watching their memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli(database_url: str, *args: str) -> str:
    """Run `campaign-graph <args>` on a database; returns its standard output."""
    done = subprocess.run(
        [str(BIN / "campaign-graph"), *args],
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
    """One uvicorn process serving POST /graphql on loopback."""

    name: str
    module: str
    database_url: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    def start(self) -> None:
        self.port = free_port()
        factory = ["--factory"] if self.module.endswith("create_app") else []
        self.process = subprocess.Popen(
            [
                str(BIN / "uvicorn"),
                self.module,
                *factory,
                "--host=127.0.0.1",
                f"--port={self.port}",
                "--no-access-log",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env={**os.environ, **self.env, "DATABASE_URL": self.database_url},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                httpx.post(self.url, json={"query": "{ __typename }"}, timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start within 30 s")

    def peak_rss_mb(self) -> float:
        """The process's peak resident memory so far (VmHWM), in MB."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kilobytes = next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
        )
        return kilobytes / 1024

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
