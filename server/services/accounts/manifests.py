"""Manifests of trusted documents as client builds write them (docs/api.md "Trusted documents").

Two formats are read:

- GraphQL Code Generator's client preset with `persistedDocuments: true`
  (`persisted-documents.json`): a JSON object mapping each document's hash to its text;
- Apollo's persisted query manifest: `{"format": "apollo-persisted-query-manifest",
  "version": 1, "operations": [{"id", "name", "type", "body"}]}`.

Either way a document's id is the lowercase hex SHA-256 of its exact UTF-8 text (a
`sha256:` prefix is accepted too), and every entry's id is checked against its text here: a
manifest made with another hash (codegen's `hashAlgorithm: "sha1"`, say) is refused, naming the
entries. Whether a text is a valid operation of the schema is the caller's check: services know
no GraphQL (documents.py takes it as a function).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from server.services.core.errors import ErrorCode, ErrorCollector

#: The `format` of Apollo's persisted query manifests.
APOLLO_FORMAT = "apollo-persisted-query-manifest"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One document of a manifest, its hash verified."""

    hash: str
    body: str
    #: The operation name the manifest gives (Apollo's), if any.
    name: str | None = None


def document_hash(body: str) -> str:
    """A document's id: the lowercase hex SHA-256 of its UTF-8 text."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def hash_of_id(document_id: str) -> str | None:
    """The SHA-256 a document id names (`sha256:<hex>` or plain `<hex>`, any case), or None
    for an id of another form."""
    text = document_id[7:] if document_id[:7].lower() == "sha256:" else document_id
    text = text.lower()
    return text if _SHA256.match(text) else None


def read_manifest(text: str | bytes) -> list[ManifestEntry]:
    """The entries of a manifest in either format, each hash checked against its text;
    ValidationFailed names every entry at fault."""
    errors = ErrorCollector()
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as reason:
        errors.add(ErrorCode.INVALID, f"The manifest is not JSON ({reason}).", "manifest")
        errors.raise_if_any()
    entries: list[ManifestEntry] = []
    if isinstance(data, dict) and "format" in data:
        entries = _apollo(errors, data)
    elif isinstance(data, dict):
        entries = _codegen(errors, data)
    else:
        errors.add(
            ErrorCode.INVALID,
            "The manifest must be a JSON object: GraphQL Code Generator's "
            "persisted-documents.json or an Apollo persisted query manifest.",
            "manifest",
        )
    if not entries and not errors:
        errors.add(ErrorCode.REQUIRED, "The manifest holds no documents.", "manifest")
    errors.raise_if_any()
    return _distinct(entries)


def _codegen(errors: ErrorCollector, data: dict[str, Any]) -> list[ManifestEntry]:
    entries = []
    for key, body in data.items():
        if not isinstance(body, str):
            errors.add(
                ErrorCode.INVALID,
                f"Entry {key!r}: its document must be a string of GraphQL.",
                "manifest",
                key,
            )
            continue
        entry = _verified(errors, key, body, None, key)
        if entry is not None:
            entries.append(entry)
    return entries


def _apollo(errors: ErrorCollector, data: dict[str, Any]) -> list[ManifestEntry]:
    if data.get("format") != APOLLO_FORMAT or data.get("version") != 1:
        errors.add(
            ErrorCode.INVALID,
            f"Unknown manifest format {data.get('format')!r} version {data.get('version')!r}: "
            f"read are {APOLLO_FORMAT!r} version 1 and codegen's persisted-documents.json.",
            "manifest",
        )
        return []
    operations = data.get("operations")
    if not isinstance(operations, list):
        errors.add(ErrorCode.INVALID, "`operations` must be a list.", "manifest", "operations")
        return []
    entries = []
    for index, operation in enumerate(operations):
        where = f"operations[{index}]"
        if not isinstance(operation, dict):
            errors.add(ErrorCode.INVALID, f"{where} must be an object.", "manifest", index)
            continue
        key, body, name = operation.get("id"), operation.get("body"), operation.get("name")
        if not isinstance(key, str) or not isinstance(body, str):
            errors.add(
                ErrorCode.INVALID,
                f"{where} needs `id` and `body` strings.",
                "manifest",
                index,
            )
            continue
        label = f"{where} ({name})" if isinstance(name, str) and name else where
        entry = _verified(errors, key, body, name if isinstance(name, str) else None, label)
        if entry is not None:
            entries.append(entry)
    return entries


def _verified(
    errors: ErrorCollector, key: str, body: str, name: str | None, label: str
) -> ManifestEntry | None:
    """The entry when `key` is the SHA-256 of `body`; else the problem, naming the entry."""
    wanted = hash_of_id(key)
    actual = document_hash(body)
    if wanted is None:
        errors.add(
            ErrorCode.INVALID,
            f"Entry {label}: {key!r} is no SHA-256 (64 hexadecimal digits); build the manifest "
            "with the SHA-256 hash (codegen's default hashAlgorithm).",
            "manifest",
            key,
        )
        return None
    if wanted != actual:
        errors.add(
            ErrorCode.INVALID,
            f"Entry {label}: {key!r} is not the SHA-256 of its document (which is {actual}); "
            "the document was changed after the manifest was made, or hashed otherwise.",
            "manifest",
            key,
        )
        return None
    return ManifestEntry(actual, body, name)


def _distinct(entries: list[ManifestEntry]) -> list[ManifestEntry]:
    """Each document once, in manifest order."""
    seen: dict[str, ManifestEntry] = {}
    for entry in entries:
        seen.setdefault(entry.hash, entry)
    return list(seen.values())
