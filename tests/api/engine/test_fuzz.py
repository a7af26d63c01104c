"""Property-based fuzzing of the whole API: generated operations (valid and invalid, queries and
mutations, NUL bytes and odd scalars included) never produce a 500 or an unmasked error.

Hypothesis is synchronous, so it runs in a worker thread and hands each request to the test's
event loop, where the database of this test lives.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, time

import httpx
from graphql import StringValueNode
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, queries
from tortoise.context import TortoiseContext

from server.models import Role
from server.schema.schema import schema
from server.settings import Settings
from tests.api.conftest import asgi_client, bearer
from tests.conftest import reproducible

#: Enough to reach every root field in each mode, bounded so `make test` stays quick.
EXAMPLES = 100

#: Codes a client may legitimately get; anything else (notably INTERNAL_SERVER_ERROR) fails.
EXPECTED_CODES = {
    "BAD_USER_INPUT",
    "FORBIDDEN",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "QUERY_TOO_COMPLEX",
    "NOT_FOUND",
}


def _string(node: Callable[[object], str]) -> Callable[[object], StringValueNode]:
    return lambda value: StringValueNode(value=node(value))


SCALARS = {
    "Date": st.dates(date(1800, 1, 1), date(3100, 1, 1)).map(_string(str)),
    "DateTime": st.datetimes(timezones=st.just(UTC)).map(_string(datetime.isoformat)),
    "Decimal": st.decimals(allow_nan=False, allow_infinity=False).map(_string(str)),
    "Time": st.times().map(lambda t: t.replace(microsecond=0)).map(_string(time.isoformat)),
    "DateFormula": st.from_regex(r"\A([+-]?(C?(D|WD|W|M|Q|Y)|\d{1,3}(D|WD|W|M|Q|Y))){0,3}\Z").map(
        _string(str)
    ),
}


def _fuzz(strategy: st.SearchStrategy[str], send: Callable[[str], httpx.Response]) -> None:
    @reproducible(EXAMPLES)
    @given(document=strategy)
    def run(document: str) -> None:
        response = send(document)
        assert response.status_code in (200, 400, 405), (document, response.text)
        body = response.json()
        for error in body.get("errors", []):
            assert error["extensions"]["code"] in EXPECTED_CODES, (document, error)
            assert "Traceback" not in error["message"]

    run()


async def test_generated_operations_never_crash_the_server(db: TortoiseContext) -> None:
    loop = asyncio.get_running_loop()
    headers = await bearer(Role.ADMIN)
    sdl = schema.as_str()
    strategies = [
        queries(sdl, custom_scalars=SCALARS, mode=Mode.POSITIVE),
        queries(sdl, custom_scalars=SCALARS, mode=Mode.NEGATIVE),
        mutations(sdl, custom_scalars=SCALARS, mode=Mode.POSITIVE),
    ]
    async with asgi_client(Settings(rate_limit=0)) as client:

        def send(document: str) -> httpx.Response:
            request = client.post("/graphql", json={"query": document}, headers=headers)
            return asyncio.run_coroutine_threadsafe(request, loop).result(timeout=60)

        for strategy in strategies:
            await asyncio.to_thread(_fuzz, strategy, send)
