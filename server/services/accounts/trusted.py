"""Each server process's copy of the trusted documents (documents.py keeps the registry in the
database, shared by every process and machine).

Looking a document up must cost no database round trip, so a process keeps the text of every
active document by hash, with the registry version it was read at. At most once per
`refresh_interval` (1 s) a request first asks the database for the version (one small read of
one row, whichever request comes first after the interval; the others use the copy), and only
when it moved are the documents read again. So:

- a change made through this process (documents.py) is seen at once: its commit makes every
  copy of the process stale;
- a change made elsewhere (the command line, another worker or machine) is seen within
  `refresh_interval`: a retired app version's documents stop being accepted by then.

When the registry cannot be read (no such table, the database away) the process keeps the copy
it has, which is empty before the first read: with trusted documents on, nothing runs rather than
everything (the failure is logged, and tried again after the interval).
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable, Mapping

from tortoise.expressions import Subquery

from server.models import TrustedDocument, TrustedDocumentRegistry, TrustedDocumentRelease

log = logging.getLogger("campaign_graph.trusted_documents")

#: Seconds a process uses its copy before it asks whether the registry changed.
REFRESH_INTERVAL = 1.0

#: The registry's one row (documents.py raises its version).
REGISTRY_ID = 1

_NEVER = float("-inf")


async def registry_version() -> int:
    """The registry's version: it changes with every registration and retirement."""
    row = await TrustedDocumentRegistry.get_or_none(id=REGISTRY_ID)
    return 0 if row is None else int(row.version)


async def active_documents() -> dict[str, str]:
    """The text of every document some active app version has, by hash."""
    active = TrustedDocumentRelease.filter(retired_at__isnull=True).values("document_id")
    rows = await TrustedDocument.filter(id__in=Subquery(active)).values_list("hash", "body")
    return dict(rows)


class TrustedCopy:
    """One process's copy of the active trusted documents, refreshed as the module says."""

    def __init__(
        self,
        refresh_interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        #: Seconds between two looks at the registry's version (REFRESH_INTERVAL by default).
        self.refresh_interval = REFRESH_INTERVAL if refresh_interval is None else refresh_interval
        self._clock = clock
        self._documents: dict[str, str] = {}
        self._version: int | None = None
        self._checked = _NEVER
        self._lock: asyncio.Lock | None = None
        _copies.add(self)

    @property
    def version(self) -> int | None:
        """The registry version the copy holds (None before the first read)."""
        return self._version

    async def documents(self) -> Mapping[str, str]:
        """Every active document's text by hash, as of at most `refresh_interval` ago (at once
        for changes made in this process)."""
        if self._clock() - self._checked >= self.refresh_interval:
            await self.refresh()
        return self._documents

    async def refresh(self) -> None:
        """Read the registry's version, and its documents when the version moved."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            started = self._clock()
            if started - self._checked < self.refresh_interval:
                return  # another request refreshed the copy while this one waited
            try:
                version = await registry_version()
                if version != self._version:
                    self._documents = await active_documents()
                    self._version = version
            except Exception:
                log.exception("the trusted documents could not be read: the previous copy stays")
            self._checked = started

    def forget(self) -> None:
        """Make the copy stale: the next lookup asks the database."""
        self._checked = _NEVER


_copies: weakref.WeakSet[TrustedCopy] = weakref.WeakSet()


async def forget_everywhere() -> None:
    """After a change to the registry committed by this process: every copy here is stale."""
    for copy in list(_copies):
        copy.forget()
