"""`campaign-graph documents register|list|retire`: the trusted documents of each client app
version (docs/api.md "Trusted documents"; the rules are services/accounts/documents.py's)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from server.settings import Settings


def _documents_register(args: argparse.Namespace, settings: Settings) -> int:
    from server.cli import admin_context, refused, with_db
    from server.schema.trusted import check_document
    from server.services.accounts import documents
    from server.services.accounts.manifests import read_manifest
    from server.services.core.errors import DomainError, ValidationFailed

    try:
        entries = read_manifest(Path(args.manifest).read_bytes())
        done = with_db(
            settings,
            lambda: documents.register(
                admin_context(), args.client, args.version, entries, check_document
            ),
        )
    except OSError as exc:
        print(f"error: cannot read {args.manifest}: {exc.strerror}", file=sys.stderr)
        return 1
    except (DomainError, ValidationFailed) as exc:
        return refused(exc)
    again = " (it had been retired: it is active again)" if done.reactivated else ""
    print(
        f"registered {done.client} {done.version}{again}: {done.added} documents added, "
        f"{done.known} already known"
    )
    return 0


def _documents_list(args: argparse.Namespace, settings: Settings) -> int:
    from server.cli import admin_context, refused, with_db
    from server.services.accounts import documents
    from server.services.core.errors import DomainError

    if args.version:
        if not args.client:
            print("error: --version needs --client", file=sys.stderr)
            return 2
        try:
            found = with_db(
                settings,
                lambda: documents.release_documents(admin_context(), args.client, args.version),
            )
        except DomainError as exc:
            return refused(exc)
        for document in found:
            name = document.operation_name or "(anonymous)"
            print(f"sha256:{document.hash} {document.operation_type:<12} {name}")
        return 0
    for release in with_db(settings, lambda: documents.releases(admin_context(), args.client)):
        state = f"retired {release.retired_at:%Y-%m-%d}" if release.retired_at else "active"
        print(
            f"{release.client:<20} {release.version:<16} {release.documents:>5} documents  "
            f"registered {release.registered_at:%Y-%m-%d %H:%M}  {state}"
        )
    return 0


def _documents_retire(args: argparse.Namespace, settings: Settings) -> int:
    from server.cli import admin_context, refused, with_db
    from server.services.accounts import documents
    from server.services.core.errors import DomainError

    try:
        done = with_db(
            settings, lambda: documents.retire(admin_context(), args.client, args.version)
        )
    except DomainError as exc:
        return refused(exc)
    if done.already:
        print(f"{done.client} {done.version} was retired already")
        return 0
    print(
        f"retired {done.client} {done.version}: {done.withdrawn} of its {done.documents} "
        "documents are no longer accepted (the others belong to active versions too)"
    )
    return 0


def add_document_commands(commands: Any) -> None:
    """The `documents` command and its actions."""
    documents = commands.add_parser(
        "documents",
        help="trusted documents: register and retire client app versions' manifests",
        description="The operations each client app version may run when "
        'CAMPAIGN_GRAPH_TRUSTED_DOCUMENTS=on (docs/api.md "Trusted documents").',
    ).add_subparsers(dest="action", required=True)
    register = documents.add_parser(
        "register",
        help="register a manifest (codegen's persisted-documents.json or Apollo's) for an "
        "app version; idempotent",
    )
    register.add_argument("--client", required=True, help="the app, e.g. ios")
    register.add_argument("--version", required=True, help="the app version, e.g. 4.2.0")
    register.add_argument("manifest", help="the manifest file the app's build wrote")
    register.set_defaults(handler=_documents_register)
    listing = documents.add_parser(
        "list", help="list app versions; with --client and --version, that version's documents"
    )
    listing.add_argument("--client", help="only this app's versions")
    listing.add_argument("--version", help="list this version's documents (needs --client)")
    listing.set_defaults(handler=_documents_list)
    retire = documents.add_parser(
        "retire", help="stop accepting an app version's documents (unless another has them)"
    )
    retire.add_argument("--client", required=True)
    retire.add_argument("--version", required=True)
    retire.set_defaults(handler=_documents_retire)
