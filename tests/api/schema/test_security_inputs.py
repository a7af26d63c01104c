"""Hostile input values (docs/api.md "Protection"): wrongly typed variables, NUL bytes and huge
strings are refused and write nothing, keys no record can have find nothing, and explicit
nulls are refused where a value cannot be blank (a null member list means no members)."""

from __future__ import annotations

import logging

import httpx
import pytest

from server.models import Campaign, CampaignStatus, Role, Salesperson, User
from tests.api.conftest import bearer
from tests.api.schema.security_helpers import _error, _post


async def test_wrong_typed_variables_are_bad_input_and_write_nothing(http: httpx.AsyncClient):
    query = "mutation($i: CampaignCreateInput!) { campaignCreate(input: $i) { campaign { no } } }"
    error = _error(
        await _post(http, query, variables={"i": {"description": 42, "budgetedCost": []}})
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    ("value", "code"),
    [("Nul\x00byte", "INVALID"), ("x" * 1_000_000, "TOO_LONG")],
    ids=["nul", "megabyte"],
)
async def test_nul_bytes_and_huge_strings_in_inputs_are_refused(
    http: httpx.AsyncClient, value: str, code: str
):
    query = (
        "mutation($i: SalespersonCreateInput!) { salespersonCreate(input: $i) "
        "{ salesperson { code } errors { code field } } }"
    )
    response = await _post(http, query, variables={"i": {"code": "NUL", "name": value}})

    assert response.json()["data"]["salespersonCreate"] == {
        "salesperson": None,
        "errors": [{"code": code, "field": ["input", "name"]}],
    }
    assert await Salesperson.all().count() == 0


async def test_lookups_for_keys_no_record_can_have_find_nothing(http: httpx.AsyncClient):
    query = """
    query($long: String!, $nul: String!) {
      campaign(no: $long) { no }
      salesperson(code: $nul) { code }
      user(username: $nul) { username }
      campaigns(filter: {search: $nul, statusCodes: [$long], salespersonCodes: [$nul]}) {
        totalCount
      }
    }
    """
    update = """
    mutation($no: String!) {
      campaignUpdate(input: {no: $no, description: "Y"}) { errors { code } }
    }
    """
    variables = {"long": "X" * 300, "nul": "A\x00B"}
    admin = await bearer(Role.ADMIN)

    found = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=admin
    )
    refused = await _post(http, update, variables={"no": "X" * 300})

    assert found.json() == {
        "data": {
            "campaign": None,
            "salesperson": None,
            "user": None,
            "campaigns": {"totalCount": 0},
        }
    }
    assert refused.json() == {"data": {"campaignUpdate": {"errors": [{"code": "NOT_FOUND"}]}}}


@pytest.mark.parametrize(
    ("mutation", "field"),
    [
        ('salespersonCreate(input: {code: "N", name: "N", blocked: null})', "blocked"),
        (
            'campaignStatusCreate(input: {code: "N", description: "N", sortOrder: null})',
            "sortOrder",
        ),
        ('userCreate(input: {username: "n", name: "N", role: VIEWER, active: null})', "active"),
    ],
)
async def test_explicit_nulls_for_values_that_cannot_be_blank_are_refused(
    http: httpx.AsyncClient, mutation: str, field: str
):
    name = mutation.split("(")[0]
    admin = await bearer(Role.ADMIN)
    users = await User.all().count()

    response = await http.post(
        "/graphql",
        json={"query": f"mutation {{ {name}: {mutation} {{ errors {{ code field }} }} }}"},
        headers=admin,
    )

    assert response.json()["data"][name]["errors"] == [
        {"code": "REQUIRED", "field": ["input", field]}
    ]
    assert await Salesperson.all().count() == 0
    assert await CampaignStatus.all().count() == 0
    assert await User.all().count() == users


async def test_a_null_member_list_means_no_members(http: httpx.AsyncClient):
    query = (
        'mutation { teamCreate(input: {code: "T", name: "T", memberCodes: null}) '
        "{ team { code members { code } } errors { code } } }"
    )

    response = await _post(http, query)

    assert response.json()["data"]["teamCreate"] == {
        "team": {"code": "T", "members": []},
        "errors": [],
    }


@pytest.mark.parametrize("root", ["campaigns", "contacts", "customers", "items", "segments"])
async def test_a_search_longer_than_any_searchable_text_is_bad_input_not_an_internal_error(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, root: str
):
    """SQLite refuses LIKE patterns past 50,000 bytes; the search is bounded before that."""
    query = f"query($s: String) {{ {root}(filter: {{search: $s}}) {{ totalCount }} }}"

    error = _error(await _post(http, query, variables={"s": "x" * 60_000}))

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["problems"] == [{"code": "TOO_LONG", "field": ["filter", "search"]}]
    assert "at most 100 characters" in error["message"]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_search_of_the_longest_text_still_runs(http: httpx.AsyncClient):
    response = await _post(
        http,
        "query($s: String) { contacts(filter: {search: $s}) { totalCount } }",
        variables={"s": "x" * 100},
    )

    assert response.json() == {"data": {"contacts": {"totalCount": 0}}}
