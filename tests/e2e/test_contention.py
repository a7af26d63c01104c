"""`make contention` inside the suite, short (issue 20, point 0): four clients writing to one
campaign at once on the database under test; no write may fail (no deadlock surfacing as an
internal error, no refusal), and the invariants must hold afterwards. bench/contention.py
says how."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import contention
from tests.conftest import BACKEND, POSTGRES_URL

pytestmark = pytest.mark.e2e


def test_writers_of_one_campaign_all_succeed_and_keep_the_invariants(tmp_path: Path):
    args = ["--short", "--databases", BACKEND, "--output", str(tmp_path), "--seed", "20"]
    if BACKEND == "postgres":
        args += ["--postgres-url", POSTGRES_URL]

    status = contention.main(args)

    results = json.loads((tmp_path / "contention-short.json").read_text())
    figures = results["databases"][BACKEND]
    assert status == 0, contention.failures(results)
    for name in contention.MUST_BE_ZERO:
        assert figures[name] == 0, name
    assert all(figures["steps"][step]["steps"] > 0 for step, _ in contention.MIX)
    assert figures["requests"] > 40
    assert figures["checked"]["target groups"] > 0
    assert figures["checked"]["campaign statistics"] > 0
    assert "Writers that collide" in (tmp_path / "contention-short.md").read_text()
