"""After the run, over the whole database (the demo company's records too): nothing half
written, and the domain's invariants.

- no logged segment without one interaction per line, no campaign entry without interactions,
  no sales document without lines, no segment marked logged without its logged segment;
- every target group equals a fresh computation by the service (A7) and a brute-force one from
  every row (A1), and is empty when the campaign is not activated (A6);
- every campaign's statistics equal a brute-force count over every interaction and sales line
  (T1-T4, T6);
- no number twice in any number series, and every number the run was given is at or below its
  series' counter (a counter left behind would hand it out again).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from bench.chaos.client import Write
from bench.chaos.verify import Findings
from server.models import (
    Campaign,
    CampaignEntry,
    CampaignTarget,
    Contact,
    ContactType,
    Customer,
    Interaction,
    Item,
    LoggedSegment,
    NumberSeries,
    Opportunity,
    SalesDocument,
    SalesLine,
    Segment,
    SegmentLine,
    SegmentStatus,
    TargetType,
    Task,
)
from server.services.core.context import Actor, Role, ServiceContext, SystemClock
from server.services.interactions.statistics import campaign_statistics
from server.services.pricing import activation

Member = tuple[TargetType, int]


async def verify_invariants(writes: list[Write], findings: Findings) -> None:
    await _whole(findings)
    await _target_groups(findings)
    await _statistics(findings)
    await _numbers(writes, findings)


async def _whole(findings: Findings) -> None:
    """Nothing half written."""
    lines_per_segment: dict[int, int] = defaultdict(int)
    segment_ids: list[Any] = list(await SegmentLine.all().values_list("segment_id", flat=True))
    for segment_id in segment_ids:
        lines_per_segment[segment_id] += 1
    per_logged: dict[int, int] = defaultdict(int)
    per_entry: dict[int, int] = defaultdict(int)
    for logged_id, entry_id in await Interaction.all().values_list(
        "logged_segment_id", "campaign_entry_id"
    ):
        if logged_id is not None:
            per_logged[logged_id] += 1
        if entry_id is not None:
            per_entry[entry_id] += 1
    logged_segments = set()
    for entry_no, segment_id in await LoggedSegment.all().values_list("entry_no", "segment_id"):
        findings.count("logged segments whole")
        logged_segments.add(segment_id)
        if not per_logged[entry_no] or per_logged[entry_no] != lines_per_segment[segment_id]:
            findings.violations.append(
                f"logged segment {entry_no}: {per_logged[entry_no]} interactions for "
                f"{lines_per_segment[segment_id]} lines"
            )
    for segment_id, no in await Segment.filter(status=SegmentStatus.LOGGED).values_list("id", "no"):
        findings.count("logged segments whole")
        if segment_id not in logged_segments:
            findings.violations.append(f"segment {no} is LOGGED without a logged segment")
    entries: list[Any] = list(await CampaignEntry.all().values_list("entry_no", flat=True))
    for entry_no in entries:
        findings.count("campaign entries with interactions")
        if not per_entry[entry_no]:
            findings.violations.append(f"campaign entry {entry_no} without interactions")
    with_lines = set(await SalesLine.all().values_list("document_id", flat=True))
    for document_id, no in await SalesDocument.all().values_list("id", "no"):
        findings.count("sales documents with lines")
        if document_id not in with_lines:
            findings.violations.append(f"sales document {no} without lines")


async def _brute_force_targets() -> dict[int, set[Member]]:
    """A1 computed in Python from every row, independently of the service's statement."""
    contacts: dict[int, set[int]] = defaultdict(set)
    for campaign_id, contact_id in await SegmentLine.filter(
        campaign_target=True, campaign_id__not_isnull=True
    ).values_list("campaign_id", "contact_id"):
        contacts[campaign_id].add(contact_id)
    for campaign_id, contact_id in await Interaction.filter(
        campaign_target=True, postponed=False, campaign_id__not_isnull=True
    ).values_list("campaign_id", "contact_id"):
        contacts[campaign_id].add(contact_id)
    company = {
        contact_id: (company_id if kind == ContactType.PERSON and company_id else contact_id)
        for contact_id, kind, company_id in await Contact.all().values_list(
            "id", "type", "company_id"
        )
    }
    customers = dict(
        await Customer.filter(contact_id__not_isnull=True).values_list("contact_id", "id")
    )
    members: dict[int, set[Member]] = defaultdict(set)
    for campaign_id, ids in contacts.items():
        for contact_id in ids:
            key = company[contact_id]
            members[campaign_id].add(
                (TargetType.CUSTOMER, customers[key])
                if key in customers
                else (TargetType.CONTACT, key)
            )
    return members


