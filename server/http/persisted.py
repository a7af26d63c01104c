"""Automatic persisted queries (the Apollo APQ protocol, docs/clients.md "Automatic persisted
queries").

A client sends `extensions.persistedQuery = {version: 1, sha256Hash}` and no `query`. If the
server knows the hash it runs the stored document; if not it answers `PersistedQueryNotFound`
(`extensions.code = PERSISTED_QUERY_NOT_FOUND`) and the client resends the hash with the full
document, which the server checks against the hash, remembers and runs. Later requests, GET
ones included, carry only the hash.

The store is a bounded in-process LRU. Several server processes each keep their own: a hash
registered on one process is simply unknown on another, which answers "not found" once and
learns the document from the client's retry. Stored documents run exactly as if sent in full,
so every protection limit applies to them.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Any

from strawberry.http import GraphQLRequestData

from server import metrics

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
    """A bounded LRU of documents by their SHA-256, and the protocol around it."""

    def __init__(self, size: int) -> None:
        self.size = size
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

    def resolve(self, data: GraphQLRequestData) -> None:
        """Fill in `data.query` from the store, or verify and store the document sent."""
        digest = requested_hash(data.extensions)
        if digest is None:
            return
        if data.query is None:
            stored = self.get(digest)
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
        self.put(digest, data.query)
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
