"""Automatic persisted queries (the Apollo APQ protocol, docs/clients.md "Automatic persisted
queries").

A client sends `extensions.persistedQuery = {version: 1, sha256Hash}` and no `query`. If the
server knows the hash it runs the stored document; if not it answers `PersistedQueryNotFound`
(`extensions.code = PERSISTED_QUERY_NOT_FOUND`) and the client resends the hash with the full
document, which the server checks against the hash, remembers and runs. Later requests, GET
ones included, carry only the hash.

Each process keeps a bounded LRU of documents. With a shared store (PostgreSQL or Redis,
services/core/shared_state.py, chosen by http/shared.py) a registration is written there too and
a hash the LRU lacks is looked for there, so a document registered on one process runs by its
hash on every other, the first time. A store that fails is logged and taken for a miss: the
client's retry sends the document, which runs (its registration stays in this process). Without
one, a hash registered on one process is unknown on another, which answers "not found" once and
learns the document from the client's retry. Stored documents run exactly as if sent in full,
so every protection limit applies to them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from typing import Any

from strawberry.http import GraphQLRequestData

from server import metrics
from server.services.core.shared_state import DocumentStore

log = logging.getLogger("campaign_graph.persisted_queries")

#: The only APQ protocol version there is.
APQ_VERSION = 1

#: Documents longer than this are run but never stored (the store's memory stays bounded).
MAX_STORED_CHARS = 100_000

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueryError(Exception):
    """An APQ request that cannot run: its `code` goes to `extensions.code`."""

    def __init__(self, code: str, message: str, *, request_error: bool) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        #: A malformed request (400 whatever the media type) rather than a protocol step.
        self.request_error = request_error


def not_found() -> PersistedQueryError:
    """The protocol step that asks the client to send the document with its hash."""
    return PersistedQueryError(
        "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", request_error=False
    )


def sha256_hex(document: str) -> str:
    """The hash APQ clients send: lowercase hex SHA-256 of the UTF-8 document text."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


class PersistedQueries:
    """A bounded LRU of documents by their SHA-256 in front of an optional shared store, and
    the protocol around them."""

    def __init__(self, size: int, store: DocumentStore | None = None) -> None:
        self.size = size
        self.store = store
        self._documents: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._documents)

    def get(self, digest: str) -> str | None:
        """The stored document for `digest` (marked recently used), or None."""
        document = self._documents.get(digest)
        if document is not None:
            self._documents.move_to_end(digest)
        return document

    def put(self, digest: str, document: str) -> None:
        """Remember a verified document, evicting the least recently used beyond the size."""
        if len(document) > MAX_STORED_CHARS or self.size <= 0:
            return
        self._documents[digest] = document
        self._documents.move_to_end(digest)
        while len(self._documents) > self.size:
            self._documents.popitem(last=False)

    async def lookup(self, digest: str) -> str | None:
        """The document for `digest`: this process's, else the shared store's (then kept here
        too); None when neither has it or the store fails (logged)."""
        document = self.get(digest)
        if document is not None or self.store is None:
            return document
        try:
            document = await self.store.get(digest)
        except Exception as exc:
            log.warning("persisted query %s not looked up in the shared store: %r", digest, exc)
            return None
        if document is not None:
            self.put(digest, document)
        return document

    async def register(self, digest: str, document: str) -> None:
        """Keep a verified document here and in the shared store (a failure there is logged:
        the document stays in this process)."""
        self.put(digest, document)
        if self.store is None or len(document) > MAX_STORED_CHARS:
            return
        try:
            await self.store.put(digest, document)
        except Exception as exc:
            log.warning("persisted query %s not registered in the shared store: %r", digest, exc)

    async def resolve(self, data: GraphQLRequestData) -> None:
        """Fill in `data.query` from the store, or verify and store the document sent."""
        digest = requested_hash(data.extensions)
        if digest is None:
            return
        if data.query is None:
            stored = await self.lookup(digest)
            if stored is None:
                metrics.PERSISTED_QUERIES.labels("miss").inc()
                raise not_found()
            metrics.PERSISTED_QUERIES.labels("hit").inc()
            data.query = stored
            return
        if sha256_hex(data.query) != digest:
            raise PersistedQueryError(
                "PERSISTED_QUERY_HASH_MISMATCH",
                "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent "
                "(hash the exact UTF-8 text of `query`, in lowercase hex).",
                request_error=True,
            )
        await self.register(digest, data.query)
        metrics.PERSISTED_QUERIES.labels("registered").inc()


def requested_hash(extensions: dict[str, Any] | None) -> str | None:
    """The requested hash, None without APQ, or an error (PersistedQueryError) for a malformed
    extension."""
    if not extensions or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict):
        raise _invalid("extensions.persistedQuery must be an object.")
    if persisted.get("version") != APQ_VERSION:
        raise _invalid(f"extensions.persistedQuery.version must be {APQ_VERSION}.")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256.match(digest.lower()):
        raise _invalid("extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits.")
    return digest.lower()


def _invalid(message: str) -> PersistedQueryError:
    return PersistedQueryError("PERSISTED_QUERY_INVALID", message, request_error=True)
