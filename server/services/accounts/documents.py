"""The registry of trusted documents (docs/api.md "Trusted documents"): which GraphQL documents each
version of each client app was built with, registered from the build's manifest before the
release and retired when the version is no longer supported. With
`CAMPAIGN_GRAPH_TRUSTED_DOCUMENTS=on` the server runs these documents and nothing else.

A document is stored once, by its SHA-256, and recorded for every app version that ships it: a
document is accepted while at least one active version has it. Registering is idempotent
(the same manifest again adds nothing) and registering a retired version again makes it active
again. Every change raises the registry's version in the same transaction, so that every server
process notices it (trusted.py); this process forgets its copy once the change commits.

Only ADMIN users register and retire (as they manage users and tokens).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import F

from server.models import TrustedDocument, TrustedDocumentRegistry, TrustedDocumentRelease
from server.services.accounts import trusted
from server.services.accounts.manifests import ManifestEntry
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCode, ErrorCollector, NotFound
from server.services.core.unit_of_work import on_commit, transaction

#: Client names and versions: letters, digits and . _ + - (a version such as 4.2.0+1402).
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
CLIENT_MAX = 100
VERSION_MAX = 50


@dataclass(frozen=True, slots=True)
class CheckedDocument:
    """What the schema says about a document: its operation and its problems, if any."""

    operation_name: str | None
    #: query, mutation or subscription (of its first operation); "" when it does not parse.
    operation_type: str
    problems: tuple[str, ...] = ()


#: Checks a document against the schema (the schema layer gives one: server/schema/trusted.py).
DocumentCheck = Callable[[str], CheckedDocument]


@dataclass(frozen=True, slots=True)
class Registration:
    """What registering a manifest did."""

    client: str
    version: str
    #: Documents the registry did not hold before.
    added: int
    #: Documents it held already (for this or another version).
    known: int
    #: The version had been retired and is active again.
    reactivated: bool


@dataclass(frozen=True, slots=True)
class Retirement:
    """What retiring an app version did."""

    client: str
    version: str
    documents: int
    #: Documents no longer accepted (no other active version has them).
    withdrawn: int
    #: The version was retired already: nothing changed.
    already: bool


@dataclass(frozen=True, slots=True)
class Release:
    """One registered version of one client app."""

    client: str
    version: str
    documents: int
    registered_at: datetime
    retired_at: datetime | None


def _clean_name(errors: ErrorCollector, value: str, field: str, limit: int) -> str:
    name = value.strip()
    if not name:
        errors.add(ErrorCode.REQUIRED, f"The {field} is required.", field)
    elif len(name) > limit:
        errors.add(ErrorCode.TOO_LONG, f"The {field} may have at most {limit} characters.", field)
    elif not _NAME.match(name):
        errors.add(
            ErrorCode.INVALID,
            f"The {field} may hold only letters, digits and . _ + - (got {value!r}).",
            field,
        )
    return name


def _checked(
    errors: ErrorCollector, entries: Sequence[ManifestEntry], check: DocumentCheck
) -> dict[str, CheckedDocument]:
    """Each entry's check; every invalid document is named with its problems."""
    checked = {}
    for entry in entries:
        result = check(entry.body)
        name = entry.name or result.operation_name
        label = f"{entry.hash[:12]}… ({name})" if name else f"{entry.hash[:12]}…"
        for problem in result.problems:
            errors.add(ErrorCode.INVALID, f"Document {label}: {problem}", "manifest", entry.hash)
        checked[entry.hash] = result
    return checked


