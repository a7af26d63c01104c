"""The pricing engine without a database (DOMAIN P2-P6): tables of rules and properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.models.pricing import DiscountType
from server.services.pricing.selection import (
    Buyer,
    Candidate,
    LineInput,
    Rejection,
    Verdict,
    evaluate,
    line_amount,
    per_unit,
)

D = Decimal
DAY = date(2026, 4, 15)
ITEM, GROUP, CAMPAIGN = 1, 7, 50
BUYER = Buyer(
    customer_no="ACME",
    price_group_code="RETAIL",
    discount_group_code="LOYAL",
    eligible_campaign_ids=frozenset({CAMPAIGN}),
    activated_campaign_ids=frozenset({CAMPAIGN, 51}),
)


def line(quantity: str = "1", unit: str = "PCS", per: str = "1", price: str = "10") -> LineInput:
    return LineInput(
        item_id=ITEM,
        item_no="CHAIR",
        item_unit_price=D(price),
        item_discount_group_id=GROUP,
        unit_of_measure=unit,
        quantity_per_unit=D(per),
        quantity=D(quantity),
        date=DAY,
    )


_ids = iter(range(1, 10**6))


def price(value: str, source: str = "ALL_CUSTOMERS", **extra: object) -> Candidate:
    values: dict[str, object] = {
        "id": next(_ids),
        "source_type": source,
        "source_code": None,
        "campaign_id": None,
        "unit_of_measure": None,
        "minimum_quantity": D(0),
        "starting_date": None,
        "ending_date": None,
        "value": D(value),
        "item_id": ITEM,
    }
    values.update(extra)
    return Candidate(**values)  # type: ignore[arg-type]


def discount(value: str, source: str = "ALL_CUSTOMERS", **extra: object) -> Candidate:
    extra.setdefault("discount_type", DiscountType.ITEM)
    return price(value, source, **extra)


def campaign_price(value: str, campaign: int = CAMPAIGN, **extra: object) -> Candidate:
    return price(value, "CAMPAIGN", source_code=f"CP{campaign}", campaign_id=campaign, **extra)


def won(verdict: Verdict | None) -> Candidate | None:
    return verdict.candidate if verdict is not None else None


def test_no_candidate_gives_the_items_price_per_line_unit_and_no_discount():
    result = evaluate(line("2", "BOX", "12"), BUYER, [], [])

    assert (result.unit_price, result.line_discount_percent, result.line_amount) == (
        D("120.00000"),
        D("0.00"),
        D("240.00"),
    )
    assert (result.price, result.discount, result.discount_allowed) == (None, None, True)


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        (price("1", starting_date=date(2026, 4, 16)), Rejection.WRONG_DATE),
        (price("1", ending_date=date(2026, 4, 14)), Rejection.WRONG_DATE),
        (price("1", unit_of_measure="BOX"), Rejection.WRONG_UNIT),
        (price("1", minimum_quantity=D(3)), Rejection.BELOW_MINIMUM_QUANTITY),
        (
            price("1", unit_of_measure="PCS", minimum_quantity=D(3)),
            Rejection.BELOW_MINIMUM_QUANTITY,
        ),
        (campaign_price("1", 51), Rejection.CAMPAIGN_NOT_ELIGIBLE),
        (campaign_price("1", 52), Rejection.CAMPAIGN_NOT_ACTIVATED),
    ],
)
def test_each_failed_test_is_named_and_the_item_price_stays(
    candidate: Candidate, reason: Rejection
):
    result = evaluate(line("2"), BUYER, [candidate], [])

    [verdict] = result.prices
    assert (verdict.qualified, verdict.rejection, verdict.winner) == (False, reason, False)
    assert verdict.message
    assert result.unit_price == D("10.00000")


@pytest.mark.parametrize(
    "candidate",
    [
        price("1", starting_date=DAY, ending_date=DAY),
        price("1", unit_of_measure="PCS", minimum_quantity=D(2)),
        campaign_price("1"),
        price("1", "CUSTOMER", source_code="ACME"),
        price("1", "CUSTOMER_PRICE_GROUP", source_code="RETAIL"),
    ],
)
def test_qualifying_agreements_win_over_the_item_price(candidate: Candidate):
    result = evaluate(line("2"), BUYER, [candidate], [])

    assert won(result.price) is candidate
    assert result.unit_price == D("1.00000")


@pytest.mark.parametrize(
    "candidate",
    [
        price("1", "CUSTOMER", source_code="OTHER"),
        price("1", "CUSTOMER_PRICE_GROUP", source_code="WHOLESALE"),
        price("1", item_id=2),
        discount("5", "CUSTOMER_DISCOUNT_GROUP", source_code="OTHER"),
        discount("5", discount_type=DiscountType.ITEM_DISCOUNT_GROUP, item_discount_group_id=8),
    ],
)
def test_agreements_for_someone_or_something_else_are_not_candidates(candidate: Candidate):
    result = evaluate(line(), BUYER, [candidate], [candidate])

    assert (result.prices, result.discounts) == ([], [])


def test_a_blank_unit_price_is_per_base_unit_and_its_minimum_counts_base_units():
    box = line("2", "BOX", "12")  # 24 base units
    per_base = price("0.5", minimum_quantity=D(24))
    too_many = price("0.1", minimum_quantity=D(25))
    per_box = price("7", unit_of_measure="BOX", minimum_quantity=D(2))

    result = evaluate(box, BUYER, [per_base, too_many, per_box], [])

    assert [(v.qualified, v.value) for v in result.prices] == [
        (True, D("6.00000")),
        (False, D("1.20000")),
        (True, D("7")),
    ]
    assert won(result.price) is per_base
    assert result.line_amount == D("12.00")


def test_the_cheapest_effective_price_wins_and_campaigns_get_no_priority():
    campaign = campaign_price("9")
    cheaper = price("8.5")
    result = evaluate(line(), BUYER, [campaign, cheaper], [])
    assert won(result.price) is cheaper
    assert [v.winner for v in result.prices] == [False, True]


def test_effective_price_counts_the_discount_only_where_allowed():
    # 10 with 20 % -> 8 effective, beats a net 8.50 that allows no discount.
    discounted = price("10")
    net = price("8.5", allow_line_discount=False)
    best = discount("20")

    result = evaluate(line(), BUYER, [net, discounted], [best])

    assert won(result.price) is discounted
    assert (result.line_discount_percent, result.line_amount) == (D("20.00"), D("8.00"))


def test_a_winner_that_disallows_discounts_gets_none():
    net = price("7", allow_line_discount=False)
    result = evaluate(line(), BUYER, [net, price("10")], [discount("20")])

    assert won(result.price) is net
    assert (result.discount, result.discount_allowed) == (None, False)
    assert (result.line_discount_percent, result.line_amount) == (D("0.00"), D("7.00"))
    assert [v.winner for v in result.discounts] == [False]


def test_the_highest_discount_wins_across_items_groups_and_sources():
    candidates = [
        discount("5"),
        discount("7", "CUSTOMER", source_code="ACME"),
        discount("9", "CUSTOMER_DISCOUNT_GROUP", source_code="LOYAL"),
        discount(
            "12", discount_type=DiscountType.ITEM_DISCOUNT_GROUP, item_discount_group_id=GROUP
        ),
        discount("15", "CAMPAIGN", source_code="CP50", campaign_id=CAMPAIGN),
        discount("30", "CAMPAIGN", source_code="CP51", campaign_id=51),
        discount("40", minimum_quantity=D(5)),
    ]
    result = evaluate(line(), BUYER, [], candidates)

    assert won(result.discount) is candidates[4]
    assert result.line_discount_percent == D("15.00")
    assert [v.qualified for v in result.discounts] == [True] * 5 + [False, False]


def test_ties_go_to_the_oldest_agreement():
    first, second = price("5"), campaign_price("5")
    assert won(evaluate(line(), BUYER, [second, first], []).price) is first
    one, two = discount("5"), discount("5", "CUSTOMER", source_code="ACME")
    assert won(evaluate(line(), BUYER, [], [two, one]).discount) is one


@pytest.mark.parametrize(
    ("quantity", "unit_price", "percent", "amount"),
    [
        ("3", "0.10", "0", "0.30"),
        ("0.1", "0.2", "0", "0.02"),
        ("1", "100", "33.33", "66.67"),
        ("3", "33.33333", "0", "100.00"),
        ("1", "0.005", "0", "0.01"),  # half up, not half even
        ("1", "0.025", "0", "0.03"),
        ("1", "10", "12.5", "8.75"),
        ("7", "0.14285", "0", "1.00"),
        ("999999.99999", "99999.99999", "99.99", "10000000.00"),
    ],
)
def test_line_amounts_are_exact_and_round_half_up(
    quantity: str, unit_price: str, percent: str, amount: str
):
    assert str(line_amount(D(quantity), D(unit_price), D(percent))) == amount


def test_a_price_per_base_unit_rounds_half_up_to_five_decimals():
    assert str(per_unit(D("0.33333"), D("1.5"))) == "0.50000"
    assert str(per_unit(D("0.00001"), D("0.5"))) == "0.00001"
    assert str(per_unit(D("0.1"), D("3"))) == "0.30000"


decimals = st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False)
percents = st.decimals(min_value=Decimal("0.01"), max_value=100, places=2)
quantities = st.decimals(min_value=Decimal("0.00001"), max_value=1000, places=5)


@settings(max_examples=200, deadline=None)
@given(
    prices=st.lists(
        st.tuples(decimals, st.booleans(), st.sampled_from([None, "PCS", "BOX"])), max_size=6
    ),
    percents_=st.lists(percents, max_size=4),
    quantity=quantities,
    per=st.sampled_from(["1", "12", "0.5"]),
)
def test_properties_of_the_winner(
    prices: list[tuple[Decimal, bool, str | None]],
    percents_: list[Decimal],
    quantity: Decimal,
    per: str,
):
    the_line = line(str(quantity), "BOX" if per != "1" else "PCS", per)
    candidates = [
        price(str(p), allow_line_discount=allow, unit_of_measure=unit) for p, allow, unit in prices
    ]
    discounts = [discount(str(p)) for p in percents_]

    result = evaluate(the_line, BUYER, candidates, discounts)

    best = max(percents_, default=D(0))
    qualified = [v for v in result.prices if v.qualified]
    assert all(
        v.qualified == (v.candidate.unit_of_measure in (None, the_line.unit_of_measure))
        for v in result.prices
    )
    if qualified:
        assert result.price is not None

        def effective(v: object) -> Fraction:
            allow = v.candidate.allow_line_discount  # type: ignore[attr-defined]
            return Fraction(v.value) * (1 - Fraction(best) / 100 if allow else 1)  # type: ignore[attr-defined]

        assert effective(result.price) == min(effective(v) for v in qualified)
    else:
        assert result.unit_price == per_unit(D(10), D(per))
    expected_discount = best if result.discount_allowed else D(0)
    assert result.line_discount_percent == expected_discount
    exact = (
        Fraction(quantity) * Fraction(result.unit_price) * (1 - Fraction(expected_discount) / 100)
    )
    assert abs(Fraction(result.line_amount) - exact) <= Fraction(1, 200)
    assert result.line_amount == result.line_amount.quantize(D("0.01"))
    assert sum(v.winner for v in result.prices) == (1 if qualified else 0)


def test_replace_keeps_candidates_immutable():
    candidate = price("1")
    assert replace(candidate, value=D(2)).value == D(2)
    assert candidate.value == D(1)
