"""A load tool run on each database in turn, and its results written and judged (the chaos
and contention runs)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.run import machine


def per_database(
    tool: str,
    kinds: list[str],
    postgres_url: str,
    plan: Any,
    one: Callable[[str, str, Any], Coroutine[Any, Any, dict[str, Any]]],
) -> dict[str, Any]:
    """`one(kind, postgres_url, plan)` for each database kind, with when and where it ran."""
    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(postgres_url if "postgres" in kinds else None),
        "plan": asdict(plan),
        "databases": {},
    }
    for kind in kinds:
        print(f"== {tool} on {kind} (seed {plan.seed})", flush=True)
        results["databases"][kind] = asyncio.run(one(kind, postgres_url, plan))
    return results


def write_and_judge(
    results: dict[str, Any], output: Path, stem: str, table: str, problems: list[str]
) -> int:
    """Write `<stem>.json` and `<stem>.md`, print the table and the problems; the exit
    status (1 when there are problems)."""
    output.mkdir(parents=True, exist_ok=True)
    (output / f"{stem}.json").write_text(json.dumps(results, indent=2) + "\n")
    (output / f"{stem}.md").write_text(table)
    print(table)
    for problem in problems:
        print(f"FAILED {problem}")
    return 1 if problems else 0
