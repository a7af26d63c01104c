"""`make bench`: the product against the raw-SQL floor on SQLite and PostgreSQL (issues 9, 18).

For each database: build the data; start the product as users do (`campaign-graph serve`,
production mode, a bearer token on every request) with one worker and with two, and the floor
on the same HTTP stack; check that all answer the dashboard with the same data; then load them
with wrk in interleaved rounds (bench/measure.py: small queries at 16 connections, the
dashboard one at a time for p50 and p99, dashboards at 4 connections), count the product's
statements per dashboard, time an activation and report each worker's peak memory. Results go
to bench/results/ as JSON and Markdown and are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench import activation as activation_data
from bench import compare, wrk
from bench.measure import Rounds, measure
from bench.report import markdown
from bench.servers import ROOT, Server, cli, fresh_database
from bench.statements import count_statements

DASHBOARD = (Path(__file__).parent / "dashboard.graphql").read_text()
SMALL = "query Small($no: String!) { campaign(no: $no) { no description } }"
RESULTS = Path(__file__).parent / "results"

#: The data set of issue 9: the dashboard campaign inside background volume.
FULL_SIZES = {
    "contacts": 100_000,
    "segments": 1_000,
    "lines": 200_000,
    "interactions": 1_000_000,
    "activation_lines": 100_000,
}
SMOKE_SIZES = {
    "contacts": 400,
    "segments": 15,
    "lines": 1_500,
    "interactions": 4_000,
    "activation_lines": 300,
}


@dataclass(frozen=True)
class Plan:
    """What one run does."""

    rounds: int
    seconds: float
    warmup_seconds: float
    smoke: bool
    contacts: int
    segments: int
    lines: int
    interactions: int
    activation_lines: int


async def _prepare(url: str, plan: Plan) -> dict[str, Any]:
    """Migrate, seed (timed) and give the activation campaign its target lines."""
    cli(url, "migrate")
    sizes = {
        "--contacts": plan.contacts,
        "--segments": plan.segments,
        "--lines": plan.lines,
        "--interactions": plan.interactions,
    }
    started = time.perf_counter()
    output = cli(url, "seed", *(f"{flag}={value}" for flag, value in sizes.items()))
    seconds = round(time.perf_counter() - started, 2)
    found = re.search(r"dashboard campaign (\S+?)\)", output)
    if not found:
        raise RuntimeError(f"seed did not name its dashboard campaign: {output}")
    dashboard = found.group(1)
    activation, target_lines = await activation_data.prepare(url, dashboard, plan.activation_lines)
    cli(url, "user", "create", "--username", "bench", "--role", "MANAGER")
    return {
        "seed_seconds": seconds,
        "seed_sizes": {flag.strip("-"): value for flag, value in sizes.items()},
        "dashboard_campaign": dashboard,
        "activation_campaign": activation,
        "activation_target_lines": target_lines,
    }


def _token(url: str) -> dict[str, str]:
    secret = (
        cli(url, "token", "create", "--user", "bench", "--name", "bench").strip().splitlines()[-1]
    )
    # Both servers are measured on the same uncompressed bytes: the floor does not compress,
    # and over loopback compression is pure cost. The product's gzip is measured apart.
    return {"Authorization": f"Bearer {secret.strip()}", "Accept-Encoding": "identity"}


def _compressed(
    url: str, body: dict[str, Any], headers: dict[str, str], seconds: float
) -> dict[str, Any]:
    """The product's dashboard when the client accepts gzip: p50 and the bytes sent."""
    asked = {**headers, "Accept-Encoding": "gzip"}
    load = wrk.run(url, body, asked, connections=1, seconds=seconds)
    plain = httpx.post(url, json=body, headers=headers, timeout=60)
    packed = httpx.post(url, json=body, headers=asked, timeout=60)
    return {
        "dashboard_p50_ms": round(load.p50_ms, 2),
        "bytes": int(packed.headers.get("content-length", len(packed.content))),
        "identity_bytes": len(plain.content),
    }


async def _measure(kind: str, url: str, plan: Plan) -> dict[str, Any]:
    result: dict[str, Any] = {"database": kind}
    result.update(await _prepare(url, plan))
    headers = _token(url)
    dashboard = {"query": DASHBOARD, "variables": {"no": result["dashboard_campaign"]}}
    result["statements_per_dashboard"] = await count_statements(url, dashboard)
    result.update(await asyncio.to_thread(_load, kind, url, plan, result, headers))
    return result


