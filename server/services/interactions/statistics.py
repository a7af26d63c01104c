"""Campaign statistics (DOMAIN T1-T7): computed in the database, one statement for any
number of campaigns, money summed exactly.

T5 (opportunity figures) counts the active entry of each opportunity of the campaign -- every
opportunity that has entered a stage has exactly one, also once won or lost (a won one is worth
its estimated value, a lost one nothing). The optional date range selects opportunities by
their creation date, the date O1 checks against the campaign's dates, so "from/to" reads as
"opportunities this campaign brought in during the period" (interactions go by their date)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tortoise import connections

from server.models import AMOUNT_PLACES
from server.services.core.context import Permission, ServiceContext
from server.services.core.decimal_sums import (
    from_units,
    irregular_count,
    plain,
    scaled_sum,
    stored_units,
    stored_value,
    sum_units,
)
from server.services.core.rounding import round_half_up
from server.services.core.sql import ID_RANGE, SQLITE, Statement

#: Decimal places of the summed amounts (cost, duration, budget, values, line amounts).
_COST = _DURATION = _BUDGET = _ESTIMATED = _CURRENT = _AMOUNT = AMOUNT_PLACES


_I_COST, _I_DURATION = 'i."cost"', 'i."duration"'
_MONEY = {_I_COST: _COST, _I_DURATION: _DURATION}
_E_ESTIMATED, _E_CURRENT = 'e."estimated_value"', 'e."calculated_current_value"'
_VALUES = {_E_ESTIMATED: _ESTIMATED, _E_CURRENT: _CURRENT}
_S_AMOUNT = 's."line_amount"'

_RATE = Decimal("0.1")
_AVERAGE = Decimal("0.01")
_ROI = Decimal("0.0001")


@dataclass(frozen=True)
class CampaignStatistics:
    """Figures of one campaign over its counted interactions (T1-T4)."""

    #: T2: counted interactions with campaign target (NAV counts entries, not people).
    target_contacts_contacted: int
    #: T2: counted interactions with campaign response.
    contacts_responded: int
    #: Distinct contacts among the counted interactions with campaign target.
    distinct_contacts_contacted: int
    #: Distinct contacts among the counted interactions with campaign response.
    distinct_contacts_responded: int
    #: T4: responded / contacted x 100, rounded half up to 0.1; 0 when none contacted.
    response_rate_percent: Decimal
    #: T3: sum of cost over all counted interactions.
    cost: Decimal
    #: T3: sum of duration over all counted interactions.
    duration: Decimal
    #: T4: cost / responded, rounded half up to 0.01; 0 when none responded.
    average_cost_per_response: Decimal
    #: T4: duration / responded, rounded half up to 0.01; 0 when none responded.
    average_duration_per_response: Decimal
    #: The campaign's budget, for budget vs actual.
    budgeted_cost: Decimal
    #: T5: opportunities of the campaign with an active entry (created within the range).
    opportunity_count: int = 0
    #: T5: sum of the estimated value of those active entries.
    estimated_value: Decimal = Decimal("0.00")
    #: T5: sum of the calculated current value of those active entries.
    calculated_current_value: Decimal = Decimal("0.00")
    #: T6: sum of the line amounts of sales lines whose price or discount came from the
    #: campaign (each line once), on documents dated within the range.
    revenue: Decimal = Decimal("0.00")
    #: T6: (revenue - cost) / cost rounded half up to 0.0001; None when the cost is 0.
    roi: Decimal | None = None


def _ratio(numerator: Decimal | int, denominator: int, quantum: Decimal) -> Decimal:
    """T4: numerator / denominator rounded half up to `quantum`; 0 when the denominator is 0."""
    if denominator == 0:
        return Decimal(0).quantize(quantum)
    return round_half_up(Fraction(numerator) / denominator, quantum)


def _counted(sql: Statement, date_from: date | None, date_to: date | None) -> str:
    """T1 and the inclusive date range, as conditions on interaction `i`."""
    terms = ['NOT i."canceled"', 'NOT i."postponed"']
    if date_from is not None:
        terms.append(f'i."date" >= {sql.param(date_from)}')
    if date_to is not None:
        terms.append(f'i."date" <= {sql.param(date_to)}')
    return " AND ".join(terms)


def _attributed(sql: Statement, date_from: date | None, date_to: date | None) -> str:
    """T6: the sales lines (`s`) of campaign `c`, on documents (`d`) dated within the range."""
    terms = ['(s."price_campaign_id" = c."id" OR s."discount_campaign_id" = c."id")']
    if date_from is not None:
        terms.append(f'd."document_date" >= {sql.param(date_from)}')
    if date_to is not None:
        terms.append(f'd."document_date" <= {sql.param(date_to)}')
    return (
        'FROM "sales_line" s JOIN "sales_document" d ON d."id" = s."document_id" '
        f"WHERE {' AND '.join(terms)}"
    )


async def campaign_statistics(
    ctx: ServiceContext,
    campaign_ids: Sequence[int],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
) -> dict[int, CampaignStatistics]:
    """T1-T5, T7: statistics per existing campaign over its counted interactions dated within
    the inclusive range (open ends allowed; a range ending before it starts counts nothing),
    and over the active entries of its opportunities created within that range."""
    ctx.require(Permission.READ)
    ids = sorted({i for i in campaign_ids if i in ID_RANGE})
    if not ids:
        return {}
    db = connections.get("default")
    dialect = db.capabilities.dialect
    sql = Statement(dialect)
    if dialect == SQLITE:
        # Integer twins kept by triggers (services/interactions/units); NULL = not plain.
        cost = 'COALESCE(SUM(i."cost_units"), 0)'
        duration = 'COALESCE(SUM(i."duration_units"), 0)'
        irregular = (
            'COUNT(CASE WHEN i."entry_no" IS NOT NULL AND '
            '(i."cost_units" IS NULL OR i."duration_units" IS NULL) THEN 1 END)'
        )
    else:
        cost = scaled_sum(dialect, _I_COST, _COST)
        duration = scaled_sum(dialect, _I_DURATION, _DURATION)
        irregular = irregular_count(dialect, _MONEY, 'i."entry_no"')
    # Placeholders in the order they appear: the revenue subqueries come first.
    revenue = (
        f"(SELECT {scaled_sum(dialect, _S_AMOUNT, _AMOUNT)} {_attributed(sql, date_from, date_to)})"
    )
    odd_revenue = "0"
    if dialect == SQLITE:
        odd = irregular_count(dialect, {_S_AMOUNT: _AMOUNT}, 's."id"')
        odd_revenue = f"(SELECT {odd} {_attributed(sql, date_from, date_to)})"
    counted = _counted(sql, date_from, date_to)
    opportunities = _opportunity_figures(sql, ids, date_from, date_to)
    requested = sql.in_ids('c."id"', ids)
    # The date and flag conditions sit in the join, so a campaign without counted
    # interactions still has its row (with zero figures) and its budget. The opportunity
    # figures come from a derived table with one row per campaign, so joining it multiplies
    # nothing; MAX() just carries its single value through the GROUP BY.
    statement = (
        'SELECT c."id" AS campaign_id, c."budgeted_cost" AS budgeted_cost, '
        'COUNT(CASE WHEN i."campaign_target" THEN 1 END) AS contacted, '
        'COUNT(CASE WHEN i."campaign_response" THEN 1 END) AS responded, '
        'COUNT(DISTINCT CASE WHEN i."campaign_target" THEN i."contact_id" END) '
        "AS distinct_contacted, "
        'COUNT(DISTINCT CASE WHEN i."campaign_response" THEN i."contact_id" END) '
        "AS distinct_responded, "
        f"{cost} AS cost, {duration} AS duration, {irregular} AS irregular, "
        'COALESCE(MAX(op."opportunities"), 0) AS opportunities, '
        'COALESCE(MAX(op."estimated"), 0) AS estimated, '
        'COALESCE(MAX(op."current"), 0) AS current_value, '
        'COALESCE(MAX(op."irregular"), 0) AS opportunity_irregular, '
        f"{revenue} AS revenue, {odd_revenue} AS irregular_revenue "
        f'FROM "campaign" c LEFT JOIN "interaction" i ON i."campaign_id" = c."id" AND {counted} '
        f'LEFT JOIN ({opportunities}) op ON op."campaign_id" = c."id" '
        f'WHERE {requested} GROUP BY c."id", c."budgeted_cost"'
    )
    _, rows = await db.execute_query(statement, sql.params)
    totals = {
        row["campaign_id"]: [
            sum_units(row["cost"]),
            sum_units(row["duration"]),
            sum_units(row["estimated"]),
            sum_units(row["current_value"]),
            sum_units(row["revenue"]),
        ]
        for row in rows
    }
    if any(row["irregular"] for row in rows):
        await _add_irregular(ids, date_from, date_to, totals)
    if any(row["opportunity_irregular"] for row in rows):
        await _add_irregular_opportunities(ids, date_from, date_to, totals)
    odd_campaigns = [row["campaign_id"] for row in rows if row["irregular_revenue"]]
    if odd_campaigns:
        await _add_irregular_revenue(odd_campaigns, date_from, date_to, totals)
    return {row["campaign_id"]: _figures(row, *totals[row["campaign_id"]]) for row in rows}


def _active_entries(
    sql: Statement, ids: Sequence[int], start: date | None, end: date | None
) -> str:
    """T5: FROM and WHERE over the active entries of the campaigns' opportunities created
    within the inclusive range."""
    terms = [sql.in_ids('o."campaign_id"', ids)]
    if start is not None:
        terms.append(f'o."creation_date" >= {sql.param(start)}')
    if end is not None:
        terms.append(f'o."creation_date" <= {sql.param(end)}')
    return (
        'FROM "opportunity" o JOIN "opportunity_entry" e '
        'ON e."opportunity_id" = o."id" AND e."active" '
        f"WHERE {' AND '.join(terms)}"
    )


def _opportunity_figures(
    sql: Statement, ids: Sequence[int], start: date | None, end: date | None
) -> str:
    """T5 as a derived table: one row per campaign with count and exact value sums."""
    dialect = sql.dialect
    estimated = scaled_sum(dialect, _E_ESTIMATED, _ESTIMATED)
    current = scaled_sum(dialect, _E_CURRENT, _CURRENT)
    irregular = irregular_count(dialect, _VALUES, 'e."entry_no"')
    return (
        'SELECT o."campaign_id" AS campaign_id, COUNT(*) AS opportunities, '
        f'{estimated} AS estimated, {current} AS "current", {irregular} AS irregular '
        f'{_active_entries(sql, ids, start, end)} GROUP BY o."campaign_id"'
    )


async def _add_irregular_opportunities(
    ids: Sequence[int],
    date_from: date | None,
    date_to: date | None,
    totals: dict[int, list[int]],
) -> None:
    """SQLite: as `_add_irregular`, for the opportunity values the exact SQL sum left out."""
    db = connections.get("default")
    sql = Statement(db.capabilities.dialect)
    estimated_plain = plain(_E_ESTIMATED, _ESTIMATED)
    current_plain = plain(_E_CURRENT, _CURRENT)
    statement = (
        'SELECT o."campaign_id" AS campaign_id, e."estimated_value" AS estimated, '
        'e."calculated_current_value" AS "current", '
        f"{estimated_plain} AS estimated_plain, {current_plain} AS current_plain "
        f"{_active_entries(sql, ids, date_from, date_to)} "
        f"AND NOT ({estimated_plain} AND {current_plain})"
    )
    _, rows = await db.execute_query(statement, sql.params)
    for row in rows:
        sums = totals[row["campaign_id"]]
        if not row["estimated_plain"]:
            sums[2] += stored_units(_ESTIMATED, row["estimated"])
        if not row["current_plain"]:
            sums[3] += stored_units(_CURRENT, row["current"])


async def _add_irregular(
    ids: Sequence[int],
    date_from: date | None,
    date_to: date | None,
    totals: dict[int, list[int]],
) -> None:
    """SQLite: add the amounts whose stored text the exact SQL sum left out, read as the ORM
    reads them. Only rows written around the ORM's quantizing (see decimal_sums) get here."""
    db = connections.get("default")
    sql = Statement(db.capabilities.dialect)
    cost_plain = plain(_I_COST, _COST)
    duration_plain = plain(_I_DURATION, _DURATION)
    requested = sql.in_ids('i."campaign_id"', ids)
    counted = _counted(sql, date_from, date_to)
    statement = (
        'SELECT i."campaign_id" AS campaign_id, i."cost" AS cost, i."duration" AS duration, '
        f"{cost_plain} AS cost_plain, {duration_plain} AS duration_plain "
        f'FROM "interaction" i WHERE {requested} AND {counted} '
        f"AND NOT ({cost_plain} AND {duration_plain})"
    )
    _, rows = await db.execute_query(statement, sql.params)
    for row in rows:
        sums = totals[row["campaign_id"]]
        if not row["cost_plain"]:
            sums[0] += stored_units(_COST, row["cost"])
        if not row["duration_plain"]:
            sums[1] += stored_units(_DURATION, row["duration"])


