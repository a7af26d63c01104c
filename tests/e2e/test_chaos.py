"""`make chaos` inside the suite, short (issue 20): a real server SIGKILLed a few times under
four clients' writes on the database under test; nothing acknowledged may be lost or applied
twice, and the invariants must hold afterwards. bench/chaos/run.py says how."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.chaos import report, run
from tests.conftest import BACKEND, POSTGRES_URL

pytestmark = pytest.mark.e2e


def test_nothing_acknowledged_is_lost_or_applied_twice_across_kills(tmp_path: Path):
    args = ["--short", "--databases", BACKEND, "--output", str(tmp_path), "--seed", "20"]
    if BACKEND == "postgres":
        args += ["--postgres-url", POSTGRES_URL]

    status = run.main(args)

    figures = json.loads((tmp_path / "chaos-short.json").read_text())["databases"][BACKEND]
    assert status == 0, report.failures({"databases": {BACKEND: figures}})
    assert figures["kills"] >= 3
    assert figures["restarts"] == figures["kills"]
    assert figures["retries"] > 0
    assert figures["acknowledged_after_retry"] > 0
    assert figures["acknowledged_by_operation"].keys() >= set(run.IDENTITY)
    assert figures["checked"]["writes present exactly once"] >= figures["acknowledged_keyed"]
    assert figures["checked"]["target groups"] > 8
    assert figures["checked"]["campaign statistics"] > 8
    for name in report.MUST_BE_ZERO:
        assert figures[name] == 0, name
