"""The `campaign-graph` command line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import ipaddress
import math
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from server.cli_accounts import add_account_commands
from server.cli_documents import add_document_commands
from server.ops.commands import add_backup_commands
from server.settings import Settings

T = TypeVar("T")


def with_db(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` with the database of `settings` open."""
    from server.db import close_db, init_db

    async def run() -> T:
        await init_db(settings.database_url)
        try:
            return await work()
        finally:
            await close_db()

    return asyncio.run(run())


def admin_context() -> Any:
    """The service context of the command line: an ADMIN acting as "cli"."""
    from server.services.core.context import Actor, Role, ServiceContext, SystemClock

    return ServiceContext(actor=Actor(user="cli", role=Role.ADMIN), clock=SystemClock())


def refused(exc: Exception) -> int:
    """Print each problem of a refusal on stderr; the exit code 1."""
    from server.services.core.errors import DomainError, ValidationFailed

    problems = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    for problem in problems:
        message = problem.message if isinstance(problem, DomainError) else str(problem)
        print(f"error: {message}", file=sys.stderr)
    return 1


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from server.http.protocol import JsonHttpToolsProtocol, NodelayConfig
    from server.logs import configure_logging

    if settings.demo_mode and not _is_loopback(args.host):
        print(
            "error: demo mode lets anonymous callers act as a manager, so it serves only "
            f"loopback addresses; --host {args.host} is not one",
            file=sys.stderr,
        )
        return 2
    configure_logging(settings.log_level)
    workers = None if args.reload else args.workers
    options: dict[str, Any] = {
        "factory": True,
        "host": args.host,
        "port": args.port,
        "log_config": None,
        "access_log": settings.access_log,
        "proxy_headers": False,
        "http": JsonHttpToolsProtocol,
        # On SIGTERM, requests in flight get their time (they cannot run longer); then what
        # is still running (a subscription whose client does not answer the close) is
        # cancelled, so that a stopping server always stops.
        "timeout_graceful_shutdown": math.ceil(settings.request_timeout) + 1,
    }
    with _shared_metrics(workers or 1):
        if workers and workers > 1:
            # Not uvicorn.run: it binds with uvicorn's own Config (no TCP_NODELAY, protocol.py).
            config = NodelayConfig("server.app:create_app", workers=workers, **options)
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        else:
            uvicorn.run("server.app:create_app", reload=args.reload, **options)
    return 0


@contextlib.contextmanager
def _shared_metrics(workers: int) -> Iterator[None]:
    """Several workers count into one fresh directory, so that whichever answers a scrape of
    /metrics reports them all (prometheus_client's multiprocess mode). A directory given in
    PROMETHEUS_MULTIPROC_DIR is used as it is: its owner empties it between runs."""
    from server.metrics import MULTIPROCESS_ENV

    if workers <= 1 or os.environ.get(MULTIPROCESS_ENV):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="campaign-graph-metrics-") as directory:
        os.environ[MULTIPROCESS_ENV] = directory
        try:
            yield
        finally:
            del os.environ[MULTIPROCESS_ENV]


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from server.db import migrate

    asyncio.run(migrate(settings.database_url))
    print(f"database migrated: {settings.database_url}")
    return 0


def _export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from server.schema.schema import schema

    text = schema.as_str().rstrip() + "\n"
    if args.check:
        target = Path(args.check)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{target} is stale: run `make schema` and commit it", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _schema_changes(args: argparse.Namespace, settings: Settings) -> int:
    from server.engine.library import core_schema
    from server.schema.evolution import check
    from server.schema.schema import schema

    ok, text = check(core_schema(schema), args.released, Path(args.changelog))
    print(text, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from server.demo.company import load_demo

    print(with_db(settings, load_demo))
    return 0


class _ProgressBar:
    """A one-line progress bar on stderr, redrawn when the shown percentage changes."""

    def __init__(self) -> None:
        self.shown: tuple[str, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        if self.shown == (stage, percent):
            return
        if self.shown and self.shown[0] != stage:
            sys.stderr.write("\n")
        self.shown = (stage, percent)
        bar = "#" * (percent // 4)
        sys.stderr.write(f"\r{stage:<17} [{bar:<25}] {percent:3d}% {done:>11,}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    from server.demo.seed import SeedRefused, SeedSize, seed

    size = SeedSize(
        contacts=args.contacts,
        segments=args.segments,
        lines=args.lines,
        interactions=args.interactions,
        random_seed=args.random_seed,
        anchor=args.anchor_date,
    )
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        result = with_db(settings, lambda: seed(admin_context(), size, bar))
    except SeedRefused as exc:
        return refused(exc)
    finally:
        if bar:
            bar.close()
    print(result.summary())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the tests)."""
    parser = argparse.ArgumentParser(prog="campaign-graph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the GraphQL API (GraphiQL in development)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--reload", action="store_true", help="restart on code changes")
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(handler=_migrate)

    export = commands.add_parser("export-schema", help="print or write schema.graphql")
    target = export.add_mutually_exclusive_group()
    target.add_argument("--output", help="write the SDL to this file")
    target.add_argument("--check", help="fail if this file differs from the current schema")
    export.set_defaults(handler=_export_schema)

    changes = commands.add_parser(
        "schema-changes",
        help="compare the schema with the last released one: breaking changes must be "
        "announced in CHANGELOG.md, deprecations dated",
    )
    changes.add_argument("--released", help="a released schema (default: releases/, newest)")
    changes.add_argument("--changelog", default="CHANGELOG.md")
    changes.set_defaults(handler=_schema_changes)

    demo = commands.add_parser("demo", help="load the demo company (idempotent)")
    demo.set_defaults(handler=_demo)
    _seed_command(commands)
    add_account_commands(commands)
    add_backup_commands(commands)
    add_document_commands(commands)
    return parser


def _anchor_date(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _seed_command(commands: Any) -> None:
    seed = commands.add_parser(
        "seed",
        help="build a large deterministic data set in bulk (into an empty, migrated database)",
        description="Builds contacts, segments with lines and interactions in bulk around a "
        "dashboard campaign; prints the counts and the time it took. Refuses a database that "
        "holds business data unless it was seeded with the same parameters (then it does "
        "nothing).",
    )
    seed.add_argument("--contacts", type=int, default=100_000, help="default 100,000")
    seed.add_argument("--segments", type=int, default=1_000, help="default 1,000")
    seed.add_argument("--lines", type=int, default=200_000, help="segment lines, default 200,000")
    seed.add_argument("--interactions", type=int, default=1_000_000, help="default 1,000,000")
    seed.add_argument("--random-seed", type=int, default=1, help="same seed, same data")
    seed.add_argument(
        "--anchor-date", type=_anchor_date, help="the day dates are relative to (default today)"
    )
    seed.add_argument("--database-url", help="default: DATABASE_URL")
    seed.set_defaults(handler=_seed)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `campaign-graph` console script."""
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    if getattr(args, "database_url", None):
        settings = dataclasses.replace(settings, database_url=args.database_url)
    code: int = args.handler(args, settings)
    return code


if __name__ == "__main__":
    sys.exit(main())