async def _add_irregular_revenue(
    ids: Sequence[int],
    date_from: date | None,
    date_to: date | None,
    totals: dict[int, list[int]],
) -> None:
    """SQLite: add the line amounts whose stored text the exact SQL sum left out (T6)."""
    db = connections.get("default")
    sql = Statement(db.capabilities.dialect)
    amount_plain = plain(_S_AMOUNT, _AMOUNT)
    attributed = _attributed(sql, date_from, date_to)
    requested = sql.in_ids('c."id"', ids)
    statement = (
        f'SELECT c."id" AS campaign_id, s."line_amount" AS amount FROM "campaign" c, '
        f"{attributed.removeprefix('FROM ')} AND {requested} AND NOT {amount_plain}"
    )
    _, rows = await db.execute_query(statement, sql.params)
    for row in rows:
        totals[row["campaign_id"]][4] += stored_units(_AMOUNT, row["amount"])


def _roi(revenue: Decimal, cost: Decimal) -> Decimal | None:
    """T6: (revenue - cost) / cost, rounded half up to 0.0001; None without cost."""
    if cost <= 0:
        return None
    return round_half_up((Fraction(revenue) - Fraction(cost)) / Fraction(cost), _ROI)


def _figures(
    row: Any,
    cost_units: int,
    duration_units: int,
    estimated_units: int,
    current_units: int,
    revenue_units: int,
) -> CampaignStatistics:
    contacted, responded = row["contacted"], row["responded"]
    cost = from_units(cost_units, _COST)
    duration = from_units(duration_units, _DURATION)
    revenue = from_units(revenue_units, _AMOUNT)
    return CampaignStatistics(
        target_contacts_contacted=contacted,
        contacts_responded=responded,
        distinct_contacts_contacted=row["distinct_contacted"],
        distinct_contacts_responded=row["distinct_responded"],
        response_rate_percent=_ratio(responded * 100, contacted, _RATE),
        cost=cost,
        duration=duration,
        average_cost_per_response=_ratio(cost, responded, _AVERAGE),
        average_duration_per_response=_ratio(duration, responded, _AVERAGE),
        budgeted_cost=stored_value(_BUDGET, row["budgeted_cost"]),
        opportunity_count=row["opportunities"],
        estimated_value=from_units(estimated_units, _ESTIMATED),
        calculated_current_value=from_units(current_units, _CURRENT),
        revenue=revenue,
        roi=_roi(revenue, cost),
    )
