"""Setup: salespeople, teams (with members) and campaign status codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from server.models import CampaignStatus, Salesperson, Team
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCode, ErrorCollector
from server.services.core.storage import (
    create_unique,
    delete_unreferenced,
    existing,
    find,
    get_locked,
)
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    NO_MAX,
    UNSET,
    Unset,
    clean_email,
    clean_key,
    clean_text,
    given,
    lookup_key,
    not_null,
)

# --- salespeople ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SalespersonDraft:
    """Input for a new salesperson."""

    code: str
    name: str
    email: str | None = None
    phone: str | None = None
    job_title: str | None = None
    blocked: bool | None = False


@dataclass(frozen=True, kw_only=True)
class SalespersonChanges:
    """Partial update of a salesperson; the code is immutable."""

    name: str | Unset = UNSET
    email: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    job_title: str | Unset | None = UNSET
    blocked: bool | Unset | None = UNSET


def _salesperson_values(
    errors: ErrorCollector, data: SalespersonDraft | SalespersonChanges
) -> dict[str, object]:
    values: dict[str, object] = {}
    if given(data.name):
        values["name"] = clean_text(errors, data.name, "name")
    if given(data.email):
        values["email"] = clean_email(errors, data.email, "email")
    if given(data.phone):
        values["phone"] = clean_text(errors, data.phone, "phone", required=False, max_length=30)
    if given(data.job_title):
        values["job_title"] = clean_text(errors, data.job_title, "job_title", required=False)
    if given(data.blocked):
        values["blocked"] = not_null(errors, data.blocked, "blocked")
    return values


async def create_salesperson(ctx: ServiceContext, draft: SalespersonDraft) -> Salesperson:
    """Create a salesperson (code 1-20 characters, unique)."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    code = clean_key(errors, draft.code, "code", max_length=NO_MAX)
    values = _salesperson_values(errors, draft)
    errors.raise_if_any()
    async with transaction():
        return await create_unique(Salesperson, "Salesperson", "code", code=code, **values)


async def update_salesperson(
    ctx: ServiceContext, code: str, changes: SalespersonChanges
) -> Salesperson:
    """Change a salesperson's name, contact details or blocked flag."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    values = _salesperson_values(errors, changes)
    errors.raise_if_any()
    async with transaction():
        person = await get_locked(Salesperson, "Salesperson", "code", code=lookup_key(code))
        await person.update_from_dict(values).save()
        return person


async def delete_salesperson(ctx: ServiceContext, code: str) -> Salesperson:
    """Delete a salesperson nothing refers to (team memberships go with it)."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        person = await get_locked(Salesperson, "Salesperson", "code", code=lookup_key(code))
        await delete_unreferenced(person, "Salesperson", person.code)
        return person


async def salespeople(ctx: ServiceContext) -> list[Salesperson]:
    """All salespeople by code."""
    ctx.require(Permission.READ)
    return await Salesperson.all().order_by("code")


async def salesperson_by_code(ctx: ServiceContext, code: str) -> Salesperson | None:
    """One salesperson by code, or None."""
    ctx.require(Permission.READ)
    return await find(Salesperson, code=lookup_key(code))


async def assignable_salesperson(
    errors: ErrorCollector, code: str, *field: str | int, already_assigned: int | None = None
) -> Salesperson | None:
    """Resolve a salesperson code for an assignment: it must exist and, unless the record
    already has this salesperson, not be blocked."""
    person = await find(Salesperson, code=lookup_key(code))
    if person is None:
        errors.add(ErrorCode.NOT_FOUND, f"Salesperson {code!r} does not exist.", *field)
    elif person.blocked and person.id != already_assigned:
        errors.add(
            ErrorCode.BLOCKED,
            f"Salesperson {person.code} is blocked and cannot be assigned.",
            *field,
        )
        return None
    return person


# --- teams ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TeamDraft:
    """Input for a new team."""

    code: str
    name: str
    member_codes: Sequence[str] | None = field(default_factory=tuple)


@dataclass(frozen=True, kw_only=True)
class TeamChanges:
    """Partial update of a team; `member_codes` replaces the whole membership."""

    name: str | Unset = UNSET
    member_codes: Sequence[str] | Unset | None = UNSET


async def _members(
    errors: ErrorCollector, codes: Sequence[str], current: set[int]
) -> list[Salesperson]:
    """Resolve member codes; newly added members must not be blocked."""
    members: dict[int, Salesperson] = {}
    for index, raw in enumerate(codes):
        person = await find(Salesperson, code=lookup_key(raw))
        if person is None:
            errors.add(
                ErrorCode.NOT_FOUND, f"Salesperson {raw!r} does not exist.", "member_codes", index
            )
        elif person.blocked and person.id not in current:
            errors.add(
                ErrorCode.BLOCKED,
                f"Salesperson {person.code} is blocked and cannot join a team.",
                "member_codes",
                index,
            )
        else:
            members[person.id] = person
    return list(members.values())


