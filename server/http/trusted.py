"""Trusted documents at the door (docs/api.md "Trusted documents"): which operation a request names,
and, with `CAMPAIGN_GRAPH_TRUSTED_DOCUMENTS=on`, the refusal of any that no active app version
registered (services/accounts/documents.py), before anything executes.

A request names a registered document in one of three ways:

- `documentId`: `sha256:<hex>` or the plain `<hex>` (the GraphQL-over-HTTP persisted documents
  convention), in a POST body, a batch item, a GET parameter or a websocket `subscribe`
  payload, with `variables` and `operationName` as usual and without `query`;
- `extensions.persistedQuery.sha256Hash` (Apollo's APQ) without `query`: in mode `on` the hash
  of a registered document runs it, and nothing is registered by APQ;
- its full `query` text, which in mode `on` runs only when its SHA-256 is registered.

In mode `permissive` ids are resolved the same way and every other operation runs too (the step
before `on`, while the counter of untrusted operations falls to zero). In mode `off` (the
default) none of this module runs.

A refusal is an HTTP 400 under both response media types (the request cannot run here, however
it is retried), or an `error` message on the websocket, with one error coded
`DOCUMENT_NOT_TRUSTED` (text not registered), `DOCUMENT_NOT_FOUND` (an id not registered, or
retired) or `DOCUMENT_ID_INVALID` (a malformed id, or both an id and a text).
"""

from __future__ import annotations

from typing import Any, Literal

import orjson
from strawberry.http import GraphQLRequestData

from server import metrics
from server.http.persisted import PersistedQueryError, requested_hash
from server.services.accounts.manifests import document_hash, hash_of_id
from server.services.accounts.trusted import TrustedCopy
from server.settings import Settings

NOT_TRUSTED = "DOCUMENT_NOT_TRUSTED"
NOT_FOUND = "DOCUMENT_NOT_FOUND"
ID_INVALID = "DOCUMENT_ID_INVALID"

_UNTRUSTED = metrics.TRUSTED_DOCUMENTS.labels("untrusted")
_UNKNOWN = metrics.TRUSTED_DOCUMENTS.labels("unknown")

_ABSENT: Any = object()

_NOT_TRUSTED_MESSAGE = (
    "This server runs only the documents registered for its client apps (trusted documents), "
    "and this one is not registered: send the documentId of a document of your app's "
    "manifest."
)


class DocumentRefused(Exception):
    """A request whose operation may not run here; `code` goes to `extensions.code`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def error(self) -> dict[str, Any]:
        """The refusal as one GraphQL error."""
        return {"message": self.message, "extensions": {"code": self.code}}


class TrustedDocuments:
    """One server's trusted-documents mode ("permissive" or "on") and its copy of the
    registry."""

    def __init__(self, mode: Literal["permissive", "on"], copy: TrustedCopy | None = None) -> None:
        self.mode = mode
        #: Only registered documents run (mode "on").
        self.enforcing = mode == "on"
        self.copy = copy or TrustedCopy()

    @classmethod
    def from_settings(cls, settings: Settings) -> TrustedDocuments | None:
        """The mode the settings ask for; None when it is off."""
        mode = settings.trusted_documents
        return None if mode == "off" else cls(mode)

    async def expressed(self, data: Any) -> Any:
        """What the express lane may run of a request body: the request with its registered
        document's text (sent by id or in full), or None; the full path answers the rest,
        refusals included. Unregistered text takes the full path in either mode."""
        if type(data) is not dict:
            return data  # a batch or worse: the express lane hands it on itself
        documents = await self.copy.documents()
        query, document_id = data.get("query"), data.get("documentId", _ABSENT)
        if document_id is _ABSENT:
            trusted = type(query) is str and document_hash(query) in documents
            return data if trusted else None
        digest = hash_of_id(document_id) if type(document_id) is str else None
        text = None if digest is None or query is not None else documents.get(digest)
        if text is None:
            return None
        request = {key: value for key, value in data.items() if key != "documentId"}
        request["query"] = text
        return request

    async def resolve(self, request: Any, parsed: GraphQLRequestData | list[Any]) -> None:
        """Fill in the text of each operation of a parsed HTTP request (a batch's too) that
        names a registered document; DocumentRefused for one that may not run."""
        items = parsed if isinstance(parsed, list) else [parsed]
        ids = await _document_ids(request, len(items))
        documents = await self.copy.documents()
        for index, data in enumerate(items):
            try:
                data.query = self._text(documents, data.query, ids[index], data.extensions)
            except DocumentRefused as refused:
                if len(items) > 1:
                    refused.message = f"Operation {index} of the batch: {refused.message}"
                raise

    async def resolve_payload(self, payload: dict[str, Any]) -> DocumentRefused | None:
        """Fill in the `query` of a websocket `subscribe` payload that names a registered
        document; the refusal when it may not run."""
        documents = await self.copy.documents()
        query = payload.get("query")
        extensions = payload.get("extensions")
        try:
            text = self._text(
                documents,
                query if isinstance(query, str) else None,
                payload.pop("documentId", _ABSENT),
                extensions if isinstance(extensions, dict) else None,
            )
        except DocumentRefused as refused:
            return refused
        if text is not None:
            payload["query"] = text
        return None

    def _text(
        self,
        documents: dict[str, str] | Any,
        query: str | None,
        document_id: object,
        extensions: dict[str, Any] | None,
    ) -> str | None:
        """The text an operation runs (None: it sent none, Strawberry says so)."""
        if document_id is not _ABSENT:
            return _by_id(documents, query, document_id)
        if not self.enforcing:
            if query is not None and document_hash(query) not in documents:
                _UNTRUSTED.inc()
            return query  # automatic persisted queries work as without the mode
        try:
            digest = requested_hash(extensions)
        except PersistedQueryError as exc:
            raise DocumentRefused(exc.code, exc.message) from None
        if digest is not None and query is None:
            return _lookup(documents, digest)
        if query is None:
            return None
        if document_hash(query) not in documents:
            _UNTRUSTED.inc()
            raise DocumentRefused(NOT_TRUSTED, _NOT_TRUSTED_MESSAGE)
        return query


def _by_id(documents: dict[str, str] | Any, query: str | None, document_id: object) -> str:
    digest = hash_of_id(document_id) if isinstance(document_id, str) else None
    if digest is None:
        raise DocumentRefused(
            ID_INVALID,
            "`documentId` must be `sha256:` and the 64 lowercase hexadecimal digits of the "
            "document's SHA-256, or those digits alone.",
        )
    if query is not None:
        raise DocumentRefused(ID_INVALID, "Send either `documentId` or `query`, not both.")
    return _lookup(documents, digest)


def _lookup(documents: dict[str, str] | Any, digest: str) -> str:
    text: str | None = documents.get(digest)
    if text is None:
        _UNKNOWN.inc()
        raise DocumentRefused(
            NOT_FOUND,
            f"No document sha256:{digest} is registered for an active version of a client "
            "app: register your app version's manifest, or update the app.",
        )
    return text


async def _document_ids(request: Any, count: int) -> list[Any]:
    """The `documentId` of each operation of a request (_ABSENT where it has none): a GET
    parameter, or a member of the JSON body (which is only parsed again when it has one)."""
    if request.method == "GET":
        return [request.query_params.get("documentId", _ABSENT)]
    body = await request.get_body()
    if b'"documentId"' not in body:
        return [_ABSENT] * count
    data = orjson.loads(body)
    items = data if isinstance(data, list) else [data]
    return [
        item.get("documentId", _ABSENT) if isinstance(item, dict) else _ABSENT for item in items
    ]
