"""The soak's arithmetic without a server (bench/soak): how an answer is classified, the
drivers' records merged into percentiles per kind, memory growth per worker, and what fails
a run. tests/e2e/test_soak.py runs the whole soak, in the PostgreSQL run only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bench.soak import mix, report
from bench.soak.client import outcome
from bench.soak.watch import Sample, memory


def _answer(body: bytes, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=body)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (_answer(b'{"data":{"campaign":{"no":"CP1"}}}'), "ok"),
        (_answer(b'{"data":{"segmentLog":{"errors":[]}}}'), "ok"),
        (_answer(b"{}", 503), "http 503"),
        (
            _answer(b'{"data":null,"errors":[{"extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}'),
            "graphql INTERNAL_SERVER_ERROR",
        ),
        (
            _answer(b'{"data":{"salesLineAdd":{"errors":[{"code":"ITEM_BLOCKED"}]}}}'),
            "payload ITEM_BLOCKED",
        ),
    ],
)
def test_an_answer_is_classified_by_its_first_error(response: httpx.Response, expected: str):
    assert outcome(response) == expected


def _driven(latencies: list[float], outcomes: dict[str, int], **more: Any) -> dict[str, Any]:
    return {
        "latencies_ms": {"dashboard": latencies},
        "outcomes": {"dashboard": outcomes},
        "warmup_requests": {"dashboard": 1},
        "per_second": {"0": 2, "1": 3},
        "seconds": 10.0,
        "cpu_seconds": 1.5,
        **more,
    }


def test_the_drivers_records_merge_into_percentiles_and_error_counts():
    merged = report.merge(
        [
            _driven([float(n) for n in range(1, 51)], {"ok": 50}, rounds=2),
            _driven(
                [float(n) for n in range(51, 101)],
                {"ok": 48, "http 502": 1, "payload TRANSIENT_CONFLICT": 1},
                rounds=3,
            ),
        ]
    )

    dashboard = merged["kinds"]["dashboard"]
    assert (dashboard["requests"], dashboard["measured"]) == (100, 100)
    assert (dashboard["p50_ms"], dashboard["p99_ms"], dashboard["max_ms"]) == (50, 99, 100)
    assert dashboard["errors"] == merged["errors"] == merged["http_5xx"] == 1
    assert merged["rounds"] == 5
    assert merged["cpu_seconds"] == 3.0
    assert merged["per_second"] == {"0": 4, "1": 6}
    assert merged["warmup_requests"] == 2
    assert report.throughput(merged, warmup=5.0) == 20.0


def _sample(at: float, *rss: float) -> Sample:
    return Sample(at, list(rss), [100 + n for n in range(len(rss))])


def test_memory_growth_compares_medians_after_the_warm_up_with_the_end_of_the_load():
    samples = [
        _sample(0, 50, 50),  # warm-up: not compared
        _sample(10, 100, 80),
        _sample(20, 140, 80),  # one look in the middle of an answer: the median ignores it
        _sample(30, 100, 80),
        _sample(40, 104, 90),
        _sample(50, 104, 90),
        _sample(60, 300, 300),  # after the load: not compared
    ]

    workers = memory(samples, 10, 50, samples[-1], [150.0, 95.0])

    assert [(w["warm_mb"], w["end_mb"], w["growth_percent"]) for w in workers] == [
        (100, 104, 4.0),
        (80, 90, 12.5),
    ]
    assert workers[0]["after_load_mb"] == 300
    assert workers[1]["peak_mb"] == 95.0


def test_a_run_fails_on_5xx_errors_memory_growth_or_a_broken_invariant():
    figures: dict[str, Any] = {
        **report.merge([_driven([1.0], {"ok": 1})]),
        "server": {"http_5xx": 0},
        "driver_exit_codes": [0],
        "workers_replaced": False,
        "memory": [{"worker": 1, "warm_mb": 100, "end_mb": 105, "growth_percent": 5.0}],
        "invariants": {
            "lost_writes": 0,
            "double_applied": 0,
            "invariant_violations": 0,
            "examples": {},
        },
    }
    assert report.failures(figures, 10.0) == []
    assert report.failures(figures, 4.0) == ["worker 1: RSS 100 -> 105 MB (+5.0%, at most 4.0%)"]
    assert report.failures({**figures, "server": {"http_5xx": 1}}, 10.0)[0].startswith(
        "5xx answers: 0 seen by the clients, 1 counted by the server"
    )
    broken = {**figures["invariants"], "invariant_violations": 1}
    assert report.failures({**figures, "invariants": broken}, 10.0)


def test_weights_are_given_over_the_defaults_and_unknown_actions_refused():
    assert mix.parse_weights("dashboard=10, writes=0") == {
        **mix.WEIGHTS,
        "dashboard": 10,
        "writes": 0,
    }
    with pytest.raises(ValueError, match="unknown action"):
        mix.parse_weights("dashbord=1")
