"""The batched engine's answers are graphql-core's own (issue 17, class 2), on generated
operations: 1,000 seeded, reproducible read operations per database, 2,000 per CI run (which
runs the suite on SQLite and on PostgreSQL), over the demo company (operations.py:
aliases, fragments, directives with variables, nested connections paged both ways, fields that
error, node/nodes) each run through both executors; status and bytes must be equal. A failing
case shrinks to a small document, printed in the failure.

Hypothesis is synchronous, so it runs in a worker thread and hands each request to the test's
event loop, where the database of this test lives."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given
from tortoise.context import TortoiseContext

from server.demo.company import load_demo
from server.engine import executor
from server.schema.schema import schema
from server.settings import Settings
from tests.api.conftest import asgi_client
from tests.api.engine.both_ways import both_ways
from tests.api.engine.operations import operations
from tests.conftest import make_ctx, reproducible

#: Operations compared per database: CI runs the suite on both, 2,000 operations in all.
OPERATIONS = 1_000


def _compare(strategy: Any, both: Any) -> list[int]:
    seen = [0, 0]  # operations compared, of which with errors

    @reproducible(OPERATIONS)
    @given(operation=strategy)
    def run(operation: tuple[str, dict[str, Any]]) -> None:
        document, variables = operation
        (fast_status, fast), (slow_status, slow) = both(document, variables)
        assert (fast_status, fast) == (slow_status, slow), document
        seen[0] += 1
        seen[1] += b'"errors"' in slow

    run()
    return seen


async def test_the_batched_engine_answers_generated_operations_as_graphql_core(
    db: TortoiseContext,
) -> None:
    await load_demo(make_ctx())
    loop = asyncio.get_running_loop()
    core = schema._schema
    async with asgi_client(Settings(demo_mode=True, rate_limit=0)) as client:
        ids = await client.post("/graphql", json={"query": _IDS})
        node_ids = _node_ids(ids.json()["data"])

        def both(document: str, variables: dict[str, Any]) -> list[tuple[int, bytes]]:
            future = asyncio.run_coroutine_threadsafe(both_ways(client, document, variables), loop)
            return future.result(timeout=60)

        batched_before = executor.Stats.batched
        compared, with_errors = await asyncio.to_thread(_compare, operations(core, node_ids), both)

    assert compared >= OPERATIONS
    assert with_errors > 0  # field errors were exercised, not only clean reads
    assert executor.Stats.batched - batched_before > OPERATIONS / 2  # mostly batched answers


_IDS = """{ campaigns(first: 5) { nodes { id } } contacts(first: 5) { nodes { id } }
segments(first: 5) { nodes { id } } }"""


def _node_ids(data: dict[str, Any]) -> list[str]:
    return [node["id"] for connection in data.values() for node in connection["nodes"]]
