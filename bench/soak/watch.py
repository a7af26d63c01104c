"""The soak's watch over the processes: every few seconds the resident memory (VmRSS) of each
server worker, and the CPU time of the workers, the load drivers and the whole machine."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.servers import Server, status_mb

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def backends_cpu(database: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving `database` on this machine (its
    process title names the database)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres: ") and f" {database} " in title:
                found[int(entry.name)] = cpu_seconds(int(entry.name))
    return found


def machine_cpu() -> tuple[float, float]:
    """Busy and total CPU seconds of the machine so far (all cores)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / _TICK, sum(values) / _TICK


@dataclass
class Sample:
    """One look: seconds since the load began, each worker's RSS (MB), answered so far."""

    at: float
    rss_mb: list[float]
    pids: list[int]


@dataclass
class Watch:
    """Samples of one server's workers under the load of `drivers` (process ids)."""

    server: Server
    drivers: list[int]
    began: float
    #: The database's name: its PostgreSQL backends are counted when on this machine.
    database: str = ""
    samples: list[Sample] = field(default_factory=list)
    _cpu: dict[str, float] = field(default_factory=dict)
    _backends: dict[int, float] = field(default_factory=dict)

    def start(self) -> None:
        self._cpu = self._cpu_now()
        self._backends = backends_cpu(self.database)

    def sample(self) -> Sample:
        pids = self.server.worker_pids()
        taken = Sample(
            round(time.monotonic() - self.began, 1), [status_mb(p, "VmRSS") for p in pids], pids
        )
        self.samples.append(taken)
        return taken

    def _cpu_now(self) -> dict[str, float]:
        busy, total = machine_cpu()
        return {
            "wall": time.monotonic(),
            "machine_busy": busy,
            "machine_total": total,
            "drivers": sum(cpu_seconds(pid) for pid in self.drivers),
            **{f"worker {n + 1}": cpu_seconds(p) for n, p in enumerate(self.server.worker_pids())},
        }

    def cpu_percent(self, drivers_cpu_seconds: float) -> dict[str, float]:
        """CPU used since `start`, in % of one core (the machine's: the sum over its cores).
        The drivers' own count is passed in: they have exited by now. A PostgreSQL backend
        that ended meanwhile is left out of its count."""
        now = self._cpu_now()
        wall = now["wall"] - self._cpu["wall"]

        def percent(seconds: float) -> float:
            return round(100 * seconds / wall, 1)

        used = {"load driver(s)": percent(drivers_cpu_seconds)}
        for name in now:
            if name.startswith("worker") and name in self._cpu:
                used[name] = percent(now[name] - self._cpu[name])
        backends = backends_cpu(self.database)
        used["PostgreSQL (this database)"] = percent(
            sum(seconds - self._backends.get(pid, 0.0) for pid, seconds in backends.items())
        )
        machine = percent(now["machine_busy"] - self._cpu["machine_busy"])
        used["anything else on the machine"] = round(max(0.0, machine - sum(used.values())), 1)
        used["machine"] = machine
        return used


def memory(
    samples: list[Sample],
    warm_until: float,
    stop_at: float,
    after: Sample,
    peaks: list[float],
    window: int = 3,
) -> list[dict[str, Any]]:
    """Each worker's RSS after the warm-up and at the end of the load: the median of the first
    and of the last `window` samples under load after the warm-up (a look taken in the middle
    of one dashboard's answer must not decide), the growth from one to the other, the range
    under load, the RSS once the load was over and the peak (VmHWM)."""
    loaded = [s for s in samples if warm_until <= s.at <= stop_at]
    if not loaded:
        return []
    first, last = loaded[:window], loaded[-window:]
    workers = []
    for n, pid in enumerate(loaded[0].pids):
        warm = statistics.median(s.rss_mb[n] for s in first)
        end = statistics.median(s.rss_mb[n] for s in last)
        workers.append(
            {
                "worker": n + 1,
                "pid": pid,
                "warm_mb": round(warm, 1),
                "end_mb": round(end, 1),
                "growth_percent": round(100 * (end / warm - 1), 1),
                "min_mb": min(s.rss_mb[n] for s in loaded),
                "max_mb": max(s.rss_mb[n] for s in loaded),
                "after_load_mb": after.rss_mb[n] if n < len(after.rss_mb) else None,
                "peak_mb": peaks[n] if n < len(peaks) else None,
            }
        )
    return workers


def restarted(samples: list[Sample]) -> bool:
    """Whether the set of workers changed during the run (a worker died and was replaced)."""
    return len({tuple(s.pids) for s in samples}) > 1
