"""`make bench-smoke` inside the suite: the benchmark runs end to end on the backend under test,
so it never rots (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

from bench import run
from tests.conftest import BACKEND, POSTGRES_URL


def test_the_benchmark_runs_with_tiny_sizes(tmp_path: Path):
    args = ["--smoke", "--databases", BACKEND, "--output", str(tmp_path)]
    if BACKEND == "postgres":
        args += ["--postgres-url", POSTGRES_URL]

    assert run.main(args) == 0

    results = json.loads((tmp_path / "smoke.json").read_text())
    figures = results["databases"][BACKEND]
    assert figures["statements_per_dashboard"] <= 12
    assert figures["product"]["dashboard_p50_ms"]["median"] > 0
    assert figures["floor"]["small_query_rps"]["median"] > 0
    assert figures["activation"]["targeted_customers"] > 0
    assert "| dashboard p50 (ms) |" in (tmp_path / "smoke.md").read_text()
