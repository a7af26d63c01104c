"""Campaign activation (DOMAIN A1-A8): who a campaign's prices and discounts reach.

The target group is always *derived*: `compute_targets` says who qualifies now (A1), and
`sync` makes the stored rows equal to that, adding what is missing and removing what is no
longer supported. Activation is a sync (A4); upkeep after any change that can affect
membership (A7) is a sync of the activated campaigns concerned, so the rows always equal a
fresh activation instead of being patched incrementally. That upkeep is declared once, here
(`keep_targets_exact`): services record a `TargetingChange` in their transaction and the unit
of work runs the upkeep before that transaction commits. Every sync locks the campaign row
first, so concurrent activations, deactivations and changes serialise per campaign (A8). The
lock is FOR NO KEY UPDATE on PostgreSQL: it serialises the syncs without waiting for the share
locks that inserts referring to the campaign hold, which deadlocked concurrent logging
(tests/services/core/test_lock_order.py).

`activated` (C4) is literally "has target rows". What keeps a campaign under upkeep is the
activation itself (`activation_requested`): if for a moment nothing qualifies, the rows go and
come back with the next qualifying change, instead of the campaign silently dropping out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from tortoise import connections
from tortoise.queryset import QuerySet

from server.models import (
    Campaign,
    CampaignTarget,
    ContactType,
    DiscountLine,
    PriceLine,
    TargetType,
)
from server.services.core.changes import TargetingChange
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode
from server.services.core.sql import Statement
from server.services.core.storage import column, get_locked
from server.services.core.unit_of_work import before_commit, transaction
from server.services.core.values import lookup_key

#: A member of a target group: (CUSTOMER, customer id) or (CONTACT, contact id).
Member = tuple[TargetType, int]

#: Rows per statement when target rows are added or removed in bulk (PostgreSQL takes at most
#: 32,767 parameters per statement).
_BATCH = 1000


class ActivationState(Enum):
    """Where a campaign stands with activation (C4 and A4-A7 together)."""

    #: Not activated: never, or deactivated since (A6). Its prices reach nobody.
    INACTIVE = "INACTIVE"
    #: Activated, with a target group: its prices reach its targets (C4: `activated`).
    ACTIVE = "ACTIVE"
    #: Activated, but nothing qualifies at the moment (every target line or interaction went):
    #: the target group is empty, so `activated` is false, and it fills again by itself as soon
    #: as something qualifies (A7), without another activation.
    AWAITING_TARGETS = "AWAITING_TARGETS"


def activation_state(requested: bool, targeted: bool) -> ActivationState:
    """C4/A7: the state shown for a campaign whose activation is `requested` and whose target
    group holds rows (`targeted`)."""
    if targeted:
        return ActivationState.ACTIVE
    return ActivationState.AWAITING_TARGETS if requested else ActivationState.INACTIVE


@dataclass(frozen=True)
class ActivationResult:
    """What activation left in place: the campaign and how many customers and contacts."""

    campaign: Campaign
    customers: int
    contacts: int


async def compute_targets(campaign_id: int) -> set[Member]:
    """A1: the contacts on target segment lines (open or logged) and on target interactions
    that are not postponed; each resolves to its company (a person without one to itself), and
    a company linked to a customer is that customer, otherwise the company contact.

    One statement, in the database: a campaign may target hundreds of thousands of lines."""
    db = connections.get("default")
    sql = Statement(db.capabilities.dialect)
    # Placeholders in the order they appear (SQLite's are positional).
    person = sql.param(ContactType.PERSON.value)
    campaign = sql.param(campaign_id)
    again = sql.param(campaign_id)
    statement = (
        'SELECT k."key" AS contact_key, cu."id" AS customer_id FROM ('
        f'SELECT DISTINCT CASE WHEN c."type" = {person} AND c."company_id" IS NOT NULL '
        'THEN c."company_id" ELSE c."id" END AS "key" FROM "contact" c '
        'WHERE c."id" IN (SELECT l."contact_id" FROM "segment_line" l '
        f'WHERE l."campaign_id" = {campaign} AND l."campaign_target") '
        'OR c."id" IN (SELECT i."contact_id" FROM "interaction" i '
        f'WHERE i."campaign_id" = {again} AND i."campaign_target" AND NOT i."postponed")'
        ') k LEFT JOIN "customer" cu ON cu."contact_id" = k."key"'
    )
    _, rows = await db.execute_query(statement, sql.params)
    return {
        (TargetType.CUSTOMER, int(row["customer_id"]))
        if row["customer_id"] is not None
        else (TargetType.CONTACT, int(row["contact_key"]))
        for row in rows
    }


async def stored_targets(campaign_id: int) -> set[Member]:
    """The rows the campaign has now."""
    rows = await CampaignTarget.filter(campaign_id=campaign_id).values_list(
        "type", "customer_id", "contact_id"
    )
    return {
        (TargetType(kind), customer if kind == TargetType.CUSTOMER else contact)
        for kind, customer, contact in rows
    }


async def sync(campaign_id: int) -> set[Member]:
    """A4/A7: make the stored rows equal a fresh computation (campaign row locked first)."""
    locked = await Campaign.filter(id=campaign_id).select_for_update(no_key=True).first()
    # The flag is read again under the lock: callers chose this campaign before taking it, and
    # a deactivation may have committed since. A deactivated campaign keeps no rows (A6).
    requested = locked is not None and locked.activation_requested
    wanted = await compute_targets(campaign_id) if requested else set()
    have = await stored_targets(campaign_id)
    gone = sorted(have - wanted, key=lambda m: (m[0].value, m[1]))
    for kind in TargetType:
        refs = [ref for k, ref in gone if k is kind]
        field = "customer_id" if kind is TargetType.CUSTOMER else "contact_id"
        for start in range(0, len(refs), _BATCH):
            chunk = refs[start : start + _BATCH]
            await CampaignTarget.filter(
                campaign_id=campaign_id, type=kind, **{f"{field}__in": chunk}
            ).delete()
    missing = wanted - have
    if missing:
        await CampaignTarget.bulk_create(
            [
                CampaignTarget(
                    campaign_id=campaign_id,
                    type=kind,
                    customer_id=ref if kind is TargetType.CUSTOMER else None,
                    contact_id=ref if kind is TargetType.CONTACT else None,
                )
                for kind, ref in sorted(missing, key=lambda m: (m[0].value, m[1]))
            ],
            batch_size=_BATCH,
        )
    return wanted


async def refresh(campaign_ids: Iterable[int | None] | None = None) -> None:
    """A7: re-sync the activated campaigns among `campaign_ids` (None: every activated one),
    inside the current transaction (services record a TargetingChange instead of calling it)."""
    if campaign_ids is not None:
        ids = sorted({i for i in campaign_ids if i is not None})
        if not ids:
            return
        # Named campaigns are synced whatever their flag says now: an activation committing
        # meanwhile must not be missed, and sync reads the flag again under the lock.
        for campaign_id in await column(Campaign.filter(id__in=ids), "id"):
            await sync(int(campaign_id))
        return
    # Every campaign is locked first (in id order, as sync takes them), and only then are the
    # flags read: an activation committing meanwhile is waited for, and seen. Reading the
    # flags first would miss it: a locking read only re-checks the rows it found.
    await Campaign.all().order_by("id").select_for_update(no_key=True).only("id")
    activated = Campaign.filter(activation_requested=True)
    for campaign_id in await column(activated, "id"):
        await sync(int(campaign_id))


@before_commit(TargetingChange)
async def keep_targets_exact(change: TargetingChange) -> None:
    """A7: before a transaction that changed what campaigns target commits, re-sync the
    activated campaigns concerned (every activated one when contacts resolve differently)."""
    # Every activated campaign covers the named ones: `refresh()` locks every campaign before
    # reading the flags, and a campaign not activated has no rows to keep (A6).
    await refresh(None if change.every_campaign else change.campaign_ids)


async def activate(
    ctx: ServiceContext, campaign_no: str, *, allow_without_pricing: bool = False
) -> ActivationResult:
    """A1-A5: fill the target group from the campaign's target lines and interactions;
    refused when nothing qualifies (A2) or, unless allowed, without prices or discounts (A3).
    Status and dates do not matter here (A5): dates act through the price lines."""
    ctx.require(Permission.MANAGE_PRICING)
    async with transaction():
        campaign = await get_locked(
            Campaign, "Campaign", "campaign_no", no_key=True, no=lookup_key(campaign_no)
        )
        if not await compute_targets(campaign.id):
            raise DomainError(
                ErrorCode.NO_CAMPAIGN_TARGETS,
                f"Campaign {campaign.no} has no targets: apply a segment to the campaign and "
                "tick Campaign Target on it (or on its lines).",
                ("campaign_no",),
            )
        priced = await PriceLine.exists(campaign_id=campaign.id) or await DiscountLine.exists(
            campaign_id=campaign.id
        )
        if not priced and not allow_without_pricing:
            raise DomainError(
                ErrorCode.NO_CAMPAIGN_PRICING,
                f"Campaign {campaign.no} has no campaign prices or line discounts; pass "
                "allowWithoutPricing to activate it anyway.",
                ("allow_without_pricing",),
            )
        campaign.activation_requested = True
        await campaign.save(update_fields=["activation_requested"])
        members = await sync(campaign.id)
        customers = sum(1 for kind, _ in members if kind is TargetType.CUSTOMER)
        return ActivationResult(campaign, customers, len(members) - customers)


async def deactivate(ctx: ServiceContext, campaign_no: str) -> ActivationResult:
    """A6: remove the whole target group; price and discount lines stay."""
    ctx.require(Permission.MANAGE_PRICING)
    async with transaction():
        campaign = await get_locked(
            Campaign, "Campaign", "campaign_no", no_key=True, no=lookup_key(campaign_no)
        )
        campaign.activation_requested = False
        await campaign.save(update_fields=["activation_requested"])
        await CampaignTarget.filter(campaign_id=campaign.id).delete()
        return ActivationResult(campaign, 0, 0)


async def activated_campaign_ids(ctx: ServiceContext, campaign_ids: Iterable[int]) -> set[int]:
    """C4: which of these campaigns are activated (have at least one target row)."""
    ctx.require(Permission.READ)
    ids = list(set(campaign_ids))
    rows = await column(CampaignTarget.filter(campaign_id__in=ids), "campaign_id")
    return {int(i) for i in rows}


def targets_query(ctx: ServiceContext) -> QuerySet[CampaignTarget]:
    """All target-group rows, unordered."""
    ctx.require(Permission.READ)
    return CampaignTarget.all()