async def _target_groups(findings: Findings) -> None:
    brute = await _brute_force_targets()
    stored: dict[int, set[Member]] = defaultdict(set)
    for campaign_id, kind, customer_id, contact_id in await CampaignTarget.all().values_list(
        "campaign_id", "type", "customer_id", "contact_id"
    ):
        kind = TargetType(kind)
        stored[campaign_id].add((kind, customer_id if kind is TargetType.CUSTOMER else contact_id))
    for campaign_id, no, requested in await Campaign.all().values_list(
        "id", "no", "activation_requested"
    ):
        findings.count("target groups")
        wanted = brute[campaign_id] if requested else set()
        fresh = await activation.compute_targets(campaign_id) if requested else set()
        if not stored[campaign_id] == wanted == fresh:
            findings.violations.append(
                f"target group of {no}: {len(stored[campaign_id])} rows, brute force "
                f"{len(wanted)}, fresh computation {len(fresh)}"
            )


async def _statistics(findings: Findings) -> None:
    """T1-T4 and T6 against a count over every row."""
    ctx = ServiceContext(Actor(user="chaos-verify", role=Role.MANAGER), SystemClock())
    campaigns = list(await Campaign.all().values_list("id", "no"))
    served = await campaign_statistics(ctx, [campaign_id for campaign_id, _ in campaigns])
    rows: dict[int, list[tuple[int, bool, bool, Decimal, Decimal]]] = defaultdict(list)
    for campaign_id, contact_id, target, response, cost, duration in await Interaction.filter(
        campaign_id__not_isnull=True, canceled=False, postponed=False
    ).values_list(
        "campaign_id", "contact_id", "campaign_target", "campaign_response", "cost", "duration"
    ):
        rows[campaign_id].append((contact_id, target, response, Decimal(cost), Decimal(duration)))
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    for price_campaign, discount_campaign, amount in await SalesLine.all().values_list(
        "price_campaign_id", "discount_campaign_id", "line_amount"
    ):
        for campaign_id in {price_campaign, discount_campaign} - {None}:
            revenue[campaign_id] += Decimal(amount)
    for campaign_id, no in campaigns:
        findings.count("campaign statistics")
        counted = rows[campaign_id]
        expected = (
            sum(1 for r in counted if r[1]),
            sum(1 for r in counted if r[2]),
            len({r[0] for r in counted if r[1]}),
            len({r[0] for r in counted if r[2]}),
            sum((r[3] for r in counted), Decimal(0)),
            sum((r[4] for r in counted), Decimal(0)),
            revenue[campaign_id],
        )
        figures = served[campaign_id]
        actual = (
            figures.target_contacts_contacted,
            figures.contacts_responded,
            figures.distinct_contacts_contacted,
            figures.distinct_contacts_responded,
            figures.cost,
            figures.duration,
            figures.revenue,
        )
        if actual != expected:
            findings.violations.append(f"statistics of {no}: {actual}, brute force {expected}")


async def _numbers(writes: list[Write], findings: Findings) -> None:
    """No number twice in a series; the run's numbers are at or below their counters."""
    for model in (Campaign, Contact, Segment, SalesDocument, Customer, Item, Task, Opportunity):
        numbers = await model.all().values_list("no", flat=True)
        findings.count("numbers unique", len(numbers))
        if len(numbers) != len(set(numbers)):
            findings.violations.append(f"{model.__name__}: a number twice")
    for lined, parent in ((SegmentLine, "segment_id"), (SalesLine, "document_id")):
        pairs = await lined.all().values_list(parent, "line_no")
        findings.count("line numbers unique", len(pairs))
        if len(pairs) != len(set(pairs)):
            findings.violations.append(f"{lined.__name__}: a line number twice in one parent")
    counters = {row.prefix: row for row in await NumberSeries.all()}
    given = [
        value["no"]
        for w in writes
        for value in w.payload.values()
        if isinstance(value, dict) and isinstance(value.get("no"), str)
    ]
    for no in given:
        findings.count("numbers within their series")
        prefix = no.rstrip("0123456789")
        series = counters.get(prefix)
        if series is None or int(no[len(prefix) :]) > series.last_no:
            findings.violations.append(f"{no} is beyond its series' counter")
