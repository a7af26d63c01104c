"""Number series (docs/domain.md "Conventions of the data"): blank `no`s are drawn from a per-entity
counter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tortoise.expressions import F

from server.models import NumberSeries


@dataclass(frozen=True)
class SeriesDefault:
    """How a series starts out before anyone configures it."""

    prefix: str
    description: str
    width: int = 5


DEFAULT_SERIES: dict[str, SeriesDefault] = {
    "CAMPAIGN": SeriesDefault("CP", "Campaigns"),
    "CONTACT": SeriesDefault("CT", "Contacts"),
    "CUSTOMER": SeriesDefault("C", "Customers"),
    "ITEM": SeriesDefault("I", "Items"),
    "OPPORTUNITY": SeriesDefault("OP", "Opportunities"),
    "SEGMENT": SeriesDefault("SEG", "Segments"),
    "SALES_DOCUMENT": SeriesDefault("SO", "Sales documents"),
    "TASK": SeriesDefault("TD", "Tasks"),
}

_MAX_SKIPS = 1000


async def _ensure(series: str) -> None:
    """Create the counter row of `series` with its defaults unless it exists."""
    default = DEFAULT_SERIES[series]
    await NumberSeries.bulk_create(
        [
            NumberSeries(
                code=series,
                description=default.description,
                prefix=default.prefix,
                width=default.width,
            )
        ],
        ignore_conflicts=True,
    )


async def next_no(series: str, *, taken: Callable[[str], Awaitable[bool]]) -> str:
    """Draw the next number of `series`; skips numbers someone entered by hand.

    Must run inside the caller's transaction: the counter row is updated before it is read, so
    concurrent requests serialise on that row lock and never receive the same number.
    """
    await _ensure(series)
    for _ in range(_MAX_SKIPS):
        await NumberSeries.filter(code=series).update(last_no=F("last_no") + 1)
        row = await NumberSeries.get(code=series)
        candidate = f"{row.prefix}{row.last_no:0{row.width}d}"
        if not await taken(candidate):
            return candidate
    raise RuntimeError(f"number series {series} found {_MAX_SKIPS} numbers in a row taken")


async def reserve_through(series: str, last_no: int) -> None:
    """Advance `series` so it never hands out a number up to `last_no` (after records were
    numbered in bulk, e.g. the demo's, which would otherwise be skipped one at a time)."""
    await _ensure(series)
    await NumberSeries.filter(code=series, last_no__lt=last_no).update(last_no=last_no)
