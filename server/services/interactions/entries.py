"""Cancelling, restoring, deleting and correcting what was logged (DOMAIN L4-L6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from server.models import (
    CampaignEntry,
    Evaluation,
    Interaction,
    LoggedSegment,
    Salesperson,
    SegmentLine,
)
from server.services.core import events
from server.services.core.changes import record_targeting_change
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector, NotFound
from server.services.core.storage import column
from server.services.core.unit_of_work import transaction
from server.services.core.values import UNSET, Unset, clean_text, given


def _kind(canceled: bool) -> events.ActivityKind:
    return events.ActivityKind.CANCELED if canceled else events.ActivityKind.UNCANCELED


@dataclass(frozen=True, kw_only=True)
class InteractionCorrection:
    """L6: the only things that may be corrected on a logged interaction."""

    description: str | Unset = UNSET
    subject: str | Unset | None = UNSET
    evaluation: Evaluation | Unset | None = UNSET


async def _locked_entry(entry_no: int) -> CampaignEntry:
    entry = await CampaignEntry.filter(entry_no=entry_no).select_for_update().first()
    if entry is None:
        raise NotFound("Campaign entry", str(entry_no), ("entry_no",))
    return entry


async def _locked_interaction(entry_no: int) -> Interaction:
    interaction = await Interaction.filter(entry_no=entry_no).select_for_update().first()
    if interaction is None:
        raise NotFound("Interaction", str(entry_no), ("entry_no",))
    return interaction


async def _locked_logged_segment(entry_no: int) -> LoggedSegment:
    logged = await LoggedSegment.filter(entry_no=entry_no).select_for_update().first()
    if logged is None:
        raise NotFound("Logged segment", str(entry_no), ("entry_no",))
    return logged


async def _logged_segment_canceled(logged_segment_id: int | None) -> bool:
    if logged_segment_id is None:
        return False
    return await LoggedSegment.exists(entry_no=logged_segment_id, canceled=True)


async def campaign_entry_set_canceled(
    ctx: ServiceContext, entry_no: int, canceled: bool
) -> CampaignEntry:
    """L4: cancel or restore a campaign entry together with all its interactions; an entry
    of a cancelled logged segment cannot be restored on its own."""
    ctx.require(Permission.CANCEL_ENTRIES)
    async with transaction():
        entry = await _locked_entry(entry_no)
        if not canceled and await _logged_segment_canceled(entry.logged_segment_id):
            raise DomainError(
                ErrorCode.PARENT_CANCELED,
                f"Campaign entry {entry.entry_no} belongs to a cancelled logged segment: "
                "restore the logged segment instead.",
                ("entry_no",),
            )
        entry.canceled = canceled
        await entry.save(update_fields=["canceled"])
        await Interaction.filter(campaign_entry_id=entry.entry_no).update(canceled=canceled)
        await events.emit(await events.affected(_kind(canceled), campaign_entry_id=entry.entry_no))
        return entry


async def logged_segment_set_canceled(
    ctx: ServiceContext, entry_no: int, canceled: bool
) -> LoggedSegment:
    """L4: cancel or restore a logged segment with its campaign entries and interactions."""
    ctx.require(Permission.CANCEL_ENTRIES)
    async with transaction():
        logged = await _locked_logged_segment(entry_no)
        logged.canceled = canceled
        await logged.save(update_fields=["canceled"])
        await CampaignEntry.filter(logged_segment_id=logged.entry_no).update(canceled=canceled)
        await Interaction.filter(logged_segment_id=logged.entry_no).update(canceled=canceled)
        await events.emit(await events.affected(_kind(canceled), logged_segment_id=logged.entry_no))
        return logged


async def interaction_set_canceled(
    ctx: ServiceContext, entry_no: int, canceled: bool
) -> Interaction:
    """L4: cancel or restore one interaction; restoring needs its entry and logged segment
    to be restored first."""
    ctx.require(Permission.CANCEL_ENTRIES)
    async with transaction():
        interaction = await _locked_interaction(entry_no)
        if not canceled:
            entry_canceled = (
                interaction.campaign_entry_id is not None
                and await CampaignEntry.exists(
                    entry_no=interaction.campaign_entry_id, canceled=True
                )
            )
            if entry_canceled or await _logged_segment_canceled(interaction.logged_segment_id):
                raise DomainError(
                    ErrorCode.PARENT_CANCELED,
                    f"Interaction {interaction.entry_no} cannot be restored while its campaign "
                    "entry or logged segment is cancelled.",
                    ("entry_no",),
                )
        interaction.canceled = canceled
        await interaction.save(update_fields=["canceled"])
        await events.emit(
            events.events_for(_kind(canceled), [(interaction.entry_no, interaction.campaign_id)])
        )
        return interaction


async def campaign_entries_delete(ctx: ServiceContext, entry_nos: Sequence[int]) -> list[int]:
    """L5: delete cancelled campaign entries with their interactions (all or none)."""
    ctx.require(Permission.CANCEL_ENTRIES)
    errors = ErrorCollector()
    async with transaction():
        entries = {
            e.entry_no: e
            for e in await CampaignEntry.filter(entry_no__in=list(entry_nos)).select_for_update()
        }
        for index, entry_no in enumerate(entry_nos):
            entry = entries.get(entry_no)
            if entry is None:
                errors.add(
                    ErrorCode.NOT_FOUND,
                    f"Campaign entry {entry_no} does not exist.",
                    "entry_nos",
                    index,
                )
            elif not entry.canceled:
                errors.add(
                    ErrorCode.ENTRY_NOT_CANCELED,
                    f"Campaign entry {entry_no} is not cancelled; only cancelled entries can be "
                    "deleted.",
                    "entry_nos",
                    index,
                )
        errors.raise_if_any()
        ids = list(entries)
        deleted = await events.affected(events.ActivityKind.DELETED, campaign_entry_id__in=ids)
        await _delete_interactions(Interaction.filter(campaign_entry_id__in=ids))
        await events.emit(deleted)
        await SegmentLine.filter(campaign_entry_id__in=ids).update(campaign_entry_id=None)
        await CampaignEntry.filter(entry_no__in=ids).delete()
        return ids


async def interaction_delete(ctx: ServiceContext, entry_no: int) -> Interaction:
    """L5: delete one cancelled interaction."""
    ctx.require(Permission.CANCEL_ENTRIES)
    async with transaction():
        interaction = await _locked_interaction(entry_no)
        if not interaction.canceled:
            raise DomainError(
                ErrorCode.ENTRY_NOT_CANCELED,
                f"Interaction {entry_no} is not cancelled; only cancelled ones can be deleted.",
                ("entry_no",),
            )
        await _delete_interactions(Interaction.filter(entry_no=entry_no))
        await events.emit(
            events.events_for(
                events.ActivityKind.DELETED, [(interaction.entry_no, interaction.campaign_id)]
            )
        )
        return interaction


async def _delete_interactions(interactions: QuerySet[Interaction]) -> None:
    """Delete interactions and keep the target groups they supported exact (A7)."""
    campaigns = await column(interactions, "campaign_id")
    await interactions.delete()
    record_targeting_change(campaigns)


async def interaction_correct(
    ctx: ServiceContext, entry_no: int, correction: InteractionCorrection
) -> Interaction:
    """L6: correct the description, subject or evaluation; nothing else changes after logging."""
    errors = ErrorCollector()
    values: dict[str, object] = {}
    if given(correction.description):
        values["description"] = clean_text(errors, correction.description, "description")
    if given(correction.subject):
        values["subject"] = clean_text(errors, correction.subject, "subject", required=False)
    if given(correction.evaluation):
        values["evaluation"] = correction.evaluation
    errors.raise_if_any()
    async with transaction():
        interaction = await _locked_interaction(entry_no)
        owner = await Salesperson.get_or_none(id=interaction.salesperson_id)
        ctx.require(Permission.LOG_INTERACTIONS, owners={owner.code} if owner else set())
        changed = {k: v for k, v in values.items() if getattr(interaction, k) != v}
        if changed:
            await interaction.update_from_dict(changed).save(update_fields=list(changed))
            await events.emit(
                events.events_for(
                    events.ActivityKind.CORRECTED, [(interaction.entry_no, interaction.campaign_id)]
                )
            )
        return interaction
