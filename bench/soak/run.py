"""`make soak`: the product under a sustained, realistic load for a bounded time (issue 20,
point 4), on PostgreSQL with `serve --workers 2`.

A throwaway database next to `--database-url` (dropped at the end): migrated, seeded (a
dashboard campaign of 10 segments x 100 lines inside background volume), a MANAGER and a
SALES user with their tokens. The product runs as users run it (`campaign-graph serve` in
production mode, bearer tokens, `--workers 2`). A separate process (bench/soak/drive.py, its
own event loop) runs `--clients` clients through the weighted mix of bench/soak/mix.py for
`--duration` seconds, the first `--warmup` of them not measured. Meanwhile each worker's
resident memory is sampled every `--sample-every` seconds. Then the server's own counts are
read from /metrics, the server is stopped and the database is checked directly: every
acknowledged write exactly once and the domain's invariants (bench/chaos/verify.py,
bench/chaos/invariants.py).

The figures go to bench/results/soak.json and soak.md (the short form: soak-short.*) and are
printed. The exit status is 1 when a request was answered with a 5xx or any other error (a
TRANSIENT_CONFLICT excepted: it is sent again), a worker's memory grew by more than
`--max-memory-growth` percent, a worker was replaced, or a check of the database failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.chaos.verify import Findings
from bench.chaos.verify import summary as findings_summary
from bench.run import machine
from bench.servers import ROOT, Server, fresh_database, keep_log
from bench.setup import run_commands, secret
from bench.soak import checks, report
from bench.soak.drive import write_from_json
from bench.soak.mix import WEIGHTS, Data, parse_weights
from bench.soak.watch import Watch, memory, restarted

RESULTS = Path(__file__).resolve().parents[1] / "results"
USER = "soak"
SALES_USER = "soak-sales"
SALESPERSON = "EF"
METRICS_TOKEN = "soak-metrics-" + uuid.uuid4().hex
#: Background volume: the dashboard campaign stays 10 x 100 lines at any size.
SIZES = {"contacts": 20_000, "segments": 200, "lines": 40_000, "interactions": 200_000}
SHORT_SIZES = {"contacts": 400, "segments": 15, "lines": 1_500, "interactions": 4_000}


@dataclass(frozen=True)
class Plan:
    seconds: float
    warmup: float
    clients: int
    drivers: int
    workers: int
    timeout: float
    sample_every: float
    max_memory_growth: float
    weights: dict[str, int]
    sizes: dict[str, int]
    seed: int
    short: bool


async def _prepare(url: str, postgres_url: str, plan: Plan) -> tuple[dict[str, Any], Data]:
    """Migrate, seed, the users and tokens; what the reads pick from."""
    started = time.monotonic()
    outputs = await run_commands(
        "postgres",
        url,
        postgres_url,
        [
            ["migrate"],
            ["seed", *(f"--{name}={value}" for name, value in plan.sizes.items())],
            ["user", "create", "--username", USER, "--role", "MANAGER"],
            [
                "user",
                "create",
                "--username",
                SALES_USER,
                "--role",
                "SALES",
                "--salesperson",
                SALESPERSON,
            ],
            ["token", "create", "--user", USER, "--name", "soak"],
            ["token", "create", "--user", SALES_USER, "--name", "soak"],
        ],
    )
    found = re.search(r"dashboard campaign (\S+?)\)", outputs[1])
    if not found:
        raise RuntimeError(f"seed did not name its dashboard campaign: {outputs[1]}")
    tokens = {"token": secret(outputs[-2]), "sales_token": secret(outputs[-1])}
    data = await checks.pick_data(url, found.group(1), random.Random(plan.seed))
    return {**tokens, "setup_seconds": round(time.monotonic() - started, 1)}, data


def _start_drivers(
    server: Server, prepared: dict[str, Any], data: Data, plan: Plan, run: str, folder: Path
) -> tuple[list[subprocess.Popen[bytes]], list[Path], dict[str, float]]:
    """The load processes, each with its share of the clients; they begin together."""
    begin_at = time.monotonic() + 3.0  # time to import and read the company
    moments = {
        "begin_at": begin_at,
        "warm_until": begin_at + plan.warmup,
        "stop_at": begin_at + plan.seconds,
    }
    processes, results = [], []
    shares = [
        plan.clients // plan.drivers + (n < plan.clients % plan.drivers)
        for n in range(plan.drivers)
    ]
    for n, clients in enumerate(shares):
        config = {
            **moments,
            "url": server.url,
            "token": prepared["token"],
            "sales_token": prepared["sales_token"],
            "run": run,
            "seed": plan.seed + n,
            "clients": clients,
            "first_client": 1 + sum(shares[:n]),
            "timeout": plan.timeout,
            "weights": plan.weights,
            "data": asdict(data),
        }
        config_path, result_path = folder / f"driver-{n}.json", folder / f"result-{n}.json"
        config_path.write_text(json.dumps(config))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "bench.soak.drive", str(config_path), str(result_path)]
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env))
        results.append(result_path)
    return processes, results, moments


def _load(
    server: Server, prepared: dict[str, Any], data: Data, plan: Plan, run: str
) -> dict[str, Any]:
    """Run the drivers to the end, sampling the workers; returns the merged figures."""
    with tempfile.TemporaryDirectory(prefix="soak-") as temporary:
        processes, paths, moments = _start_drivers(
            server, prepared, data, plan, run, Path(temporary)
        )
        began = moments["begin_at"]
        time.sleep(max(0.0, began - time.monotonic()))
        database = server.database_url.rsplit("/", 1)[1]
        watch = Watch(server, [p.pid for p in processes], began, database)
        watch.start()
        watch.sample()
        due = began + plan.sample_every
        while any(p.poll() is None for p in processes):
            time.sleep(0.2)
            if time.monotonic() >= due and any(p.poll() is None for p in processes):
                watch.sample()
                due += plan.sample_every
        after = watch.sample()  # the load is over: idle
        peaks = server.peak_rss_mb()
        driven = [json.loads(p.read_text()) if p.exists() else {} for p in paths]
        exits = [p.returncode for p in processes]
    merged = report.merge(driven)
    merged["driver_exit_codes"] = exits
    merged["cpu_percent"] = watch.cpu_percent(merged["cpu_seconds"])
    merged["memory"] = memory(
        watch.samples, moments["warm_until"] - began, moments["stop_at"] - began, after, peaks
    )
    merged["workers_replaced"] = restarted(watch.samples)
    merged["curve"] = report.curve(watch.samples, merged["per_second"])
    return merged


async def _one(postgres_url: str, plan: Plan) -> dict[str, Any]:
    url, drop = await fresh_database("postgres", postgres_url, prefix="soak")
    run = uuid.uuid4().hex[:8]
    log = ROOT / "bench" / "data" / f"soak-{run}.log"
    try:
        prepared, data = await _prepare(url, postgres_url, plan)
        log.parent.mkdir(exist_ok=True)
        server = Server(
            "product",
            url,
            workers=plan.workers,
            log=log,
            env={"CAMPAIGN_GRAPH_METRICS_TOKEN": METRICS_TOKEN},
        )
        server.start()
        try:
            await asyncio.to_thread(server.wait_ready)
            figures = await asyncio.to_thread(_load, server, prepared, data, plan, run)
            figures["server"] = await asyncio.to_thread(
                checks.server_counts, server.url, METRICS_TOKEN
            )
        finally:
            server.stop()
        started = time.monotonic()
        writes = [write_from_json(w) for w in figures.pop("acknowledged")]
        findings = Findings()
        figures["database"] = await checks.verify(url, writes, run, USER, findings)
        figures["invariants"] = findings_summary(findings)
        figures["verification_seconds"] = round(time.monotonic() - started, 1)
        figures["setup_seconds"] = prepared["setup_seconds"]
        figures["dashboard_campaign"] = data.dashboard_campaign
        keep_log(figures, log, bool(report.failures(figures, plan.max_memory_growth)))
        return figures
    finally:
        await drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TEST_POSTGRES_URL")
        or "postgres://postgres@127.0.0.1:5432/postgres",
        help="the PostgreSQL server to make the throwaway database on (any database of it)",
    )
    parser.add_argument("--duration", type=float, help="seconds of load (default 600; short 20)")
    parser.add_argument("--warmup", type=float, help="seconds not measured (default 60; short 5)")
    parser.add_argument("--clients", type=int, help="concurrent clients (default 8; short 4)")
    parser.add_argument("--drivers", type=int, default=1, help="load processes (default 1)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0, help="client timeout (s)")
    parser.add_argument("--sample-every", type=float, help="seconds between memory samples")
    parser.add_argument(
        "--max-memory-growth",
        type=float,
        help="percent a worker's RSS may grow after the warm-up (default 10; short form 25: "
        "20 s tell a leak from caches still filling only roughly)",
    )
    parser.add_argument(
        "--weights", default="", help=f"actions' weights over {WEIGHTS} (name=n,...)"
    )
    parser.add_argument(
        "--sizes",
        default="",
        help=f"seed sizes over the defaults {SIZES} (name=n,...)",
    )
    parser.add_argument("--seed", type=int, default=random.randrange(10**6))
    parser.add_argument(
        "--short", action="store_true", help="the CI form: 20 s, 4 clients, a tiny data set"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = dict(SHORT_SIZES if args.short else SIZES)
    for part in filter(None, (p.strip() for p in args.sizes.split(","))):
        name, _, value = part.partition("=")
        if name not in sizes:
            parser.error(f"unknown size {name!r}")
        sizes[name] = int(value)
    plan = Plan(
        seconds=args.duration or (20.0 if args.short else 600.0),
        warmup=args.warmup if args.warmup is not None else (5.0 if args.short else 60.0),
        clients=args.clients or (4 if args.short else 8),
        drivers=max(1, args.drivers),
        workers=args.workers,
        timeout=args.timeout,
        sample_every=args.sample_every or (2.0 if args.short else 10.0),
        max_memory_growth=args.max_memory_growth or (25.0 if args.short else 10.0),
        weights=parse_weights(args.weights),
        sizes=sizes,
        seed=args.seed,
        short=args.short,
    )
    if plan.warmup >= plan.seconds:
        parser.error("--warmup must be shorter than --duration")
    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(args.database_url),
        "load_average_before": os.getloadavg(),
        "plan": asdict(plan),
    }
    print(f"== soak on PostgreSQL, {plan.seconds:.0f} s, seed {plan.seed}", flush=True)
    results["figures"] = asyncio.run(_one(args.database_url, plan))
    results["load_average_after"] = os.getloadavg()
    text = report.markdown(results)
    args.output.mkdir(parents=True, exist_ok=True)
    stem = "soak-short" if args.short else "soak"
    (args.output / f"{stem}.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.output / f"{stem}.md").write_text(text)
    print(text)
    problems = report.failures(results["figures"], plan.max_memory_growth)
    for problem in problems:
        print(f"FAILED {problem}")
    return 1 if problems else 0
