"""The trusted documents registry (services/accounts/documents.py, manifests.py, trusted.py):
manifests in both formats, every hash and document checked, idempotent registration, retirement,
and each process's copy noticing changes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from server.models import Role, TrustedDocument, TrustedDocumentRelease
from server.schema.trusted import check_document
from server.services.accounts import documents, trusted
from server.services.accounts.manifests import (
    APOLLO_FORMAT,
    ManifestEntry,
    document_hash,
    hash_of_id,
    read_manifest,
)
from server.services.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.conftest import make_ctx

ADMIN = make_ctx(Role.ADMIN)
pytestmark = pytest.mark.usefixtures("db")

ONE = 'query One { campaign(no: "CP1") { no } }'
TWO = "query Two { campaigns(first: 1) { totalCount } }"
CREATE = 'mutation Create { campaignCreate(input: {description: "X"}) { campaign { no } } }'


def codegen(*bodies: str) -> str:
    """A persisted-documents.json as GraphQL Code Generator's client preset writes it."""
    return json.dumps({document_hash(body): body for body in bodies})


def apollo(*bodies: str) -> str:
    operations = [
        {"id": document_hash(b), "name": f"Op{i}", "type": "query", "body": b}
        for i, b in enumerate(bodies)
    ]
    return json.dumps({"format": APOLLO_FORMAT, "version": 1, "operations": operations})


async def _register(version: str, *bodies: str, client: str = "ios") -> documents.Registration:
    entries = read_manifest(codegen(*bodies))
    return await documents.register(ADMIN, client, version, entries, check_document)


def _messages(refusal: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [error.message for error in refusal.value.errors]


def test_both_manifest_formats_are_read_with_their_hashes_checked():
    from_codegen = read_manifest(codegen(ONE, TWO))
    from_apollo = read_manifest(apollo(ONE, TWO, ONE))

    assert [e.hash for e in from_codegen] == [document_hash(ONE), document_hash(TWO)]
    assert [(e.hash, e.body) for e in from_apollo] == [(e.hash, e.body) for e in from_codegen]
    assert from_apollo[0].name == "Op0"
    prefixed = read_manifest(json.dumps({f"sha256:{document_hash(ONE).upper()}": ONE}))
    assert prefixed == [ManifestEntry(document_hash(ONE), ONE)]


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (json.dumps({document_hash(TWO): ONE}), "is not the SHA-256 of its document"),
        (json.dumps({"abc": ONE}), "'abc' is no SHA-256"),
        (json.dumps({document_hash(ONE): 7}), "must be a string of GraphQL"),
        ("{not json", "The manifest is not JSON"),
        ("[]", "must be a JSON object"),
        ("{}", "holds no documents"),
        (json.dumps({"format": "relay", "version": 1}), "Unknown manifest format 'relay'"),
        (
            json.dumps({"format": APOLLO_FORMAT, "version": 1, "operations": [{"id": "x"}]}),
            "operations[0] needs `id` and `body` strings",
        ),
    ],
)
def test_a_bad_manifest_is_refused_naming_the_entry(manifest: str, expected: str):
    with pytest.raises(ValidationFailed) as refusal:
        read_manifest(manifest)

    assert any(expected in message for message in _messages(refusal)), _messages(refusal)


def test_document_ids_are_sha256_with_or_without_prefix():
    digest = document_hash(ONE)

    assert hash_of_id(digest) == hash_of_id(f"sha256:{digest}") == digest
    assert hash_of_id(f"md5:{digest}") is None
    assert hash_of_id("abc") is None


async def test_documents_invalid_against_the_schema_refuse_the_manifest_naming_them():
    bad = "query Bad { campaign(no: 1) { nope } }"
    with pytest.raises(ValidationFailed) as refusal:
        await _register("1.0", ONE, bad, "{ campaign(no: ")

    messages = _messages(refusal)
    assert len(messages) == 3  # the wrong argument, the unknown field, the parse error
    assert any(f"{document_hash(bad)[:12]}… (Bad): is invalid" in m for m in messages)
    assert any("does not parse" in m for m in messages)
    assert await TrustedDocument.all().count() == 0


async def test_registering_is_idempotent_and_records_each_version():
    first = await _register("1.0", ONE, CREATE)
    again = await _register("1.0", ONE, CREATE)
    second = await _register("1.1", ONE, TWO)

    assert (first.added, first.known) == (2, 0)
    assert (again.added, again.known) == (0, 2)
    assert (second.added, second.known) == (1, 1)
    assert await TrustedDocument.all().count() == 3
    assert await TrustedDocumentRelease.all().count() == 4
    stored = await TrustedDocument.get(hash=document_hash(CREATE))
    assert (stored.operation_name, stored.operation_type) == ("Create", "mutation")
    shipped = await documents.release_documents(ADMIN, "ios", "1.1")
    assert [d.operation_name for d in shipped] == ["One", "Two"]
    listed = await documents.releases(ADMIN)
    assert [(r.client, r.version, r.documents, r.retired_at) for r in listed] == [
        ("ios", "1.0", 2, None),
        ("ios", "1.1", 2, None),
    ]


async def test_retiring_withdraws_only_documents_no_active_version_has():
    await _register("1.0", ONE, CREATE)
    await _register("1.1", ONE, TWO)
    await _register("1.0", ONE, client="android")

    retired = await documents.retire(ADMIN, "ios", "1.0")
    again = await documents.retire(ADMIN, "ios", "1.0")

    assert (retired.documents, retired.withdrawn, retired.already) == (2, 1, False)
    assert again.already
    assert set(await trusted.active_documents()) == {document_hash(ONE), document_hash(TWO)}
    with pytest.raises(NotFound):
        await documents.retire(ADMIN, "ios", "9.9")
    reactivated = await _register("1.0", ONE, CREATE)
    assert reactivated.reactivated
    assert document_hash(CREATE) in await trusted.active_documents()


async def test_only_admins_register_and_names_are_checked():
    entries = read_manifest(codegen(ONE))
    with pytest.raises(PermissionDenied):
        await documents.register(make_ctx(Role.MANAGER), "ios", "1", entries, check_document)
    with pytest.raises(ValidationFailed) as refusal:
        await documents.register(ADMIN, "my app", "", entries, check_document)

    assert _messages(refusal) == [
        "The client may hold only letters, digits and . _ + - (got 'my app').",
        "The version is required.",
    ]


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_a_copy_sees_this_process_s_changes_at_once_and_others_within_the_interval(
    monkeypatch: pytest.MonkeyPatch,
):
    clock = _Clock()
    copy = trusted.TrustedCopy(refresh_interval=1.0, clock=clock)
    reads: list[int] = []
    version = trusted.registry_version

    async def counted() -> int:
        reads.append(1)
        return await version()

    monkeypatch.setattr(trusted, "registry_version", counted)
    assert await copy.documents() == {}
    await _register("1.0", ONE)  # this process: its commit makes every copy stale
    assert set(await copy.documents()) == {document_hash(ONE)}
    assert len(reads) == 2

    # Another process's change (nothing here is told): seen once the interval has passed.
    forget: Any = trusted.forget_everywhere
    monkeypatch.setattr(trusted, "forget_everywhere", _nothing)
    await documents.retire(ADMIN, "ios", "1.0")
    monkeypatch.setattr(trusted, "forget_everywhere", forget)
    clock.now = 0.5
    assert set(await copy.documents()) == {document_hash(ONE)}
    assert len(reads) == 2  # within the interval: no database read at all
    clock.now = 1.6
    assert await copy.documents() == {}
    assert copy.version == await version()


async def _nothing() -> None:
    return None
