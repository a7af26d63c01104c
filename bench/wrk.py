"""Load from wrk, an external generator in C: the servers are measured, not a Python client.

Each run posts one JSON body with fixed headers over `connections` keep-alive connections for
a duration, and wrk's Lua `done` hook reports requests, non-2xx answers, socket errors and
latency percentiles (from wrk's histogram of every request) as one JSON line. Asked for, it
also lists that histogram (each latency to the microsecond with its count), so that short
runs of one server can be pooled into one set of samples (bench/measure.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{headers}
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\\n@@wrk {{"requests": %d, "seconds": %.6f, "non_2xx": %d, "socket_errors": %d, '
    .. '"p50_ms": %.4f, "p99_ms": %.4f, "max_ms": %.4f}}\\n',
    summary.requests, summary.duration / 1e6, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  if {samples} then
    -- every latency wrk recorded (to the microsecond) with how many requests took it
    io.write("@@histogram")
    for i = 1, #latency do
      local microseconds, requests = latency(i)
      io.write(" ", microseconds, ":", requests)
    end
    io.write("\\n")
  end
end
"""


@dataclass(frozen=True)
class Load:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    #: wrk's latency histogram as samples in ms, fastest first, only when asked for (see
    #: `run`): every answer but the one that ended the run, and the samples wrk adds for the
    #: requests a slow answer held back (its correction for coordinated omission), which its
    #: own percentiles count too.
    samples_ms: tuple[float, ...] = ()

    @property
    def rps(self) -> float:
        """Requests answered per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def available() -> bool:
    """Whether wrk is on PATH (`make bench` installs it with apt when it can)."""
    return shutil.which("wrk") is not None


def _samples(output: str) -> tuple[float, ...]:
    """The latencies of wrk's histogram as listed by the script, fastest first, in ms."""
    line = next(line for line in output.splitlines() if line.startswith("@@histogram"))
    latencies: list[float] = []
    for entry in line.split()[1:]:
        microseconds, requests = entry.split(":")
        latencies += [float(microseconds) / 1000] * int(float(requests))
    return tuple(latencies)


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def run(
    url: str,
    body: dict[str, Any],
    headers: dict[str, str],
    *,
    connections: int,
    seconds: float,
    samples: bool = False,
) -> Load:
    """Drive `url` with wrk (one thread) and return what it measured; every answer must be a
    2xx without socket errors, or the run fails. With `samples`, the Load has every request's
    latency (listing costs wrk a walk of its histogram per distinct latency: meant for runs
    of hundreds of requests, not tens of thousands)."""
    header_lines = "\n".join(
        f"wrk.headers[ {_lua_string(name)} ] = {_lua_string(value)}"
        for name, value in headers.items()
    )
    script = _SCRIPT.format(
        body=_lua_string(json.dumps(body)),
        headers=header_lines,
        samples="true" if samples else "false",
    )
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        path = Path(folder) / "post.lua"
        path.write_text(script)
        done = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout=30s",
                "-s",
                str(path),
                url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    line = next((x for x in done.stdout.splitlines() if x.startswith("@@wrk ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    figures = json.loads(line.removeprefix("@@wrk "))
    if figures["non_2xx"] or figures["socket_errors"]:
        raise RuntimeError(f"{url}: {figures['non_2xx']} non-2xx answers, {figures}")
    latencies = _samples(done.stdout) if samples else ()
    return Load(
        requests=figures["requests"],
        seconds=figures["seconds"],
        p50_ms=figures["p50_ms"],
        p99_ms=figures["p99_ms"],
        max_ms=figures["max_ms"],
        samples_ms=latencies,
    )
