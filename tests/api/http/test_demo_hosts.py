"""Demo mode answers anonymous requests only when they name this machine (issue 17, class 8).

A web page elsewhere can make its own host name resolve to 127.0.0.1 (DNS rebinding); the
browser on this machine then sends that page's requests to the demo server with the page's
Host and Origin. Anonymous demo access therefore needs a loopback client *and* a loopback Host
(and Origin, when a browser sends one); everything else must authenticate."""

from __future__ import annotations

import httpx
import pytest

from server.http.authentication import is_loopback_name
from server.models import Campaign

CREATE = 'mutation { campaignCreate(input: {description: "Rebound"}) { campaign { no } } }'


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"Host": "evil.example:8000"},
        {"Host": "localhost:8000", "Origin": "http://evil.example:8000"},
        {"Host": "127.0.0.1:8000", "Origin": "null"},
        {"Host": "127.0.0.1.evil.example"},
    ],
    ids=["foreign-host", "foreign-host-port", "foreign-origin", "null-origin", "lookalike"],
)
async def test_a_rebound_page_gets_401_and_changes_nothing(
    http: httpx.AsyncClient, headers: dict[str, str]
):
    response = await http.post("/graphql", json={"query": CREATE}, headers=headers)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "localhost:8000"},
        {"Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000"},
        {"Host": "[::1]:8000", "Origin": "http://localhost:8000"},
        {"Host": "app.localhost"},
    ],
    ids=["localhost", "ipv4-origin", "ipv6", "dot-localhost"],
)
async def test_a_page_on_this_machine_keeps_the_demo(
    http: httpx.AsyncClient, headers: dict[str, str]
):
    response = await http.post("/graphql", json={"query": CREATE}, headers=headers)

    assert response.status_code == 200
    assert response.json()["data"]["campaignCreate"]["campaign"]["no"]
    assert await Campaign.all().count() == 1


@pytest.mark.parametrize(
    ("authority", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST:80", True),
        ("127.0.0.2", True),
        ("[::1]", True),
        ("http://[::1]:8000", True),
        ("localhost.", True),
        ("0.0.0.0:8000", False),
        ("192.168.1.10:8000", False),
        ("localhost.evil.example", False),
        ("", False),
    ],
)
def test_which_names_are_loopback(authority: str, loopback: bool):
    assert is_loopback_name(authority) is loopback
