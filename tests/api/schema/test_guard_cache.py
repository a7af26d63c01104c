"""The guard measures a known document once and reuses the measurement while the variables it
read hold the same values (issue 18): reusing it never changes an answer. Checked against a
fresh measurement on generated sequences of page sizes, present, absent and over the limit."""

from __future__ import annotations

from typing import Any

import httpx
from graphql import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.engine.library import core_schema
from server.schema.guard import Guard
from server.schema.limits import analyze
from server.schema.schema import schema
from server.settings import Settings
from tests.api.conftest import asgi_client

PAGED = """
query Paged($first: Int, $search: String, $deep: Boolean = false) {
  campaigns(first: $first, filter: {search: $search}) {
    nodes { no segments(first: 2) @include(if: $deep) { nodes { no } } }
  }
}
"""


def _expected(variables: dict[str, Any]) -> list[str]:
    """The limits a fresh measurement says these variables exceed."""
    guard = Guard(Settings(demo_mode=True))
    _, violations = analyze(
        core_schema(schema),
        parse(PAGED),
        operation_name="Paged",
        variables=variables,
        limits=guard.limits,
    )
    return sorted(v.limit for v in violations)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    sequence=st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "first": st.none() | st.integers(-3, 400),
                "search": st.sampled_from(["a", "b"]),
                "deep": st.booleans(),
            },
        ),
        min_size=2,
        max_size=8,
    )
)
async def test_reused_measurements_refuse_exactly_what_fresh_ones_refuse(
    db: object, sequence: list[dict[str, Any]]
):
    async with asgi_client(Settings(demo_mode=True, rate_limit=0)) as client:
        for variables in sequence:
            response: httpx.Response = await client.post(
                "/graphql", json={"query": PAGED, "variables": variables}
            )
            errors = response.json().get("errors") or []
            refused = sorted(
                e["extensions"]["limit"] for e in errors if "limit" in e.get("extensions", {})
            )
            assert refused == _expected(variables), variables
