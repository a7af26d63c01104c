"""The cost rate limiter: a refilling budget per caller."""

from __future__ import annotations

from server.schema.ratelimit import CostRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_caller_spends_its_budget_then_waits_for_the_refill() -> None:
    clock = Clock()
    limiter = CostRateLimiter(per_minute=600, clock=clock)  # 10 points a second

    assert limiter.charge("token:1", 500) == 0
    assert limiter.charge("token:1", 100) == 0
    assert limiter.charge("token:1", 50) == 5  # empty: 50 points take 5 s
    clock.now += 5
    assert limiter.charge("token:1", 50) == 0


def test_callers_have_separate_budgets() -> None:
    limiter = CostRateLimiter(per_minute=60, clock=Clock())

    assert limiter.charge("token:1", 60) == 0
    assert limiter.charge("token:1", 1) == 1
    assert limiter.charge("token:2", 60) == 0


def test_the_budget_never_grows_past_one_minute_of_refill() -> None:
    clock = Clock()
    limiter = CostRateLimiter(per_minute=60, clock=clock)
    clock.now += 3600

    assert limiter.charge("a", 60) == 0
    assert limiter.charge("a", 1) == 1


def test_a_refused_request_spends_nothing() -> None:
    clock = Clock()
    limiter = CostRateLimiter(per_minute=60, clock=clock)

    assert limiter.charge("a", 50) == 0
    assert limiter.charge("a", 30) == 20
    assert limiter.charge("a", 10) == 0


def test_billed_work_drains_the_budget_down_to_empty_never_below() -> None:
    clock = Clock()
    limiter = CostRateLimiter(per_minute=600, clock=clock)  # 10 points a second

    limiter.bill("a", 400)
    assert limiter.charge("a", 300) == 10  # 200 left: 100 more take 10 s
    limiter.bill("a", 10_000)  # more than is left: the bucket is empty, not in debt
    clock.now += 5
    assert limiter.charge("a", 50) == 0
    assert limiter.charge("b", 600) == 0  # nobody else pays
