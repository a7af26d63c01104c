"""The soak's looks at the database and at the server: what the reads pick from, the server's
own counts from /metrics, and the checks afterwards (bench/chaos's, reused as they are)."""

from __future__ import annotations

import random
from typing import Any

import httpx

from bench.chaos.client import Write
from bench.chaos.invariants import verify_invariants
from bench.chaos.verify import Findings, verify_writes
from bench.soak.mix import Data
from server.db import close_db, init_db
from server.models import Campaign, Contact, Customer, Item, SalesLine

#: At most this many contacts and customers to pick from (spread over the whole data set).
PICK = 2_000


async def pick_data(url: str, dashboard_campaign: str, rng: random.Random) -> Data:
    """What the reads pick from: every campaign, a sample of the contacts and of the customers
    that are not blocked, the items that are not blocked."""
    await init_db(url)
    try:
        campaigns = sorted(map(str, await Campaign.all().values_list("no", flat=True)))
        contacts = sorted(map(str, await Contact.all().values_list("no", flat=True)))
        customers = sorted(
            map(str, await Customer.filter(blocked=False).values_list("no", flat=True))
        )
        items = sorted(map(str, await Item.filter(blocked=False).values_list("no", flat=True)))
    finally:
        await close_db()
    return Data(
        dashboard_campaign=dashboard_campaign,
        campaigns=campaigns,
        contacts=rng.sample(contacts, min(PICK, len(contacts))),
        customers=rng.sample(customers, min(PICK, len(customers))),
        items=items,
    )


def server_counts(url: str, token: str) -> dict[str, Any]:
    """The server's own view of the run (/metrics, summed over its workers): HTTP answers by
    status, top-level GraphQL errors and mutation payload errors by code."""
    response = httpx.get(
        url.replace("/graphql", "/metrics"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    response.raise_for_status()
    statuses: dict[str, float] = {}
    errors: dict[str, float] = {}
    user_errors: dict[str, float] = {}
    for line in response.text.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        name, value = line.rsplit(" ", 1)
        labels = dict(
            part.split("=", 1) for part in name.partition("{")[2].rstrip("}").split(",") if part
        )
        labels = {key: label.strip('"') for key, label in labels.items()}
        if name.startswith("campaign_graph_http_requests_total{") and labels["route"] == "/graphql":
            statuses[labels["status"]] = statuses.get(labels["status"], 0) + float(value)
        elif name.startswith("campaign_graph_graphql_errors_total{"):
            errors[labels["code"]] = float(value)
        elif name.startswith("campaign_graph_user_errors_total{"):
            user_errors[labels["code"]] = float(value)
    return {
        "http_statuses": {status: int(n) for status, n in sorted(statuses.items())},
        "http_5xx": int(sum(n for status, n in statuses.items() if status.startswith("5"))),
        "graphql_errors": {code: int(n) for code, n in sorted(errors.items()) if n},
        "payload_errors": {code: int(n) for code, n in sorted(user_errors.items()) if n},
    }


async def verify(
    url: str, writes: list[Write], run: str, user: str, findings: Findings
) -> dict[str, Any]:
    """Every acknowledged write exactly once and the invariants over the whole database (the
    chaos run's checks); returns what the database holds of the run."""
    await init_db(url)
    try:
        await verify_writes(writes, run, user, findings)
        await verify_invariants(writes, findings)
        documents = [
            w.payload["salesDocument"]["no"] for w in writes if "salesDocument" in w.payload
        ]
        lines = SalesLine.filter(document__no__in=documents)
        return {
            "sales_lines": await lines.count(),
            "sales_lines_priced_by_campaign": await lines.filter(
                price_campaign_id__not_isnull=True
            ).count(),
        }
    finally:
        await close_db()