async def create_team(ctx: ServiceContext, draft: TeamDraft) -> Team:
    """Create a team with its members."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    code = clean_key(errors, draft.code, "code", max_length=CODE_MAX)
    name = clean_text(errors, draft.name, "name")
    async with transaction():
        members = await _members(errors, draft.member_codes or (), set())
        errors.raise_if_any()
        team = await create_unique(Team, "Team", "code", code=code, name=name)
        if members:
            await team.members.add(*members)
        return team


async def update_team(ctx: ServiceContext, code: str, changes: TeamChanges) -> Team:
    """Rename a team or replace its members."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    name = clean_text(errors, changes.name, "name") if given(changes.name) else None
    async with transaction():
        team = await get_locked(Team, "Team", "code", code=lookup_key(code))
        members: list[Salesperson] | None = None
        if not isinstance(changes.member_codes, Unset):
            current = {p.id for p in await team.members.all()}
            # null, like [], leaves the team without members.
            members = await _members(errors, changes.member_codes or (), current)
        errors.raise_if_any()
        if name is not None:
            team.name = name
            await team.save()
        if members is not None:
            await team.members.clear()
            if members:
                await team.members.add(*members)
        return team


async def delete_team(ctx: ServiceContext, code: str) -> Team:
    """Delete a team nothing refers to; its memberships go with it."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        team = await get_locked(Team, "Team", "code", code=lookup_key(code))
        await delete_unreferenced(team, "Team", team.code)
        return team


async def teams(ctx: ServiceContext) -> list[Team]:
    """All teams by code."""
    ctx.require(Permission.READ)
    return await Team.all().order_by("code")


async def team_by_code(ctx: ServiceContext, code: str) -> Team | None:
    """One team by code, or None."""
    ctx.require(Permission.READ)
    return await find(Team, code=lookup_key(code))


async def team_members(
    ctx: ServiceContext, team_ids: Sequence[int]
) -> dict[int, list[Salesperson]]:
    """Members of several teams at once, by team id, ordered by code."""
    ctx.require(Permission.READ)
    found = await Team.filter(id__in=list(team_ids)).prefetch_related("members")
    return {t.id: sorted(t.members, key=lambda p: p.code) for t in found}


# --- campaign status codes -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CampaignStatusDraft:
    """Input for a new campaign status code."""

    code: str
    description: str
    sort_order: int | None = 0


@dataclass(frozen=True, kw_only=True)
class CampaignStatusChanges:
    """Partial update of a campaign status code."""

    description: str | Unset = UNSET
    sort_order: int | Unset | None = UNSET


async def create_campaign_status(ctx: ServiceContext, draft: CampaignStatusDraft) -> CampaignStatus:
    """Create a campaign status code (informational only)."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    code = clean_key(errors, draft.code, "code", max_length=CODE_MAX)
    description = clean_text(errors, draft.description, "description")
    sort_order = not_null(errors, draft.sort_order, "sort_order")
    errors.raise_if_any()
    async with transaction():
        return await create_unique(
            CampaignStatus,
            "Campaign status",
            "code",
            code=code,
            description=description,
            sort_order=sort_order,
        )


async def update_campaign_status(
    ctx: ServiceContext, code: str, changes: CampaignStatusChanges
) -> CampaignStatus:
    """Change a status code's description or sort order."""
    ctx.require(Permission.MANAGE_SETUP)
    errors = ErrorCollector()
    values: dict[str, object] = {}
    if given(changes.description):
        values["description"] = clean_text(errors, changes.description, "description")
    if given(changes.sort_order):
        values["sort_order"] = not_null(errors, changes.sort_order, "sort_order")
    errors.raise_if_any()
    async with transaction():
        status = await get_locked(CampaignStatus, "Campaign status", "code", code=lookup_key(code))
        await status.update_from_dict(values).save()
        return status


async def delete_campaign_status(ctx: ServiceContext, code: str) -> CampaignStatus:
    """Delete a status code; refused while a campaign uses it."""
    ctx.require(Permission.MANAGE_SETUP)
    async with transaction():
        status = await get_locked(CampaignStatus, "Campaign status", "code", code=lookup_key(code))
        await delete_unreferenced(status, "Campaign status", status.code)
        return status


async def campaign_statuses(ctx: ServiceContext) -> list[CampaignStatus]:
    """All status codes in sort order."""
    ctx.require(Permission.READ)
    return await CampaignStatus.all().order_by("sort_order", "code")


async def campaign_status_by_code(ctx: ServiceContext, code: str) -> CampaignStatus | None:
    """One status code, or None."""
    ctx.require(Permission.READ)
    return await find(CampaignStatus, code=lookup_key(code))


async def existing_status(
    errors: ErrorCollector, code: str, *field: str | int
) -> CampaignStatus | None:
    """Resolve a status code named in an input, recording NOT_FOUND."""
    status = await find(CampaignStatus, code=lookup_key(code))
    if status is None:
        errors.add(ErrorCode.NOT_FOUND, f"Campaign status {code!r} does not exist.", *field)
    return status


async def existing_team(errors: ErrorCollector, code: str | None, *field: str | int) -> Team | None:
    """Resolve a team code named in an input (blank: none), recording NOT_FOUND."""
    return await existing(errors, Team, "Team", code, *field)
