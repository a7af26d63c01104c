"""`campaign-graph seed`: a large, deterministic data set, written in bulk (issue 7, and the
data of the benchmark, issue 9).

What it builds: the setup codes, items and campaigns through the services (every rule
applies), then contacts, customers, segments, segment lines, logged segments, campaign entries
and interactions as bulk rows (seed_rows, seed_bulk). The first campaign is the dashboard
campaign: up to 10 segments of up to 100 lines, each of its contacts with a fixed number of
interactions for it (up to 6; 5 is the benchmark's minimum), 50 campaign prices, 50 line
discounts, and it is activated (its target group computed by services/pricing/activation). The
background campaigns stay inactive.

Deterministic: the same sizes, `random_seed` and anchor day give the same rows, ids and
numbers. Dates are relative to the anchor day (today unless given), so the dashboard campaign
is always running.

Idempotence: seed writes only into a migrated database without business data (no contacts,
customers, items, campaigns, segments or interactions; setup codes and users may exist). A
database seeded with the same sizes and random seed (and anchor day, if one is given) is left
as it is and reported as ready; any other data is refused - seed into a new database.
Numbers series (CONTACT, CUSTOMER, SEGMENT) continue after the seeded numbers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain
from typing import Any

from tortoise.models import Model

from server.demo.seed_bulk import (
    BulkWriter,
    Progress,
    after_bulk,
    bulk_session,
    check_schema,
    next_id,
)
from server.demo.seed_data import (
    DASHBOARD_INTERACTIONS,
    LOGGED_SHARE,
    Plan,
    SeedRefused,
    SeedSize,
    plan_sizes,
)
from server.demo.seed_rows import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    ENTRY_COLUMNS,
    HISTORY_DAYS,
    INTERACTION_COLUMNS,
    LINE_COLUMNS,
    LOGGED_COLUMNS,
    SEGMENT_COLUMNS,
    USER,
    CampaignRef,
    Rows,
    TemplateRef,
    campaign_singles,
)
from server.demo.seed_setup import (
    Setup,
    load_campaigns,
    load_dashboard_pricing,
    load_setup,
)
from server.models import (
    Campaign,
    CampaignEntry,
    Contact,
    Customer,
    DiscountLine,
    Interaction,
    Item,
    LoggedSegment,
    NumberSeries,
    PriceLine,
    Segment,
    SegmentLine,
)
from server.services.core.context import Permission, ServiceContext
from server.services.core.numbering import reserve_through
from server.services.interactions.logging import SINGLE_INTERACTIONS
from server.services.pricing import activation

__all__ = ["SeedRefused", "SeedResult", "SeedSize", "seed"]

MARKER = "campaign-graph seed "

#: The tables seed writes in bulk, with the columns it writes.
BULK_TABLES = {
    "contact": CONTACT_COLUMNS,
    "customer": CUSTOMER_COLUMNS,
    "segment": SEGMENT_COLUMNS,
    "segment_line": LINE_COLUMNS,
    "logged_segment": LOGGED_COLUMNS,
    "campaign_entry": ENTRY_COLUMNS,
    "interaction": INTERACTION_COLUMNS,
}
#: A database with any of these rows holds business data: seed refuses it.
BUSINESS: list[tuple[str, type[Model]]] = [
    ("contacts", Contact),
    ("customers", Customer),
    ("items", Item),
    ("campaigns", Campaign),
    ("segments", Segment),
    ("interactions", Interaction),
    ("campaign entries", CampaignEntry),
    ("logged segments", LoggedSegment),
    ("price lines", PriceLine),
    ("discount lines", DiscountLine),
]
COUNTED: list[tuple[str, type[Model]]] = [
    ("contacts", Contact),
    ("customers", Customer),
    ("campaigns", Campaign),
    ("segments", Segment),
    ("segment lines", SegmentLine),
    ("interactions", Interaction),
]


@dataclass(frozen=True)
class SeedResult:
    """What the database holds after seeding, and how long seeding took."""

    counts: dict[str, int]
    dashboard_campaign_no: str
    seconds: float
    already_seeded: bool = False

    def summary(self) -> str:
        """One line: the counts, the dashboard campaign and the elapsed time."""
        counts = ", ".join(f"{n:,} {name}" for name, n in self.counts.items())
        if self.already_seeded:
            return (
                f"already seeded with these parameters, nothing written: {counts} "
                f"(dashboard campaign {self.dashboard_campaign_no})"
            )
        return (
            f"seeded {counts} (dashboard campaign {self.dashboard_campaign_no}) "
            f"in {self.seconds:.1f} s"
        )


async def _counts() -> dict[str, int]:
    return {name: await model.all().count() for name, model in COUNTED}


async def _existing(size: SeedSize, started: float) -> SeedResult | None:
    """None for a database without business data; the result for one seeded with the same
    parameters; refused otherwise."""
    found = [name for name, model in BUSINESS if await model.exists()]
    if not found:
        return None
    marked = await Campaign.filter(notes__startswith=MARKER).order_by("id").first()
    wanted = size.marker() + " --anchor-date "
    notes = marked.notes or "" if marked else ""
    if marked and (notes == wanted + size.anchor if size.anchor else notes.startswith(wanted)):
        return SeedResult(await _counts(), marked.no, time.perf_counter() - started, True)
    made = f" made by `{notes}`" if marked else ""
    raise SeedRefused(
        f"the database already holds {', '.join(found)}{made}; seed writes only into a migrated "
        "database without business data: use a new SQLite file or PostgreSQL database"
    )


async def _numbers(series: str, count: int) -> tuple[list[str], int]:
    """`count` numbers from `series` after its last one (a fresh series is widened to fit
    them, so they sort as they were made); returns them and the last one."""
    await reserve_through(series, 0)
    row = await NumberSeries.get(code=series)
    if row.last_no == 0 and len(str(count)) > row.width:
        row.width = len(str(count))
        await row.save(update_fields=["width"])
    first = row.last_no + 1
    nos = [f"{row.prefix}{n:0{row.width}d}" for n in range(first, first + count)]
    return nos, row.last_no + count


def _decide_logging(plan: Plan, rows: Rows, interactions: int) -> dict[int, int]:
    """Which segments are logged and how many interactions each dashboard contact gets.
    Returns the logged interactions per dashboard contact."""
    sizes, dash = plan.segment_sizes, plan.dashboard_segments
    plan.logged = [False] * len(sizes)
    pool = rows.dashboard_pool() if sum(sizes[:dash]) else []
    per = min(DASHBOARD_INTERACTIONS, interactions // len(pool)) if pool else 0
    counts: dict[int, int] = {}
    start = 0
    for index in range(dash):  # the first half of the dashboard segments is logged
        if per and index < dash // 2:
            plan.logged[index] = True
            for j in range(sizes[index]):
                contact = pool[(start + j) % len(pool)]
                counts[contact] = counts.get(contact, 0) + 1
        start += sizes[index]
    used = sum(max(counts.get(c, 0), per) for c in pool)
    if used > interactions:  # logging would overshoot: the dashboard gets singles only
        counts, plan.logged[:dash], used = {}, [False] * dash, per * len(pool)
    plan.per_dashboard_contact = per
    budget = interactions - used
    room = int(budget * LOGGED_SHARE)
    rng = rows.rng("logging")
    for index in range(dash, len(sizes)):
        if rng.random() < 0.5 and 0 < sizes[index] <= room:
            plan.logged[index] = True
            room -= sizes[index]
            budget -= sizes[index]
    plan.single_interactions = budget
    return counts


def _template_refs(rows_dialect: Rows, setup_templates: dict[str, Any]) -> dict[str, TemplateRef]:
    return {
        code: TemplateRef(
            t.id,
            t.group_id,
            t.description,
            rows_dialect.money(t.unit_cost),
            rows_dialect.money(t.unit_duration),
            t.information_flow.value,
            t.initiated_by.value,
        )
        for code, t in setup_templates.items()
    }


async def seed(ctx: ServiceContext, size: SeedSize, progress: Progress | None = None) -> SeedResult:
    """Build the data set `size` describes (see the module docstring)."""
    started = time.perf_counter()
    for permission in (
        Permission.MANAGE_SETUP,
        Permission.MANAGE_CONTACTS,
        Permission.MANAGE_CUSTOMERS,
        Permission.MANAGE_CAMPAIGNS,
        Permission.MANAGE_PRICING,
    ):
        ctx.require(permission)
    size.check()
    anchor = date.fromisoformat(size.anchor) if size.anchor else ctx.clock.today()
    await check_schema(BULK_TABLES)
    ready = await _existing(size, started)
    if ready is not None:
        return ready
    writer = BulkWriter(progress)
    setup = await load_setup(ctx)
    contact_nos, last_contact = await _numbers("CONTACT", size.contacts)
    rows = Rows(
        dialect=writer.dialect,
        seed=size.random_seed,
        anchor=anchor,
        plan=Plan([], 0, 0),
        sellers=setup.sellers,
        templates={},
        contact_count=size.contacts,
        first_contact_id=await next_id("contact", "id"),
        contact_nos=contact_nos,
    )
    rows.templates = _template_refs(rows, setup.templates)
    jitter = rows.rng("sizes")
    rows.plan = plan = plan_sizes(size, [jitter.random() for _ in range(size.segments)])
    dashboard, background = await load_campaigns(
        ctx, anchor, plan.background_campaigns, rows.rng("campaigns")
    )
    await load_dashboard_pricing(ctx, dashboard.no, setup.items)

    async with bulk_session():
        await _write_bulk(writer, rows, size, setup, dashboard, background)
        await after_bulk()
    await reserve_through("CONTACT", last_contact)
    if await activation.compute_targets(dashboard.id):
        await activation.activate(ctx, dashboard.no)
    marker = f"{size.marker()} --anchor-date {anchor.isoformat()}"
    await Campaign.filter(id=dashboard.id).update(notes=marker)
    return SeedResult(await _counts(), dashboard.no, time.perf_counter() - started)


async def _write_bulk(
    writer: BulkWriter,
    rows: Rows,
    size: SeedSize,
    setup: Setup,
    dashboard: CampaignRef,
    background: list[CampaignRef],
) -> None:
    """Contacts, customers, segments, entries, lines and interactions, in dependency order;
    the CUSTOMER and SEGMENT series move past the numbers used."""
    plan = rows.plan
    await writer.write("contacts", "contact", CONTACT_COLUMNS, rows.contacts(), size.contacts)
    customer_count = len(rows.company_indexes[::5])
    customer_nos, last_customer = await _numbers("CUSTOMER", customer_count)
    customers = rows.customers(
        await next_id("customer", "id"), customer_nos, setup.price_groups, setup.discount_groups
    )
    await writer.write("customers", "customer", CUSTOMER_COLUMNS, customers, customer_count)

    dashboard_logged = _decide_logging(plan, rows, size.interactions)
    segment_nos, last_segment = await _numbers("SEGMENT", size.segments)
    rows.plan_segments(await next_id("segment", "id"), segment_nos, dashboard, background)
    await writer.write("segments", "segment", SEGMENT_COLUMNS, rows.segment_rows(), size.segments)
    logged_nos, entries, dash_entry, campaign_entries = await _write_entries(
        writer, rows, dashboard, background, dashboard_logged
    )
    lines = rows.line_rows(await next_id("segment_line", "id"), entries)
    await writer.write("segment lines", "segment_line", LINE_COLUMNS, lines, size.lines)

    first_no = await next_id("interaction", "entry_no")
    logged_count = sum(s.size for s in rows.segments if s.logged)
    dash_singles = sum(
        max(0, plan.per_dashboard_contact - dashboard_logged.get(c, 0))
        for c in (rows.dashboard_contacts if plan.per_dashboard_contact else [])
    )
    interactions = chain(
        rows.logged_interactions(first_no, logged_nos, entries),
        rows.dashboard_singles(first_no + logged_count, dashboard, dash_entry, dashboard_logged)
        if dash_singles
        else iter(()),
        rows.background_singles(
            first_no + logged_count + dash_singles,
            plan.single_interactions,
            campaign_entries,
        ),
    )
    total = size.interactions
    await writer.write("interactions", "interaction", INTERACTION_COLUMNS, interactions, total)
    await reserve_through("CUSTOMER", last_customer)
    await reserve_through("SEGMENT", last_segment)


async def _write_entries(
    writer: BulkWriter,
    rows: Rows,
    dashboard: CampaignRef,
    background: list[CampaignRef],
    dashboard_logged: dict[int, int],
) -> tuple[dict[int, int], dict[int, int], int, list[tuple[int, int]]]:
    """Logged segments and campaign entries (one per logged segment with a campaign, one for
    single interactions per campaign that has them). Returns the logged segment and campaign
    entry numbers per segment index, the dashboard's single-interaction entry and the
    background campaigns' (campaign id, entry no) pairs."""
    logged_no = await next_id("logged_segment", "entry_no")
    entry_no = await next_id("campaign_entry", "entry_no")
    logged_nos: dict[int, int] = {}
    entries: dict[int, int] = {}
    logged_rows: list[tuple[Any, ...]] = []
    entry_rows: list[tuple[Any, ...]] = []
    for s in rows.segments:
        if not s.logged:
            continue
        day = rows.encode_day(s.day)
        logged_nos[s.index] = logged_no
        logged_rows.append((logged_no, s.id, s.description, day, USER, False))
        if s.campaign:
            entries[s.index] = entry_no
            entry_rows.append(
                (entry_no, s.campaign.id, day, s.description, s.id, logged_no,
                 s.salesperson_id, USER, False, False)
            )  # fmt: skip
            entry_no += 1
        logged_no += 1
    plan = rows.plan
    singles: list[tuple[CampaignRef, int]] = []
    if plan.per_dashboard_contact and any(
        dashboard_logged.get(c, 0) < plan.per_dashboard_contact for c in rows.dashboard_contacts
    ):
        singles.append((dashboard, entry_no))
        entry_no += 1
    for campaign in background[: campaign_singles(plan.single_interactions)]:
        singles.append((campaign, entry_no))
        entry_no += 1
    for campaign, no in singles:
        day = rows.encode_day(max(campaign.start, rows.anchor - timedelta(days=HISTORY_DAYS)))
        entry_rows.append(
            (no, campaign.id, day, SINGLE_INTERACTIONS, None, None, None, USER, True, False)
        )
    logged_count, entry_count = len(logged_rows), len(entry_rows)
    await writer.write(
        "logged segments", "logged_segment", LOGGED_COLUMNS, logged_rows, logged_count
    )
    await writer.write("campaign entries", "campaign_entry", ENTRY_COLUMNS, entry_rows, entry_count)
    dash_entry = singles[0][1] if singles and singles[0][0] is dashboard else 0
    background_entries = [(c.id, no) for c, no in singles if c is not dashboard]
    return logged_nos, entries, dash_entry, background_entries
