"""`viewer` as a salesperson's day: recent interactions and running campaigns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx

from server.models import Interaction, Role
from server.services.interactions import logging as log
from tests.api.conftest import bearer
from tests.builders import make_campaign, make_contact, make_salesperson
from tests.conftest import make_ctx

DAY = """
query($first: Int, $mine: Boolean!) {
  viewer {
    recentInteractions(first: $first) { entryNo date description }
    runningCampaigns(mine: $mine) { no }
  }
}
"""


async def _ask(
    http: httpx.AsyncClient, headers: dict[str, str], first: int | None = None, mine: bool = False
) -> dict:
    response = await http.post(
        "/graphql",
        json={"query": DAY, "variables": {"first": first, "mine": mine}},
        headers=headers,
    )
    return response.json()


async def _log(person: str, description: str, day: date) -> Interaction:
    contact = await make_contact()
    draft = log.InteractionDraft(
        contact_no=contact.no, description=description, date=day, salesperson_code=person
    )
    return await log.interaction_log(make_ctx(), draft)


async def test_recent_interactions_are_the_salespersons_newest_not_cancelled(
    http: httpx.AsyncClient,
):
    ann = await make_salesperson(code="ANN")
    await make_salesperson(code="BOB")
    older = await _log("ANN", "Older", date(2026, 3, 10))
    first_same_day = await _log("ANN", "Morning", date(2026, 3, 14))
    latest = await _log("ANN", "Afternoon", date(2026, 3, 14))
    cancelled = await _log("ANN", "Cancelled", date(2026, 3, 15))
    await Interaction.filter(entry_no=cancelled.entry_no).update(canceled=True)
    await _log("BOB", "Not hers", date(2026, 3, 15))
    headers = await bearer(Role.VIEWER, salesperson=ann)
    someone_else = await bearer(Role.SALES, salesperson=await make_salesperson())

    two = await _ask(http, headers, first=2)
    every = await _ask(http, headers)
    nobody = await _ask(http, await bearer(Role.MANAGER))
    other = await _ask(http, someone_else)

    assert [i["description"] for i in two["data"]["viewer"]["recentInteractions"]] == [
        "Afternoon",
        "Morning",
    ]
    assert [i["entryNo"] for i in every["data"]["viewer"]["recentInteractions"]] == [
        latest.entry_no,
        first_same_day.entry_no,
        older.entry_no,
    ]
    assert nobody["data"]["viewer"]["recentInteractions"] == []
    assert other["data"]["viewer"]["recentInteractions"] == []


async def test_a_bad_page_size_is_a_request_error(http: httpx.AsyncClient):
    body = await _ask(http, await bearer(Role.MANAGER), first=0)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_running_campaigns_end_soonest_first_open_ended_last(http: httpx.AsyncClient):
    today = datetime.now(UTC).date()
    ann = await make_salesperson(code="ANN")
    day = timedelta(days=1)
    await make_campaign(no="OPEN", starting_date=today - 30 * day, salesperson=ann)
    await make_campaign(no="LATER", starting_date=today - day, ending_date=today + 30 * day)
    await make_campaign(no="SOON", starting_date=today, ending_date=today, salesperson=ann)
    await make_campaign(no="ENDED", starting_date=today - 9 * day, ending_date=today - day)
    await make_campaign(no="FUTURE", starting_date=today + day)
    await make_campaign(no="UNDATED")
    headers = await bearer(Role.SALES, salesperson=ann)

    everyone = await _ask(http, headers)
    mine = await _ask(http, headers, mine=True)
    no_salesperson = await _ask(http, await bearer(Role.MANAGER), mine=True)

    assert [c["no"] for c in everyone["data"]["viewer"]["runningCampaigns"]] == [
        "SOON",
        "LATER",
        "OPEN",
    ]
    assert [c["no"] for c in mine["data"]["viewer"]["runningCampaigns"]] == ["SOON", "OPEN"]
    assert no_salesperson["data"]["viewer"]["runningCampaigns"] == []
