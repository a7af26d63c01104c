"""`make bench-smoke` inside the suite: the benchmark runs end to end on the backend under test,
so it never rots (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import run, wrk
from tests.conftest import BACKEND, POSTGRES_URL


@pytest.mark.skipif(not wrk.available(), reason="the benchmark needs wrk (`make wrk` installs it)")
def test_the_benchmark_runs_with_tiny_sizes(tmp_path: Path):
    args = ["--smoke", "--databases", BACKEND, "--output", str(tmp_path)]
    if BACKEND == "postgres":
        args += ["--postgres-url", POSTGRES_URL]

    assert run.main(args) == 0

    results = json.loads((tmp_path / "smoke.json").read_text())
    figures = results["databases"][BACKEND]
    assert figures["statements_per_dashboard"] <= 12
    assert figures["product"]["dashboard_p50_ms"]["median"] > 0
    assert figures["product_2_workers"]["dashboards_per_s"]["median"] > 0
    assert len(figures["product_2_workers"]["peak_rss_mb"]) == 2
    assert figures["floor"]["small_query_rps"]["median"] > 0
    assert len(figures["floor"]["small_query_rps"]["rounds"]) == 1  # kept for pairing
    assert figures["activation"]["targeted_customers"] > 0
    table = (tmp_path / "smoke.md").read_text()
    assert "| dashboard p50, sequential (ms) |" in table
    assert "paired round by round" in table
    assert "over all rounds' samples together" in table
    assert figures["floor"]["dashboard_p99_ms"]["all_rounds"] > 0
