"""`make chaos`: crash safety, proven (issue 20). The server is SIGKILLed at random moments
under a stream of writes; afterwards nothing acknowledged is missing, nothing applied twice.

For each database: a fresh one with the demo company, a MANAGER user and its token; the product
as users run it (`serve`, production mode, a bearer token, one worker unless `--workers`);
several clients run rounds of writes (bench/chaos/workload.py), each request sent again with
its idempotency key until answered; the killer SIGKILLs the server (every worker) at random
moments and starts it again on the same port. When the time is up the clients finish their
round, the server is killed once more and restarted, and every acknowledged keyed write is
sent once again: the answer must name what the first one did. Then, with the server stopped,
the database is checked directly (bench/chaos/verify.py, bench/chaos/invariants.py).

The figures are printed and written to bench/results/ (chaos.json and chaos.md; the short form
chaos-short.*). The exit status is 1 when any figure that must be zero is not.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.chaos.client import Client, Tally, Unanswered, Write
from bench.chaos.invariants import verify_invariants
from bench.chaos.killer import Killings, keep_killing, kill_and_restart, start
from bench.chaos.report import MUST_BE_ZERO, failures, markdown
from bench.chaos.verify import Findings, summary, verify_writes
from bench.chaos.workload import Journey, load_company
from bench.runs import per_database, write_and_judge
from bench.servers import ROOT, Server, fresh_database, keep_log
from bench.setup import run_commands, secret
from server.db import close_db, init_db

RESULTS = Path(__file__).resolve().parents[1] / "results"
USER = "chaos"


@dataclass(frozen=True)
class Plan:
    """What one run does per database."""

    seconds: float
    clients: int
    kill_every: float
    workers: int
    timeout: float
    seed: int


#: The identifier each acknowledged write answered with, compared on replay.
IDENTITY = {
    "contactCreate": ("contact", "no"),
    "campaignCreate": ("campaign", "no"),
    "segmentCreate": ("segment", "no"),
    "priceLineCreate": ("priceLine", "id"),
    "segmentLog": ("loggedSegment", "entryNo"),
    "interactionLog": ("interaction", "entryNo"),
    "salesDocumentCreate": ("salesDocument", "no"),
    "salesLineAdd": ("salesLine", "lineNo"),
}


def _identity(operation: str, payload: dict[str, Any]) -> Any:
    name, attribute = IDENTITY[operation]
    return (payload.get(name) or {}).get(attribute)


async def _drive(
    server: Server, token: str, plan: Plan, killings: Killings, run: str
) -> tuple[Tally, list[Journey], float]:
    """The clients' rounds under the killer, for `plan.seconds`; then they finish their round."""
    started = time.monotonic()
    stop_at = started + plan.seconds
    tally = Tally()
    clients = [
        Client(server.url, token, tally, timeout=plan.timeout, give_up_at=stop_at + 180)
        for _ in range(plan.clients)
    ]
    try:
        company = await load_company(clients[0])
        journeys = [
            Journey(client, company, run, n + 1, plan.seed * 1000 + n)
            for n, client in enumerate(clients)
        ]
        stop = asyncio.Event()
        killer = asyncio.create_task(
            keep_killing(server, killings, every=plan.kill_every, stop=stop, seed=plan.seed)
        )
        asyncio.get_running_loop().call_later(plan.seconds, stop.set)
        outcomes = await asyncio.gather(
            *(journey.run_until(stop_at) for journey in journeys), return_exceptions=True
        )
        stop.set()
        await killer
    finally:
        for client in clients:
            await client.close()
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, Unanswered):
            raise outcome
    return tally, journeys, time.monotonic() - started


async def _replay(server: Server, token: str, writes: list[Write], plan: Plan) -> list[str]:
    """Send every acknowledged keyed write again: each must answer what it answered first."""
    tally = Tally()
    client = Client(
        server.url, token, tally, timeout=plan.timeout, give_up_at=time.monotonic() + 300
    )
    keyed = [w for w in writes if w.key]
    mismatches: list[str] = []
    limit = asyncio.Semaphore(plan.clients)

    async def again(write: Write) -> None:
        async with limit:
            try:
                payload = await client.write(write.operation, write.input)
            except Exception as problem:  # a replay refused is a finding, not a crash
                mismatches.append(f"replay of {write.operation} {write.key}: {problem}")
                return
        first = _identity(write.operation, write.payload)
        if _identity(write.operation, payload) != first:
            mismatches.append(f"replay of {write.operation} {write.key} answered another record")

    try:
        await asyncio.gather(*(again(w) for w in keyed))
    finally:
        await client.close()
    return mismatches