def _load(
    kind: str, url: str, plan: Plan, prepared: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    """Start the servers, check they agree, measure them, time an activation; stop them."""
    dashboard = {"query": DASHBOARD, "variables": {"no": prepared["dashboard_campaign"]}}
    small = {"query": SMALL, "variables": {"no": prepared["dashboard_campaign"]}}
    log = ROOT / "bench" / "data" / f"servers-{kind}.log"
    log.parent.mkdir(exist_ok=True)
    log.unlink(missing_ok=True)
    servers = [
        Server("product", url, log=log),
        Server("floor", url),
        Server("product_2_workers", url, workers=2, log=log),
    ]
    try:
        for server in servers:
            server.start()  # all three start side by side
        for server in servers:
            server.wait_ready()
        answers = [
            httpx.post(s.url, json=dashboard, headers=headers, timeout=60).json() for s in servers
        ]
        for other in answers[1:]:
            diff = compare.differences(answers[0], other)
            if diff:
                raise RuntimeError("the servers disagree:\n" + "\n".join(diff[:20]))
        rounds = Rounds(plan.rounds, plan.seconds, plan.warmup_seconds)
        result: dict[str, Any] = measure(servers, small, dashboard, headers, rounds)
        result["product_gzip"] = _compressed(servers[0].url, dashboard, headers, plan.seconds)
        result["activation"] = _activation(servers[0].url, headers, prepared["activation_campaign"])
    finally:
        for server in servers:
            server.stop()
    return result


def _activation(url: str, headers: dict[str, str], campaign: str) -> dict[str, Any]:
    """Time campaignPricingActivate (after a deactivation) through the API."""
    deactivate = (
        "mutation($no: String!) { campaignPricingDeactivate(input: {campaignNo: $no}) "
        "{ errors { code } } }"
    )
    activate = (
        "mutation($no: String!) { campaignPricingActivate(input: {campaignNo: $no, "
        "allowWithoutPricing: true}) { targetedCustomers targetedContacts "
        "errors { code message } } }"
    )
    variables = {"no": campaign}
    httpx.post(
        url, json={"query": deactivate, "variables": variables}, headers=headers, timeout=600
    )
    started = time.perf_counter()
    response = httpx.post(
        url, json={"query": activate, "variables": variables}, headers=headers, timeout=600
    )
    elapsed = time.perf_counter() - started
    payload = response.json()["data"]["campaignPricingActivate"]
    if payload["errors"]:
        raise RuntimeError(f"activation failed: {payload['errors']}")
    return {
        "campaign": campaign,
        "seconds": round(elapsed, 3),
        "targeted_customers": payload["targetedCustomers"],
        "targeted_contacts": payload["targetedContacts"],
    }


def machine(postgres_url: str | None) -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    if postgres_url:
        import asyncpg  # type: ignore[import-untyped]

        async def version() -> str:
            connection = await asyncpg.connect(postgres_url)
            try:
                return str(await connection.fetchval("SHOW server_version"))
            finally:
                await connection.close()

        info["postgresql"] = asyncio.run(version())
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL")
        or os.environ.get("TEST_POSTGRES_URL")
        or "postgres://postgres@127.0.0.1:5432/test",
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="wrk time per figure, server and round"
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check it all works")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    plan = Plan(
        rounds=1 if args.smoke else args.rounds,
        seconds=1 if args.smoke else args.seconds,
        warmup_seconds=0 if args.smoke else 3,
        smoke=args.smoke,
        **(SMOKE_SIZES if args.smoke else FULL_SIZES),
    )
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(args.postgres_url if "postgres" in kinds else None),
        "plan": plan.__dict__,
        "databases": {},
    }
    if not wrk.available():
        print("the benchmark drives load with wrk: install it (apt-get install wrk)")
        return 2
    for kind in kinds:
        print(f"== {kind}", flush=True)
        results["databases"][kind] = asyncio.run(_run_one(kind, args.postgres_url, plan))
    table = markdown(results)
    args.output.mkdir(parents=True, exist_ok=True)
    stem = "smoke" if args.smoke else "latest"
    (args.output / f"{stem}.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.output / f"{stem}.md").write_text(table)
    print(table)
    return 0


async def _run_one(kind: str, postgres_url: str, plan: Plan) -> dict[str, Any]:
    url, drop = await fresh_database(kind, postgres_url)
    try:
        return await _measure(kind, url, plan)
    finally:
        await drop()


if __name__ == "__main__":
    raise SystemExit(main())
