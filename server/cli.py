"""The `campaign-graph` command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from server.settings import Settings


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from server.logs import configure_logging

    configure_logging(settings.log_level)
    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=None if args.reload else args.workers,
        reload=args.reload,
        log_config=None,
        proxy_headers=False,
    )
    return 0


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


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from server.db import close_db, init_db
    from server.services.demo import load_demo

    async def run() -> str:
        await init_db(settings.database_url)
        try:
            return await load_demo()
        finally:
            await close_db()

    print(asyncio.run(run()))
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

    demo = commands.add_parser("demo", help="load the demo company (idempotent)")
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `campaign-graph` console script."""
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    code: int = args.handler(args, settings)
    return code


if __name__ == "__main__":
    sys.exit(main())
