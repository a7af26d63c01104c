"""Opportunities: create and change them (O1), who may (section 5), and reading them.

Moving an opportunity through the stages of its sales cycle (O2, O3) is in
`stages.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from tortoise.queryset import QuerySet

from server.models import (
    Campaign,
    Opportunity,
    OpportunityEntry,
    OpportunityStatus,
    Priority,
    SalesCycle,
)
from server.services.campaigns.campaign import existing_campaign
from server.services.contacts.contact import existing_contact
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector
from server.services.core.numbering import next_no
from server.services.core.storage import create_unique, delete_unreferenced, find
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    NO_MAX,
    UNSET,
    Unset,
    clean_date,
    clean_key,
    clean_text,
    given,
    lookup_key,
    lookup_keys,
    not_null,
)
from server.services.opportunities import stages
from server.services.opportunities.stages import locked_own_opportunity
from server.services.pricing.activation import activated_campaign_ids
from server.services.setup.codes import assignable_salesperson


@dataclass(frozen=True, kw_only=True)
class OpportunityDraft:
    """Input for a new opportunity; a blank `no` is drawn from the OPPORTUNITY series.

    With `activate_first_stage` it enters the cycle's first stage on its creation date
    (an O2 NEXT move with the estimated value and close date given here)."""

    no: str | None = None
    description: str
    contact_no: str | None = None
    salesperson_code: str | None = None
    campaign_no: str | None = None
    sales_cycle_code: str | None = None
    priority: Priority | None = None
    creation_date: dt.date | None = None
    activate_first_stage: bool | None = None
    estimated_value: Decimal | None = None
    estimated_close_date: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class OpportunityChanges:
    """Partial update of an open opportunity; UNSET leaves a value, None clears the campaign."""

    description: str | Unset = UNSET
    priority: Priority | Unset | None = UNSET
    salesperson_code: str | Unset | None = UNSET
    campaign_no: str | Unset | None = UNSET


async def eligible_campaign(
    ctx: ServiceContext,
    errors: ErrorCollector,
    campaign: Campaign | None,
    creation_date: dt.date | None,
    *field: str,
) -> None:
    """O1: a campaign is eligible if it is activated and its dates contain the creation date;
    a blank starting or ending date leaves that side open (so an open-ended campaign qualifies
    from its start on)."""
    if campaign is None or creation_date is None:
        return
    if not await activated_campaign_ids(ctx, [campaign.id]):
        errors.add(
            ErrorCode.CAMPAIGN_NOT_ELIGIBLE,
            f"Campaign {campaign.no} is not activated: activate it before it gets opportunities.",
            *field,
        )
        return
    starts, ends = campaign.starting_date, campaign.ending_date
    if (starts is not None and creation_date < starts) or (
        ends is not None and creation_date > ends
    ):
        errors.add(
            ErrorCode.CAMPAIGN_NOT_ELIGIBLE,
            f"Campaign {campaign.no} runs {starts or '...'} to {ends or '...'}, which does not "
            f"contain the opportunity's creation date {creation_date}.",
            *field,
        )


async def _sales_cycle(errors: ErrorCollector, code: str | None) -> SalesCycle | None:
    if not code or not code.strip():
        errors.add(ErrorCode.REQUIRED, "Sales cycle code is required.", "sales_cycle_code")
        return None
    key = lookup_key(code)
    cycle = await find(SalesCycle, code=key) if len(key) <= CODE_MAX else None
    if cycle is None:
        errors.add(ErrorCode.NOT_FOUND, f"Sales cycle {code!r} does not exist.", "sales_cycle_code")
    elif cycle.blocked:
        errors.add(ErrorCode.BLOCKED, f"Sales cycle {cycle.code} is blocked.", "sales_cycle_code")
    return cycle


async def create_opportunity(ctx: ServiceContext, draft: OpportunityDraft) -> Opportunity:
    """Create an opportunity for a contact and a salesperson (SALES: themselves, the default)
    in a sales cycle; O1 for its campaign; optionally entering the first stage at once."""
    # Refuse roles that may create no opportunity at all before looking at the input.
    ctx.require(Permission.MANAGE_OPPORTUNITIES, owners={ctx.actor.salesperson_code or ""})
    if draft.salesperson_code is None and ctx.actor.salesperson_code:
        draft = replace(draft, salesperson_code=ctx.actor.salesperson_code)
    errors = ErrorCollector()
    no = clean_key(errors, draft.no, "no", max_length=NO_MAX) if draft.no else None
    description = clean_text(errors, draft.description, "description")
    creation_date = clean_date(errors, draft.creation_date or ctx.clock.today(), "creation_date")
    async with transaction():
        if not draft.contact_no:
            errors.add(ErrorCode.REQUIRED, "Contact number is required.", "contact_no")
        contact = await existing_contact(errors, draft.contact_no, "contact_no")
        person = None
        if not draft.salesperson_code:
            errors.add(ErrorCode.REQUIRED, "Salesperson code is required.", "salesperson_code")
        else:
            person = await assignable_salesperson(
                errors, draft.salesperson_code, "salesperson_code"
            )
        campaign = await existing_campaign(errors, draft.campaign_no, "campaign_no")
        await eligible_campaign(ctx, errors, campaign, creation_date, "campaign_no")
        cycle = await _sales_cycle(errors, draft.sales_cycle_code)
        if person is not None:
            ctx.require(Permission.MANAGE_OPPORTUNITIES, owners={person.code})
        errors.raise_if_any()
        assert contact is not None
        assert person is not None
        assert cycle is not None
        if no is None:
            no = await next_no("OPPORTUNITY", taken=lambda n: Opportunity.exists(no=n))
        opportunity = await create_unique(
            Opportunity,
            "Opportunity",
            "no",
            no=no,
            description=description,
            contact_id=contact.id,
            salesperson_id=person.id,
            campaign_id=campaign.id if campaign else None,
            sales_cycle_id=cycle.id,
            priority=draft.priority or Priority.NORMAL,
            creation_date=creation_date,
            created_by=ctx.actor.user,
        )
        if draft.activate_first_stage:
            await stages.move(
                ctx,
                opportunity,
                stages.StageMove(
                    action=stages.StageAction.NEXT,
                    date_of_change=creation_date,
                    estimated_value=draft.estimated_value,
                    estimated_close_date=draft.estimated_close_date,
                ),
            )
        return opportunity


async def update_opportunity(
    ctx: ServiceContext, no: str, changes: OpportunityChanges
) -> Opportunity:
    """Change an open opportunity's description, priority, salesperson or campaign (O1 against
    its creation date); a SALES user cannot hand it to someone else."""
    async with transaction():
        opportunity = await locked_own_opportunity(ctx, no)
        errors = ErrorCollector()
        if opportunity.closed:
            errors.add(ErrorCode.INVALID, f"Opportunity {opportunity.no} is closed.", "no")
        values: dict[str, Any] = {}
        if given(changes.description):
            values["description"] = clean_text(errors, changes.description, "description")
        if given(changes.priority):
            values["priority"] = not_null(errors, changes.priority, "priority")
        if given(changes.salesperson_code):
            if not changes.salesperson_code:
                errors.add(ErrorCode.REQUIRED, "Salesperson code is required.", "salesperson_code")
            else:
                person = await assignable_salesperson(
                    errors,
                    changes.salesperson_code,
                    "salesperson_code",
                    already_assigned=opportunity.salesperson_id,
                )
                if person is not None:
                    ctx.require(Permission.MANAGE_OPPORTUNITIES, owners={person.code})
                    values["salesperson_id"] = person.id
        if given(changes.campaign_no):
            campaign = await existing_campaign(errors, changes.campaign_no, "campaign_no")
            if campaign is not None and campaign.id != opportunity.campaign_id:
                await eligible_campaign(
                    ctx, errors, campaign, opportunity.creation_date, "campaign_no"
                )
            values["campaign_id"] = campaign.id if campaign else None
        errors.raise_if_any()
        await opportunity.update_from_dict(values).save()
        return opportunity


async def delete_opportunity(ctx: ServiceContext, no: str) -> Opportunity:
    """Delete an opportunity with its entries. As in NAV, not while it is in progress (win or
    lose it first); unlike NAV, not while a task or an interaction refers to it, which would
    be left pointing nowhere (the error says what refers to it)."""
    async with transaction():
        opportunity = await locked_own_opportunity(ctx, no)
        if opportunity.status is OpportunityStatus.IN_PROGRESS:
            raise DomainError(
                ErrorCode.OPPORTUNITY_IN_PROGRESS,
                f"Opportunity {opportunity.no} is in progress: win or lose it before deleting it.",
                ("no",),
            )
        await delete_unreferenced(
            opportunity, "Opportunity", opportunity.no, ignore=frozenset({"entries"})
        )
        return opportunity


# --- reads -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OpportunityFilter:
    """Which opportunities to list; every given criterion must hold."""

    status: OpportunityStatus | None = None
    salesperson_codes: Sequence[str] | None = None
    campaign_no: str | None = None
    contact_no: str | None = None
    sales_cycle_code: str | None = None
    closed: bool | None = None


def opportunities_query(
    ctx: ServiceContext, criteria: OpportunityFilter | None = None
) -> QuerySet[Opportunity]:
    """The opportunities matching `criteria`, unordered."""
    ctx.require(Permission.READ)
    criteria = criteria or OpportunityFilter()
    query = Opportunity.all()
    if criteria.status is not None:
        query = query.filter(status=criteria.status)
    if criteria.salesperson_codes is not None:
        query = query.filter(salesperson__code__in=lookup_keys(criteria.salesperson_codes, NO_MAX))
    if criteria.campaign_no is not None:
        query = query.filter(campaign__no__in=lookup_keys([criteria.campaign_no], NO_MAX))
    if criteria.contact_no is not None:
        query = query.filter(contact__no__in=lookup_keys([criteria.contact_no], NO_MAX))
    if criteria.sales_cycle_code is not None:
        codes = lookup_keys([criteria.sales_cycle_code], CODE_MAX)
        query = query.filter(sales_cycle__code__in=codes)
    if criteria.closed is not None:
        query = query.filter(closed=criteria.closed)
    return query


async def opportunity_by_no(ctx: ServiceContext, no: str) -> Opportunity | None:
    """One opportunity by number, or None."""
    ctx.require(Permission.READ)
    return await find(Opportunity, no=lookup_key(no))


async def opportunity_entries(
    ctx: ServiceContext, opportunity_ids: Sequence[int]
) -> dict[int, list[OpportunityEntry]]:
    """Entries of several opportunities at once, by opportunity id, oldest first."""
    ctx.require(Permission.READ)
    found: dict[int, list[OpportunityEntry]] = {}
    rows = OpportunityEntry.filter(opportunity_id__in=list(opportunity_ids)).order_by("entry_no")
    for row in await rows:
        found.setdefault(row.opportunity_id, []).append(row)
    return found