async def register(
    ctx: ServiceContext,
    client: str,
    version: str,
    entries: Sequence[ManifestEntry],
    check: DocumentCheck,
) -> Registration:
    """Record every document of a manifest (manifests.read_manifest) for one app version;
    documents that are invalid against the schema refuse the whole manifest."""
    ctx.require(Permission.MANAGE_USERS)
    errors = ErrorCollector()
    client = _clean_name(errors, client, "client", CLIENT_MAX)
    version = _clean_name(errors, version, "version", VERSION_MAX)
    if not entries:
        errors.add(ErrorCode.REQUIRED, "The manifest holds no documents.", "manifest")
    checked = _checked(errors, entries, check)
    errors.raise_if_any()
    now = ctx.clock.now()
    async with transaction():
        hashes = [entry.hash for entry in entries]
        known = {d.hash: d for d in await TrustedDocument.filter(hash__in=hashes)}
        new = [
            TrustedDocument(
                hash=entry.hash,
                body=entry.body,
                operation_name=entry.name or checked[entry.hash].operation_name,
                operation_type=checked[entry.hash].operation_type,
                registered_at=now,
            )
            for entry in entries
            if entry.hash not in known
        ]
        if new:
            await TrustedDocument.bulk_create(new)
        ids = dict(await TrustedDocument.filter(hash__in=hashes).values_list("hash", "id"))
        releases = TrustedDocumentRelease.filter(client=client, version=version)
        reactivated = await releases.filter(retired_at__isnull=False).update(retired_at=None) > 0
        linked = set(await releases.values_list("document_id", flat=True))
        await TrustedDocumentRelease.bulk_create(
            [
                TrustedDocumentRelease(
                    document_id=ids[h], client=client, version=version, registered_at=now
                )
                for h in hashes
                if ids[h] not in linked
            ]
        )
        await _changed()
    return Registration(client, version, len(new), len(entries) - len(new), reactivated)


async def retire(ctx: ServiceContext, client: str, version: str) -> Retirement:
    """Stop accepting one app version's documents (those another active version has stay)."""
    ctx.require(Permission.MANAGE_USERS)
    client, version = client.strip(), version.strip()
    async with transaction():
        releases = TrustedDocumentRelease.filter(client=client, version=version)
        documents = await releases.values_list("document_id", flat=True)
        if not documents:
            raise NotFound("App version", f"{client} {version}", ("version",))
        active = await releases.filter(retired_at__isnull=True).update(retired_at=ctx.clock.now())
        still = await TrustedDocumentRelease.filter(
            document_id__in=documents, retired_at__isnull=True
        ).values_list("document_id", flat=True)
        if active:
            await _changed()
    withdrawn = len(set(documents) - set(still))
    return Retirement(client, version, len(documents), withdrawn, already=not active)


async def releases(ctx: ServiceContext, client: str | None = None) -> list[Release]:
    """Every registered app version (of one client), oldest first."""
    ctx.require(Permission.MANAGE_USERS)
    query = TrustedDocumentRelease.all()
    if client is not None:
        query = query.filter(client=client.strip())
    found: dict[tuple[str, str], Release] = {}
    rows = await query.values_list("client", "version", "registered_at", "retired_at")
    for name, version, registered_at, retired_at in rows:
        seen = found.get((name, version))
        count = seen.documents + 1 if seen else 1
        first = min(seen.registered_at, registered_at) if seen else registered_at
        found[(name, version)] = Release(name, version, count, first, retired_at)
    return sorted(found.values(), key=lambda r: (r.registered_at, r.client, r.version))


async def release_documents(
    ctx: ServiceContext, client: str, version: str
) -> list[TrustedDocument]:
    """The documents registered for one app version."""
    ctx.require(Permission.MANAGE_USERS)
    documents = await TrustedDocument.filter(
        releases__client=client.strip(), releases__version=version.strip()
    ).distinct()
    if not documents:
        raise NotFound("App version", f"{client} {version}", ("version",))
    return documents


async def _changed() -> None:
    """Inside the changing transaction: raise the registry's version (every process sees it),
    and forget this process's copies once it commits."""
    bumped = await TrustedDocumentRegistry.filter(id=trusted.REGISTRY_ID).update(
        version=F("version") + 1
    )
    if not bumped:  # a database made without migration 0013's row (tests' generated schemas)
        await TrustedDocumentRegistry.create(id=trusted.REGISTRY_ID, version=1)
    await on_commit(trusted.forget_everywhere)