async def _one(kind: str, postgres_url: str, plan: Plan) -> dict[str, Any]:
    url, drop = await fresh_database(kind, postgres_url, prefix="chaos")
    run = uuid.uuid4().hex[:8]
    phases = _Phases()
    try:
        token = await prepare(kind, url, postgres_url)
        log = ROOT / "bench" / "data" / f"chaos-{kind}-{run}.log"
        log.parent.mkdir(exist_ok=True)
        server = Server("product", url, workers=plan.workers, log=log)
        killings = Killings()
        await start(server, killings)
        phases.done("setup")
        try:
            tally, journeys, seconds = await _drive(server, token, plan, killings, run)
            phases.done("writes under kills")
            # The last acknowledged writes must survive a crash as well.
            await kill_and_restart(server, killings)
            mismatches = await _replay(server, token, tally.acknowledged, plan)
            phases.done("last kill and replay")
        finally:
            server.stop()
        await init_db(url)
        try:
            findings = Findings(replay_mismatches=mismatches)
            await verify_writes(tally.acknowledged, run, USER, findings)
            await verify_invariants(tally.acknowledged, findings)
        finally:
            await close_db()
        phases.done("verification")
        figures = _figures(kind, plan, seconds, tally, journeys, killings, findings)
        figures["phases_s"] = phases.seconds
        keep_log(figures, log, any(figures[name] for name in MUST_BE_ZERO))
        return figures
    finally:
        await drop()


async def prepare(kind: str, url: str, postgres_url: str) -> str:
    """Migrate, load the demo company, create the user; returns its token's secret."""
    outputs = await run_commands(
        kind,
        url,
        postgres_url,
        [
            ["migrate"],
            ["demo"],
            ["user", "create", "--username", USER, "--role", "MANAGER"],
            ["token", "create", "--user", USER, "--name", "chaos"],
        ],
    )
    return secret(outputs[-1])


class _Phases:
    """Seconds spent in each phase of a run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._since = time.monotonic()

    def done(self, phase: str) -> None:
        now = time.monotonic()
        self.seconds[phase] = round(now - self._since, 2)
        self._since = now


def _figures(
    kind: str,
    plan: Plan,
    seconds: float,
    tally: Tally,
    journeys: list[Journey],
    killings: Killings,
    findings: Findings,
) -> dict[str, Any]:
    by_operation = Counter(w.operation for w in tally.acknowledged)
    keyed = [w for w in tally.acknowledged if w.key]
    return {
        "database": kind,
        "seconds": round(seconds, 1),
        "clients": plan.clients,
        "workers": plan.workers,
        "kills": killings.kills,
        "restarts": killings.restarts,
        "failed_starts": killings.failed_starts,
        "downtime_s": round(killings.downtime, 1),
        "rounds": sum(j.rounds for j in journeys),
        "requests": tally.requests,
        "retries": tally.retries,
        "retried_requests": tally.retried_requests,
        "connection_failures": tally.transport_errors,
        "sends_cut_by_kill": tally.cut_sends,
        "unavailable_answers": tally.away_statuses,
        "transient_conflicts": tally.conflicts,
        "acknowledged_writes": len(tally.acknowledged),
        "acknowledged_keyed": len(keyed),
        "acknowledged_after_retry": sum(1 for w in tally.acknowledged if w.attempts > 1),
        "keys_retried_applied_once": sum(1 for w in keyed if w.attempts > 1),
        "acknowledged_by_operation": dict(sorted(by_operation.items())),
        "refused_writes": sum(tally.refused.values()),
        "refused_by_code": dict(tally.refused),
        "internal_errors": len(tally.internal_errors),
        "internal_error_examples": tally.internal_errors[:5],
        "unanswered_requests": tally.unanswered,
        **summary(findings),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TEST_POSTGRES_URL") or "postgres://postgres@127.0.0.1:5432/test",
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="writes under kills, per db")
    parser.add_argument("--clients", type=int, default=5)
    parser.add_argument(
        "--kill-every",
        type=float,
        help="mean seconds of uptime between kills (default 0.5; short form 0.6)",
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0, help="client timeout (s)")
    parser.add_argument("--seed", type=int, default=random.randrange(10**6))
    parser.add_argument(
        "--short", action="store_true", help="the CI form: 10 s, 4 clients, kills more often"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    seconds, clients = (10.0, 4) if args.short else (args.seconds, args.clients)
    kill_every = args.kill_every or (0.6 if args.short else 0.5)
    plan = Plan(seconds, clients, kill_every, args.workers, args.timeout, args.seed)
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    results = per_database("chaos", kinds, args.postgres_url, plan, _one)
    stem = "chaos-short" if args.short else "chaos"
    return write_and_judge(results, args.output, stem, markdown(results), failures(results))
