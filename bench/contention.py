"""`make contention`: writers that collide (issue 20, point 0). Several clients write to one
campaign at once, as a sales team logging the same campaign does; on each database the figures
are the writes per second, each kind's latency, and how many writes failed.

For each database: a fresh one with the demo company and a MANAGER's token (the chaos run's
set-up), the product as users run it (`serve`, production mode, one worker unless `--workers`);
one shared campaign with a target segment of three customers, a campaign price and the
campaign's pricing activated, so that every change to its segments keeps its target group up
to date. Then each client picks, for `--seconds`, one of:

- a single interaction on the campaign (`interactionLog`, 35 %);
- a new contact added, with a customer, to the shared segment (`contactCreate`,
  `segmentContactsAdd`, 30 %);
- a new segment of the campaign, three customers added and the segment logged
  (`segmentCreate`, `segmentContactsAdd`, `segmentLog`, 25 %);
- the campaign's pricing activated again (`campaignPricingActivate`, 10 %).

Each write with an idempotency key; a TRANSIENT_CONFLICT (nothing applied) is sent again, as
clients are told to. Afterwards, with the server stopped, the chaos run's invariants are
checked on the whole database (target groups, statistics, numbers, nothing half written).
The exit status is 1 when a write failed (an internal error or a refusal), a request stayed
unanswered or an invariant does not hold. Results go to bench/results/contention.{json,md}
(the short form to contention-short.*).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.chaos.client import Client, Refused, Tally
from bench.chaos.invariants import verify_invariants
from bench.chaos.killer import Killings, start
from bench.chaos.run import prepare
from bench.chaos.verify import Findings
from bench.chaos.workload import SALESPERSON, SINGLE_TEMPLATES, TEMPLATE, Company, load_company
from bench.runs import per_database, write_and_judge
from bench.servers import ROOT, Server, fresh_database
from server.db import close_db, init_db

RESULTS = Path(__file__).resolve().parent / "results"

#: The mix: kind of step and its share.
MIX = (
    ("single interaction", 0.35),
    ("contact into the shared segment", 0.30),
    ("segment logged", 0.25),
    ("activation", 0.10),
)

#: Figures that must be zero for the run to pass.
MUST_BE_ZERO = ("internal_errors", "refused_writes", "unanswered_requests", "invariant_violations")


@dataclass(frozen=True)
class Plan:
    seconds: float
    clients: int
    workers: int
    seed: int


@dataclass(frozen=True)
class Shared:
    """What every client writes to."""

    campaign: str
    segment: str
    company: Company

    @property
    def customers(self) -> list[str]:
        return sorted(self.company.customers)


class Writer:
    """One client's steps until the time is up; each step's seconds kept by kind."""

    def __init__(self, client: Client, shared: Shared, seed: int, first: int = 0) -> None:
        self.client = client
        #: The kind of the first step (by its place in MIX): with as many clients as kinds,
        #: every kind runs even in a short run.
        self.first = first
        self.shared = shared
        self.rng = random.Random(seed)
        self.seconds: dict[str, list[float]] = {kind: [] for kind, _ in MIX}

    async def keyed(self, operation: str, values: dict[str, Any]) -> dict[str, Any]:
        return await self.client.write(operation, {"idempotencyKey": uuid.uuid4().hex, **values})

    async def segment(self, description: str) -> str:
        """A new target segment of the shared campaign; its number."""
        made = await self.keyed(
            "segmentCreate",
            {
                "description": description,
                "campaignNo": self.shared.campaign,
                "campaignTarget": True,
                "salespersonCode": SALESPERSON,
                "interactionTemplateCode": TEMPLATE,
                "date": date.today().isoformat(),
            },
        )
        number: str = made["segment"]["no"]
        return number

    async def run_until(self, stop_at: float) -> None:
        kinds = [kind for kind, _ in MIX]
        weights = [share for _, share in MIX]
        kind = kinds[self.first % len(kinds)]
        while time.monotonic() < stop_at:
            began = time.monotonic()
            try:
                await self.step(kind)
            except Refused:
                pass  # counted by the client's tally: the run fails
            else:
                self.seconds[kind].append(time.monotonic() - began)
            kind = self.rng.choices(kinds, weights)[0]

    async def step(self, kind: str) -> None:
        rng, shared = self.rng, self.shared
        if kind == "single interaction":
            await self.keyed(
                "interactionLog",
                {
                    "contactNo": rng.choice(shared.customers),
                    "description": "Contention single",
                    "interactionTemplateCode": rng.choice(SINGLE_TEMPLATES),
                    "campaignNo": shared.campaign,
                    "campaignTarget": rng.random() < 0.7,
                    "cost": "1.50",
                    "duration": "0.25",
                },
            )
        elif kind == "contact into the shared segment":
            made = await self.keyed(
                "contactCreate", {"type": "COMPANY", "name": "Contention company"}
            )
            await self.client.write(
                "segmentContactsAdd",
                {
                    "segmentNo": shared.segment,
                    "contactNos": [made["contact"]["no"], rng.choice(shared.customers)],
                },
            )
        elif kind == "segment logged":
            segment = await self.segment("Contention segment")
            await self.client.write(
                "segmentContactsAdd",
                {"segmentNo": segment, "contactNos": rng.sample(shared.customers, 3)},
            )
            await self.keyed("segmentLog", {"segmentNo": segment})
        else:
            await self.client.write("campaignPricingActivate", {"campaignNo": shared.campaign})


async def _shared(client: Client) -> Shared:
    """The campaign every client writes to, its target segment, a price, the activation."""
    company = await load_company(client)
    today = date.today()
    made = await client.write(
        "campaignCreate",
        {
            "idempotencyKey": uuid.uuid4().hex,
            "description": "Contention campaign",
            "startingDate": (today - timedelta(days=7)).isoformat(),
            "endingDate": (today + timedelta(days=60)).isoformat(),
            "budgetedCost": "1000.00",
        },
    )
    campaign = made["campaign"]["no"]
    founder = Writer(client, Shared(campaign, "", company), seed=0)
    segment = await founder.segment("Contention shared segment")
    await client.write(
        "segmentContactsAdd", {"segmentNo": segment, "contactNos": founder.shared.customers[:3]}
    )
    await founder.keyed(
        "priceLineCreate",
        {
            "itemNo": company.items[0],
            "sourceType": "CAMPAIGN",
            "sourceCode": campaign,
            "unitPrice": "9.99",
        },
    )
    await client.write("campaignPricingActivate", {"campaignNo": campaign})
    return Shared(campaign, segment, company)


def _latency(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {"steps": 0, "p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    ordered = sorted(seconds)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000, 1)

    return {"steps": len(ordered), "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0)}


async def _one(kind: str, postgres_url: str, plan: Plan) -> dict[str, Any]:
    url, drop = await fresh_database(kind, postgres_url, prefix="contention")
    try:
        token = await prepare(kind, url, postgres_url)
        log = ROOT / "bench" / "data" / f"contention-{kind}-{uuid.uuid4().hex[:8]}.log"
        log.parent.mkdir(exist_ok=True)
        server = Server("product", url, workers=plan.workers, log=log)
        await start(server, Killings())
        tally = Tally()
        clients = [
            Client(server.url, token, tally, timeout=60, give_up_at=time.monotonic() + 600)
            for _ in range(plan.clients)
        ]
        try:
            shared = await _shared(clients[0])
            tally.requests = 0
            writers = [Writer(c, shared, plan.seed * 1000 + n, n) for n, c in enumerate(clients)]
            began = time.monotonic()
            await asyncio.gather(*(w.run_until(began + plan.seconds) for w in writers))
            seconds = time.monotonic() - began
        finally:
            for client in clients:
                await client.close()
            server.stop()
        findings = Findings()
        await init_db(url)
        try:
            await verify_invariants(tally.acknowledged, findings)
        finally:
            await close_db()
        figures = {
            "seconds": round(seconds, 1),
            "requests": tally.requests,
            "requests_per_s": round(tally.requests / seconds, 1),
            "transient_conflicts": tally.conflicts,
            "internal_errors": len(tally.internal_errors),
            "internal_error_examples": tally.internal_errors[:5],
            "refused_writes": sum(tally.refused.values()),
            "refused_by_code": dict(tally.refused),
            "unanswered_requests": tally.unanswered,
            "invariant_violations": len(findings.violations),
            "violation_examples": findings.violations[:5],
            "checked": dict(findings.checked),
            "steps": {
                step: _latency([s for w in writers for s in w.seconds[step]]) for step, _ in MIX
            },
        }
        if not any(figures[name] for name in MUST_BE_ZERO):
            log.unlink(missing_ok=True)
        else:
            figures["server_log"] = str(log)
        return figures
    finally:
        await drop()


def markdown(results: dict[str, Any]) -> str:
    kinds = list(results["databases"])
    runs = [results["databases"][kind] for kind in kinds]
    plan = results["plan"]
    lines = [
        f"# Writers that collide ({results['when']})",
        "",
        f"{plan['clients']} clients writing to one campaign for {plan['seconds']:g} s, "
        f"{plan['workers']} worker(s); `make contention` (bench/contention.py).",
        "",
        "| | " + " | ".join(kinds) + " |",
        "|---|" + "---:|" * len(kinds),
    ]
    rows = [("requests/s", "requests_per_s"), ("requests", "requests")]
    rows += [("conflicts sent again (TRANSIENT_CONFLICT)", "transient_conflicts")]
    rows += [(f"{name.replace('_', ' ')} (must be 0)", name) for name in MUST_BE_ZERO]
    for label, name in rows:
        lines.append(f"| {label} | " + " | ".join(f"{run[name]:,}" for run in runs) + " |")
    for step, _ in MIX:
        cells = [run["steps"][step] for run in runs]
        lines.append(
            f"| {step}: steps, p50 / p99 ms | "
            + " | ".join(f"{c['steps']:,}, {c['p50_ms']:g} / {c['p99_ms']:g}" for c in cells)
            + " |"
        )
    if "postgres" in kinds and "sqlite" in kinds:
        ratio = runs[kinds.index("postgres")]["requests_per_s"] / max(
            runs[kinds.index("sqlite")]["requests_per_s"], 0.1
        )
        lines += ["", f"PostgreSQL ÷ SQLite, requests/s: {ratio:.2f}x"]
    return "\n".join(lines) + "\n"


def failures(results: dict[str, Any]) -> list[str]:
    found = []
    for kind, figures in results["databases"].items():
        found += [f"{kind}: {name} = {figures[name]}" for name in MUST_BE_ZERO if figures[name]]
        found += [f"{kind}: {e}" for e in figures["internal_error_examples"]]
        found += [f"{kind}: {v}" for v in figures["violation_examples"]]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.contention", description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TEST_POSTGRES_URL") or "postgres://postgres@127.0.0.1:5432/test",
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=random.randrange(10**6))
    parser.add_argument("--short", action="store_true", help="the CI form: 6 s, 4 clients")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    seconds, clients = (6.0, 4) if args.short else (args.seconds, args.clients)
    plan = Plan(seconds, clients, args.workers, args.seed)
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    results = per_database("contention", kinds, args.postgres_url, plan, _one)
    stem = "contention-short" if args.short else "contention"
    return write_and_judge(results, args.output, stem, markdown(results), failures(results))


if __name__ == "__main__":
    raise SystemExit(main())
