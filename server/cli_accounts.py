"""`campaign-graph user create|list` and `token create|list|revoke`: API users and their tokens
(docs/clients.md "Users, tokens and roles"; the rules are services/accounts/users.py's)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from server.settings import Settings


def _user_create(args: argparse.Namespace, settings: Settings) -> int:
    from server.cli import admin_context, refused, with_db
    from server.services.accounts import users as auth
    from server.services.core.context import Role
    from server.services.core.errors import DomainError, ValidationFailed

    draft = auth.UserDraft(
        username=args.username,
        name=args.name or args.username,
        role=Role(args.role),
        salesperson_code=args.salesperson,
    )
    try:
        user = with_db(settings, lambda: auth.create_user(admin_context(), draft))
    except (DomainError, ValidationFailed) as exc:
        return refused(exc)
    print(f"created user {user.username} ({user.role.value})")
    return 0


def _user_list(args: argparse.Namespace, settings: Settings) -> int:
    from server.cli import admin_context, with_db
    from server.services.accounts import users as auth

    for user in with_db(settings, lambda: auth.users(admin_context())):
        state = "active" if user.active else "inactive"
        print(f"{user.username:<30} {user.role.value:<8} {state:<8} {user.name}")
    return 0


def _token_create(args: argparse.Namespace, settings: Settings) -> int:
    from server.cli import admin_context, refused, with_db
    from server.services.accounts import users as auth
    from server.services.core.errors import DomainError, ValidationFailed

    expires = (
        datetime.now(UTC) + timedelta(days=args.expires_in_days) if args.expires_in_days else None
    )
    try:
        issued = with_db(
            settings,
            lambda: auth.create_token(admin_context(), args.user, args.name, expires_at=expires),
        )
    except (DomainError, ValidationFailed) as exc:
        return refused(exc)
    until = f"until {expires:%Y-%m-%d %H:%M} UTC" if expires else "without expiry"
    print(
        f"token {issued.token.id} for {args.user}, valid {until}. "
        "Copy the secret now: it is not shown again.",
        file=sys.stderr,
    )
    print(issued.secret)
    return 0


def _token_list(args: argparse.Namespace, settings: Settings) -> int:
    from server.cli import admin_context, with_db
    from server.services.accounts import users as auth

    now = datetime.now(UTC)
    for token in with_db(settings, lambda: auth.tokens(admin_context(), args.user)):
        if token.revoked_at:
            state = f"revoked {token.revoked_at:%Y-%m-%d}"
        elif token.expires_at and token.expires_at <= now:
            state = f"expired {token.expires_at:%Y-%m-%d}"
        else:
            state = "active"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
        print(
            f"{token.id:>5} {token.prefix}… {token.user.username:<20} {state:<18} "
            f"{used:<16} {token.name}"
        )
    return 0


def _token_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from server.cli import admin_context, refused, with_db
    from server.services.accounts import users as auth
    from server.services.core.errors import DomainError

    try:
        token = with_db(settings, lambda: auth.revoke_token(admin_context(), args.id))
    except DomainError as exc:
        return refused(exc)
    print(f"token {token.id} revoked")
    return 0


def add_account_commands(commands: Any) -> None:
    """The `user` and `token` commands."""
    roles = ["ADMIN", "MANAGER", "SALES", "VIEWER"]
    user = commands.add_parser("user", help="manage API users").add_subparsers(
        dest="action", required=True
    )
    create = user.add_parser("create", help="create a user")
    create.add_argument("--username", required=True)
    create.add_argument("--name", help="display name (default: the username)")
    create.add_argument("--role", required=True, choices=roles, type=str.upper)
    create.add_argument("--salesperson", help="code of the user's salesperson")
    create.set_defaults(handler=_user_create)
    user.add_parser("list", help="list users").set_defaults(handler=_user_list)

    token = commands.add_parser("token", help="manage API tokens").add_subparsers(
        dest="action", required=True
    )
    issue = token.add_parser("create", help="issue a token; prints the secret once")
    issue.add_argument("--user", required=True, help="username the token acts as")
    issue.add_argument("--name", required=True, help="what the token is for")
    issue.add_argument("--expires-in-days", type=int, help="lifetime (default: no expiry)")
    issue.set_defaults(handler=_token_create)
    listing = token.add_parser("list", help="list tokens (never their secrets)")
    listing.add_argument("--user", help="only this user's tokens")
    listing.set_defaults(handler=_token_list)
    revoke = token.add_parser("revoke", help="revoke a token for good")
    revoke.add_argument("id", type=int, help="the token's number (see `token list`)")
    revoke.set_defaults(handler=_token_revoke)
