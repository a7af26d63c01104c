"""Campaigns: create, change, delete and find them (DOMAIN C1, C2, C5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet

from server.models import Campaign
from server.services.core import events
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCode, ErrorCollector
from server.services.core.numbering import next_no
from server.services.core.prepared import Prepared
from server.services.core.storage import (
    create_unique,
    delete_unreferenced,
    existing,
    get_locked,
    matching,
)
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    NO_MAX,
    NOTES_MAX,
    UNSET,
    Unset,
    clean_date,
    clean_key,
    clean_money,
    clean_text,
    given,
    lookup_key,
    lookup_keys,
    storable,
)
from server.services.pricing import lines as pricing
from server.services.setup.codes import assignable_salesperson, existing_status

#: Relations a campaign owns: deleted with it instead of blocking the delete (C5).
OWNED_RELATIONS: frozenset[str] = frozenset({"price_lines", "discount_lines", "targets"})


@dataclass(frozen=True, kw_only=True)
class CampaignDraft:
    """Input for a new campaign; a blank `no` is drawn from the CAMPAIGN number series."""

    no: str | None = None
    description: str
    starting_date: date | None = None
    ending_date: date | None = None
    status_code: str | None = None
    salesperson_code: str | None = None
    budgeted_cost: Decimal | None = None
    expected_revenue: Decimal | None = None
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class CampaignChanges:
    """Partial update of a campaign; None clears an optional value, UNSET leaves it."""

    description: str | Unset = UNSET
    starting_date: date | Unset | None = UNSET
    ending_date: date | Unset | None = UNSET
    status_code: str | Unset | None = UNSET
    salesperson_code: str | Unset | None = UNSET
    budgeted_cost: Decimal | Unset | None = UNSET
    expected_revenue: Decimal | Unset | None = UNSET
    notes: str | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class CampaignFilter:
    """Which campaigns to list; every given criterion must hold."""

    search: str | None = None
    status_codes: Sequence[str] | None = None
    salesperson_codes: Sequence[str] | None = None
    active_on: date | None = None
    starting_after: date | None = None
    starting_before: date | None = None


def _plain_values(
    errors: ErrorCollector, data: CampaignDraft | CampaignChanges
) -> dict[str, object]:
    """Validate the fields that need no database look-up."""
    values: dict[str, object] = {}
    if given(data.description):
        values["description"] = clean_text(errors, data.description, "description")
    for name in ("starting_date", "ending_date"):
        value = getattr(data, name)
        if given(value):
            values[name] = clean_date(errors, value, name)
    for name in ("budgeted_cost", "expected_revenue"):
        value = getattr(data, name)
        if given(value):
            values[name] = clean_money(errors, value, name)
    if given(data.notes):
        values["notes"] = clean_text(
            errors, data.notes, "notes", required=False, max_length=NOTES_MAX, multiline=True
        )
    return values


def _check_dates(
    errors: ErrorCollector, starting: date | None, ending: date | None, changed: dict[str, object]
) -> None:
    """C1: the starting date may not be after a non-blank ending date."""
    if starting is not None and ending is not None and starting > ending:
        at = "ending_date" if "ending_date" in changed else "starting_date"
        errors.add(
            ErrorCode.CAMPAIGN_DATES_INVALID,
            f"Starting date {starting} is after ending date {ending}.",
            at,
        )


async def _references(
    errors: ErrorCollector,
    data: CampaignDraft | CampaignChanges,
    values: dict[str, object],
    *,
    current_salesperson_id: int | None = None,
) -> None:
    """Resolve status and salesperson codes into foreign keys."""
    if given(data.status_code):
        code = data.status_code
        status = await existing_status(errors, code, "status_code") if code else None
        values["status_id"] = status.id if status else None
    if given(data.salesperson_code):
        code = data.salesperson_code
        person = (
            await assignable_salesperson(
                errors, code, "salesperson_code", already_assigned=current_salesperson_id
            )
            if code
            else None
        )
        values["salesperson_id"] = person.id if person else None


async def create_campaign(ctx: ServiceContext, draft: CampaignDraft) -> Campaign:
    """Create a campaign (C1 dates in order, C2 stamped today; `no` from the series if blank)."""
    ctx.require(Permission.MANAGE_CAMPAIGNS)
    errors = ErrorCollector()
    no = clean_key(errors, draft.no, "no", max_length=NO_MAX) if draft.no else None
    values = _plain_values(errors, draft)
    _check_dates(errors, draft.starting_date, draft.ending_date, values)
    async with transaction():
        await _references(errors, draft, values)
        errors.raise_if_any()
        if no is None:
            no = await next_no("CAMPAIGN", taken=lambda n: Campaign.exists(no=n))
        return await create_unique(
            Campaign,
            "Campaign",
            "no",
            no=no,
            last_date_modified=ctx.clock.today(),
            created_by=ctx.actor.user,
            **values,
        )


async def update_campaign(ctx: ServiceContext, no: str, changes: CampaignChanges) -> Campaign:
    """Change a campaign (C1 checked against the merged dates, C2 stamps today)."""
    ctx.require(Permission.MANAGE_CAMPAIGNS)
    errors = ErrorCollector()
    values = _plain_values(errors, changes)
    async with transaction():
        campaign = await get_locked(Campaign, "Campaign", "no", no_key=True, no=lookup_key(no))
        starting = values.get("starting_date", campaign.starting_date)
        ending = values.get("ending_date", campaign.ending_date)
        assert starting is None or isinstance(starting, date)
        assert ending is None or isinstance(ending, date)
        _check_dates(errors, starting, ending, values)
        await _references(errors, changes, values, current_salesperson_id=campaign.salesperson_id)
        errors.raise_if_any()
        values["last_date_modified"] = ctx.clock.today()
        await campaign.update_from_dict(values).save()
        if "starting_date" in values or "ending_date" in values:
            await pricing.redate_campaign_lines(campaign)
        return campaign


async def delete_campaign(ctx: ServiceContext, no: str) -> Campaign:
    """C5: refuse while anything refers to the campaign; owned lines go with it."""
    ctx.require(Permission.MANAGE_CAMPAIGNS)
    async with transaction():
        campaign = await get_locked(Campaign, "Campaign", "no", no=lookup_key(no))
        await delete_unreferenced(
            campaign,
            "Campaign",
            campaign.no,
            code=ErrorCode.CAMPAIGN_IN_USE,
            ignore=OWNED_RELATIONS,
        )
        # Live dashboards of the campaign hear of it after commit: reloading, they find no
        # campaign and their subscriptions complete (no interaction is concerned).
        await events.emit([events.ActivityEvent(events.ActivityKind.DELETED, campaign.id, (), 0)])
        return campaign


#: C4 in the same statement as the campaign: whether it has target rows.
ACTIVATED = RawSQL(
    'EXISTS (SELECT 1 FROM "campaign_target" t WHERE t."campaign_id" = "campaign"."id")'
)


_BY_NO: Prepared[Campaign | None] = Prepared(
    lambda no: Campaign.filter(no=no).annotate(activated_now=ACTIVATED).first(), str
)


async def campaign_by_no(ctx: ServiceContext, no: str) -> Campaign | None:
    """One campaign by its number, or None; `activated_now` tells C4 (saves a statement
    for the dashboard, which asks for it)."""
    ctx.require(Permission.READ)
    key = lookup_key(no)
    if not storable(key):
        return None
    return await _BY_NO(key)


def campaigns_query(ctx: ServiceContext, criteria: CampaignFilter) -> QuerySet[Campaign]:
    """The campaigns matching `criteria`, unordered (the caller pages through them)."""
    ctx.require(Permission.READ)
    query = Campaign.all()
    query = matching(query, criteria.search, "no", "description")
    if criteria.status_codes is not None:
        query = query.filter(status__code__in=lookup_keys(criteria.status_codes, CODE_MAX))
    if criteria.salesperson_codes is not None:
        query = query.filter(salesperson__code__in=lookup_keys(criteria.salesperson_codes, NO_MAX))
    if criteria.active_on is not None:
        day = criteria.active_on
        query = query.filter(
            Q(starting_date__isnull=True) | Q(starting_date__lte=day),
            Q(ending_date__isnull=True) | Q(ending_date__gte=day),
        )
    if criteria.starting_after is not None:
        query = query.filter(starting_date__gt=criteria.starting_after)
    if criteria.starting_before is not None:
        query = query.filter(starting_date__lt=criteria.starting_before)
    return query


async def existing_campaign(
    errors: ErrorCollector, no: str | None, *field: str | int
) -> Campaign | None:
    """Resolve a campaign number named in an input (blank: none), recording NOT_FOUND."""
    return await existing(errors, Campaign, "Campaign", no, *field, key="no")
