"""The benchmark's report pairs the servers' figures round by round (bench/report.py): each
round measured them back to back, so a drift of the machine between rounds cancels out."""

from __future__ import annotations

from typing import Any

import pytest

from bench.report import FIGURES, markdown, paired


def _figure(rounds: list[float]) -> dict[str, Any]:
    ordered = sorted(rounds)
    return {
        "median": ordered[len(ordered) // 2],
        "min": ordered[0],
        "max": ordered[-1],
        "rounds": rounds,
    }


def test_paired_ratios_follow_the_rounds_not_their_medians() -> None:
    # The machine slows down from round to round; in each round B is 2 % slower than A.
    a = _figure([50.0, 60.0, 70.0, 80.0, 90.0])
    b = _figure([51.0, 61.2, 71.4, 81.6, 91.8])
    assert paired(b, a) == pytest.approx(1.02)
    # One quiet moment in B's last round moves B's median, not the rounds' ratios.
    c = _figure([51.0, 61.2, 71.4, 81.6, 45.0])
    assert c["median"] / a["median"] == pytest.approx(61.2 / 70.0)
    assert paired(c, a) == pytest.approx(1.02)


def test_rounds_not_recorded_give_no_paired_ratio() -> None:
    old = {"median": 5.0, "min": 4.0, "max": 6.0}
    assert paired(old, _figure([5.0])) is None
    assert paired(_figure([5.0, 6.0]), _figure([5.0])) is None


def _server(scale: float) -> dict[str, Any]:
    figures: dict[str, Any] = {key: _figure([10.0 * scale, 12.0 * scale]) for key, _, _ in FIGURES}
    return {**figures, "peak_rss_mb": [90.0], "dashboard_samples_per_round": 250}


def _table(product: dict[str, Any], floor: dict[str, Any], two: dict[str, Any]) -> str:
    run = {
        "product": product,
        "floor": floor,
        "product_2_workers": two,
        "activation": {
            "campaign": "CP2",
            "targeted_customers": 1,
            "targeted_contacts": 2,
            "seconds": 0.5,
        },
        "activation_target_lines": 10,
        "product_gzip": {"dashboard_p50_ms": 5.0, "bytes": 2048, "identity_bytes": 8192},
        "statements_per_dashboard": 12,
        "seed_sizes": {},
        "seed_seconds": 1.0,
    }
    return markdown({"when": "now", "databases": {"sqlite": run}, "machine": {}, "plan": {}})


def test_the_report_gives_the_paired_ratios_under_each_table() -> None:
    text = _table(_server(1.0), _server(2.0), _server(1.5))
    assert "small query, 16 connections 0.50x and 1.50x" in text
    assert "dashboards, 4 connections 0.50x and 1.50x" in text
    assert "over all rounds' samples together" not in text  # runs before session 13


def test_the_sequential_dashboard_is_shown_over_all_rounds_samples() -> None:
    product, floor = _server(1.0), _server(2.0)
    product["dashboard_p99_ms"]["all_rounds"] = 30.0
    floor["dashboard_p99_ms"]["all_rounds"] = 20.0
    text = _table(product, floor, _server(1.0))
    row = next(line for line in text.splitlines() if line.startswith("| dashboard p99"))
    # The pooled percentile, the rounds' range beside it, and the ratio of the pooled figures.
    assert row.startswith("| dashboard p99, sequential (ms) | 30 (10-12) | 20 (20-24) | 1.50x |")
    assert "over all rounds' samples together" in text
