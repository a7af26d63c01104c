"""`make soak` inside the suite, short (issue 20, point 4): 20 s of the mixed load on a real
`serve --workers 2` over PostgreSQL; no 5xx and no other error, each worker's memory in bounds,
every acknowledged write in the database once and the invariants holding afterwards.
bench/soak/run.py says how. It runs in the PostgreSQL run of the suite only (the soak is
PostgreSQL's); the SQLite run skips it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.chaos.client import SELECTIONS
from bench.soak import mix, report, run
from tests.conftest import BACKEND, POSTGRES_URL

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        BACKEND != "postgres" or not POSTGRES_URL,
        reason="the soak runs on PostgreSQL: in the suite's PostgreSQL run (TEST_POSTGRES_URL)",
    ),
]


def test_a_short_soak_has_no_errors_keeps_memory_and_the_invariants(tmp_path: Path):
    args = ["--short", "--database-url", POSTGRES_URL, "--output", str(tmp_path), "--seed", "20"]

    status = run.main(args)

    results = json.loads((tmp_path / "soak-short.json").read_text())
    figures = results["figures"]
    assert status == 0, report.failures(figures, results["plan"]["max_memory_growth"])
    assert figures["http_5xx"] == figures["server"]["http_5xx"] == 0
    assert figures["errors"] == 0
    assert figures["kinds"].keys() == {*mix.WEIGHTS.keys() - {"writes"}, *SELECTIONS}
    assert all(kind["measured"] > 0 for kind in figures["kinds"].values())
    assert [w["worker"] for w in figures["memory"]] == [1, 2]
    invariants = figures["invariants"]
    assert invariants["lost_writes"] == invariants["double_applied"] == 0
    assert invariants["invariant_violations"] == 0
    assert invariants["checked"]["writes present exactly once"] > 0
    assert invariants["checked"]["target groups"] > 1
    assert figures["database"]["sales_lines_priced_by_campaign"] > 0
    text = (tmp_path / "soak-short.md").read_text()
    assert "**PASSED**" in text
    assert "| dashboard |" in text
