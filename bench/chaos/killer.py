"""The killer: SIGKILL the server at random moments and start it again, same port and
database, until told to stop."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

from bench.servers import Server


@dataclass
class Killings:
    """What the killer did."""

    kills: int = 0
    restarts: int = 0
    #: Starts that failed (the port still held, say) and were tried again.
    failed_starts: int = 0
    #: Seconds the server was down, from each kill to its next readiness.
    downtime: float = 0.0


async def start(server: Server, killings: Killings) -> None:
    """Start `server` and wait until it answers; a failed start is tried again."""
    for _ in range(10):
        server.start()
        try:
            await asyncio.to_thread(server.wait_ready)
            return
        except RuntimeError:
            killings.failed_starts += 1
            await asyncio.to_thread(server.kill)
            await asyncio.sleep(0.5)
    raise RuntimeError(f"{server.name} did not start in ten attempts")


async def kill_and_restart(server: Server, killings: Killings) -> None:
    """One crash: SIGKILL the server (every worker) and start it again."""
    down = time.monotonic()
    await asyncio.to_thread(server.kill)
    killings.kills += 1
    await start(server, killings)
    killings.restarts += 1
    killings.downtime += time.monotonic() - down


async def keep_killing(
    server: Server, killings: Killings, *, every: float, stop: asyncio.Event, seed: int
) -> None:
    """Until `stop` is set: let the server run a random time (uniform around `every` seconds
    of uptime, from a tenth of it to nearly twice), then kill it and restart it."""
    rng = random.Random(seed)
    while not stop.is_set():
        uptime = rng.uniform(0.1 * every, 1.9 * every)
        try:
            await asyncio.wait_for(stop.wait(), timeout=uptime)
        except TimeoutError:
            await kill_and_restart(server, killings)
