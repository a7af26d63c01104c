"""Pricing on sales lines (DOMAIN P1-P6): which agreements apply and which of them win.

`evaluate` is pure: given one line, the buyer and the agreements that could apply, it says for
every agreement whether it qualifies (and if not, why not) and picks the best price and the
best line discount. `buyer_for` (P1) and `load_candidates` fetch what `evaluate` needs, for
any number of lines, in a fixed number of statements. Sales lines and the price explanation
(P8) both go through `evaluate`, so they can never disagree.

Choices the rules leave open: ties between equally cheap prices (or equally high discounts)
go to the agreement created first (lowest id), so campaigns get no priority either way; a
price per base unit (blank unit) is multiplied by the unit's quantity per unit and rounded half
up to 5 decimals, the precision of unit prices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from tortoise.expressions import Q

from server.models import (
    CampaignTarget,
    Contact,
    ContactType,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    PriceLine,
    PriceSourceType,
    TargetType,
)
from server.services.core.rounding import round_half_up
from server.services.core.storage import column

HUNDRED = Decimal(100)
UNIT_PRICE_STEP = Decimal("0.00001")
AMOUNT_STEP = Decimal("0.01")
CAMPAIGN = "CAMPAIGN"


class Rejection(StrEnum):
    """Why an agreement does not apply to a line."""

    WRONG_DATE = "WRONG_DATE"
    WRONG_UNIT = "WRONG_UNIT"
    BELOW_MINIMUM_QUANTITY = "BELOW_MINIMUM_QUANTITY"
    CAMPAIGN_NOT_ACTIVATED = "CAMPAIGN_NOT_ACTIVATED"
    CAMPAIGN_NOT_ELIGIBLE = "CAMPAIGN_NOT_ELIGIBLE"


@dataclass(frozen=True)
class Buyer:
    """Whom a line is priced for (P1, P2, P5)."""

    customer_no: str | None = None
    price_group_code: str | None = None
    discount_group_code: str | None = None
    #: P1: the campaigns whose prices and discounts reach this buyer.
    eligible_campaign_ids: frozenset[int] = frozenset()
    #: Campaigns with a target group at all (to tell "not activated" from "not eligible").
    activated_campaign_ids: frozenset[int] = frozenset()
    #: Whether eligibility came from CONTACT rows (a prospect or unlinked company).
    eligible_by_contact: bool = False


@dataclass(frozen=True)
class LineInput:
    """What is being priced: an item in a unit, a quantity, on a date."""

    item_id: int
    item_no: str
    item_unit_price: Decimal
    item_discount_group_id: int | None
    unit_of_measure: str
    quantity_per_unit: Decimal
    quantity: Decimal
    date: dt.date

    @property
    def base_quantity(self) -> Decimal:
        """The quantity in base units (P3)."""
        return self.quantity * self.quantity_per_unit


@dataclass(frozen=True)
class Candidate:
    """A price line or a discount line as the engine sees it."""

    id: int
    source_type: str
    source_code: str | None
    campaign_id: int | None
    unit_of_measure: str | None
    minimum_quantity: Decimal
    starting_date: dt.date | None
    ending_date: dt.date | None
    #: The unit price (price lines) or the percentage (discount lines).
    value: Decimal
    allow_line_discount: bool = True
    item_id: int | None = None
    #: Discount lines: ITEM or ITEM_DISCOUNT_GROUP.
    discount_type: DiscountType | None = None
    item_discount_group_id: int | None = None


@dataclass(frozen=True)
class Verdict:
    """One candidate judged against one line."""

    candidate: Candidate
    qualified: bool
    rejection: Rejection | None
    message: str
    #: Price lines: the price per line unit (P3); discount lines: the percentage.
    value: Decimal
    winner: bool = False


@dataclass(frozen=True)
class Pricing:
    """The outcome for one line (P4-P6) and every verdict that led to it."""

    unit_price: Decimal
    line_discount_percent: Decimal
    line_amount: Decimal
    #: The winning price line; None: the item's own unit price.
    price: Verdict | None
    #: The discount line applied; None: no discount.
    discount: Verdict | None
    #: False when the winning price does not allow line discounts.
    discount_allowed: bool
    prices: list[Verdict] = field(default_factory=list)
    discounts: list[Verdict] = field(default_factory=list)


def per_unit(price: Decimal, quantity_per_unit: Decimal) -> Decimal:
    """A base-unit price for one line unit, rounded half up to 5 decimals (P3)."""
    exact = Fraction(price) * Fraction(quantity_per_unit)
    return round_half_up(exact, UNIT_PRICE_STEP).quantize(UNIT_PRICE_STEP)


def line_amount(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    """P6: quantity x unit price x (1 - discount / 100), rounded half up to 0.01, exactly."""
    exact = Fraction(quantity) * Fraction(unit_price) * (1 - Fraction(discount_percent) / 100)
    return round_half_up(exact, AMOUNT_STEP).quantize(AMOUNT_STEP)


def _applies(candidate: Candidate, line: LineInput, buyer: Buyer) -> bool:
    """Whether the agreement is for this item and (unless a campaign) for this buyer at all;
    agreements for other items or other customers are not candidates (P2, P5)."""
    if candidate.discount_type is DiscountType.ITEM_DISCOUNT_GROUP:
        if candidate.item_discount_group_id != line.item_discount_group_id or (
            line.item_discount_group_id is None
        ):
            return False
    elif candidate.item_id != line.item_id:
        return False
    source = candidate.source_type
    if source == "ALL_CUSTOMERS" or source == CAMPAIGN:
        return True
    if source == "CUSTOMER":
        return buyer.customer_no is not None and candidate.source_code == buyer.customer_no
    if source == "CUSTOMER_PRICE_GROUP":
        return buyer.price_group_code is not None and candidate.source_code == (
            buyer.price_group_code
        )
    return buyer.discount_group_code is not None and candidate.source_code == (
        buyer.discount_group_code
    )


def _rejection(candidate: Candidate, line: LineInput, buyer: Buyer) -> tuple[Rejection | None, str]:
    """The first rule a candidate fails (P1, P2, P3), or None."""
    if candidate.source_type == CAMPAIGN and candidate.campaign_id not in (
        buyer.eligible_campaign_ids
    ):
        code = candidate.source_code
        if candidate.campaign_id not in buyer.activated_campaign_ids:
            return Rejection.CAMPAIGN_NOT_ACTIVATED, f"Campaign {code} is not activated."
        return (
            Rejection.CAMPAIGN_NOT_ELIGIBLE,
            f"Campaign {code} does not target this customer or contact (P1).",
        )
    if candidate.starting_date is not None and candidate.starting_date > line.date:
        return Rejection.WRONG_DATE, f"Starts on {candidate.starting_date}, after {line.date}."
    if candidate.ending_date is not None and candidate.ending_date < line.date:
        return Rejection.WRONG_DATE, f"Ended on {candidate.ending_date}, before {line.date}."
    unit = candidate.unit_of_measure
    if unit is not None and unit != line.unit_of_measure:
        return Rejection.WRONG_UNIT, f"For unit {unit}, not {line.unit_of_measure}."
    compared = line.quantity if unit is not None else line.base_quantity
    if compared < candidate.minimum_quantity:
        what = "quantity" if unit is not None else "quantity in base units"
        return (
            Rejection.BELOW_MINIMUM_QUANTITY,
            f"Needs at least {candidate.minimum_quantity.normalize():f}; the line's {what} is "
            f"{compared.normalize():f}.",
        )
    return None, "Qualifies."


def _judge(candidates: Iterable[Candidate], line: LineInput, buyer: Buyer) -> list[Verdict]:
    verdicts = []
    for candidate in sorted(candidates, key=lambda c: c.id):
        if not _applies(candidate, line, buyer):
            continue
        rejection, message = _rejection(candidate, line, buyer)
        value = candidate.value
        if candidate.discount_type is None and candidate.unit_of_measure is None:
            value = per_unit(value, line.quantity_per_unit)
        verdicts.append(Verdict(candidate, rejection is None, rejection, message, value))
    return verdicts


def _crown(verdicts: list[Verdict], winner: Verdict | None) -> list[Verdict]:
    return [
        Verdict(v.candidate, v.qualified, v.rejection, v.message, v.value, winner=v is winner)
        for v in verdicts
    ]


def evaluate(
    line: LineInput,
    buyer: Buyer,
    prices: Iterable[Candidate],
    discounts: Iterable[Candidate],
) -> Pricing:
    """P2-P6 for one line: the best discount (highest qualifying percentage), the best price
    (lowest effective price; none: the item's unit price), and the line amount."""
    price_verdicts = _judge(prices, line, buyer)
    discount_verdicts = _judge(discounts, line, buyer)
    best_discount: Verdict | None = None
    for verdict in discount_verdicts:
        if verdict.qualified and (best_discount is None or verdict.value > best_discount.value):
            best_discount = verdict
    percent = best_discount.value if best_discount is not None else Decimal(0)

    def effective(verdict: Verdict) -> Fraction:
        factor = 1 - Fraction(percent) / 100 if verdict.candidate.allow_line_discount else 1
        return Fraction(verdict.value) * factor

    best_price: Verdict | None = None
    for verdict in price_verdicts:
        if verdict.qualified and (best_price is None or effective(verdict) < effective(best_price)):
            best_price = verdict
    allowed = best_price is None or best_price.candidate.allow_line_discount
    applied = best_discount if allowed else None
    if best_price is not None:
        unit_price = best_price.value
    else:
        unit_price = per_unit(line.item_unit_price, line.quantity_per_unit)
    discount = applied.value if applied is not None else Decimal(0)
    return Pricing(
        unit_price=unit_price.quantize(UNIT_PRICE_STEP),
        line_discount_percent=discount.quantize(AMOUNT_STEP),
        line_amount=line_amount(line.quantity, unit_price, discount),
        price=best_price,
        discount=applied,
        discount_allowed=allowed,
        prices=_crown(price_verdicts, best_price),
        discounts=_crown(discount_verdicts, applied),
    )


# --- loading ---------------------------------------------------------------------------------


def company_key(contact: Contact) -> int:
    """A1/P1: the membership key of a contact: its company, a person without one itself."""
    if contact.type is ContactType.PERSON and contact.company_id is not None:
        return contact.company_id
    return contact.id


async def buyer_for(customer: Customer | None, contact: Contact | None) -> Buyer:
    """P1: the campaigns with a CUSTOMER row for the bill-to customer; only if there are none,
    those with a CONTACT row for the contact's company. Plus the groups of the customer."""
    price_group = discount_group = None
    eligible: set[int] = set()
    by_contact = False
    if customer is not None:
        if customer.price_group_id is not None:
            group = await CustomerPriceGroup.get(id=customer.price_group_id)
            price_group = group.code
        if customer.discount_group_id is not None:
            found = await CustomerDiscountGroup.get(id=customer.discount_group_id)
            discount_group = found.code
        rows = CampaignTarget.filter(type=TargetType.CUSTOMER, customer_id=customer.id)
        eligible = {int(i) for i in await column(rows, "campaign_id")}
    if not eligible and contact is not None:
        rows = CampaignTarget.filter(type=TargetType.CONTACT, contact_id=company_key(contact))
        eligible = {int(i) for i in await column(rows, "campaign_id")}
        by_contact = bool(eligible)
    return Buyer(
        customer_no=customer.no if customer is not None else None,
        price_group_code=price_group,
        discount_group_code=discount_group,
        eligible_campaign_ids=frozenset(eligible),
        eligible_by_contact=by_contact,
    )


def _source_filter(buyer: Buyer, group_kind: str, group_code: str | None) -> Q:
    """Agreements for all customers, this customer, its group, and every campaign (campaigns
    that do not reach the buyer are loaded too, so an explanation can say why not)."""
    terms = Q(source_type="ALL_CUSTOMERS") | Q(source_type=CAMPAIGN)
    if buyer.customer_no is not None:
        terms |= Q(source_type="CUSTOMER", source_code=buyer.customer_no)
    if group_code is not None:
        terms |= Q(source_type=group_kind, source_code=group_code)
    return terms


async def load_candidates(
    buyer: Buyer, item_ids: Sequence[int], item_group_ids: Sequence[int]
) -> tuple[Buyer, list[Candidate], list[Candidate]]:
    """The price and discount lines that could apply to these items for this buyer, in three
    statements whatever the number of lines; the buyer comes back knowing which of their
    campaigns are activated."""
    price_rows = await PriceLine.filter(
        _source_filter(buyer, PriceSourceType.CUSTOMER_PRICE_GROUP.value, buyer.price_group_code),
        item_id__in=list(item_ids),
    )
    item_terms = Q(type=DiscountType.ITEM, item_id__in=list(item_ids))
    if item_group_ids:
        item_terms |= Q(
            type=DiscountType.ITEM_DISCOUNT_GROUP, item_discount_group_id__in=list(item_group_ids)
        )
    discount_rows = await DiscountLine.filter(
        item_terms,
        _source_filter(
            buyer, DiscountSourceType.CUSTOMER_DISCOUNT_GROUP.value, buyer.discount_group_code
        ),
    )
    prices = [
        Candidate(
            id=row.id,
            source_type=row.source_type.value,
            source_code=row.source_code,
            campaign_id=row.campaign_id,
            unit_of_measure=row.unit_of_measure,
            minimum_quantity=row.minimum_quantity,
            starting_date=row.starting_date,
            ending_date=row.ending_date,
            value=row.unit_price,
            allow_line_discount=row.allow_line_discount,
            item_id=row.item_id,
        )
        for row in price_rows
    ]
    discounts = [
        Candidate(
            id=row.id,
            source_type=row.source_type.value,
            source_code=row.source_code,
            campaign_id=row.campaign_id,
            unit_of_measure=row.unit_of_measure,
            minimum_quantity=row.minimum_quantity,
            starting_date=row.starting_date,
            ending_date=row.ending_date,
            value=row.line_discount_percent,
            item_id=row.item_id,
            discount_type=row.type,
            item_discount_group_id=row.item_discount_group_id,
        )
        for row in discount_rows
    ]
    campaigns = {c.campaign_id for c in prices + discounts if c.campaign_id is not None}
    activated: frozenset[int] = frozenset()
    if campaigns:
        rows = CampaignTarget.filter(campaign_id__in=sorted(campaigns))
        activated = frozenset(int(i) for i in await column(rows, "campaign_id"))
    known = replace(buyer, activated_campaign_ids=activated | buyer.eligible_campaign_ids)
    return known, prices, discounts
