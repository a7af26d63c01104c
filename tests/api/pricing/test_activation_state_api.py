"""The activation state a campaign is in is visible (issue 17, class 9): a campaign whose target
group empties stays activated and refills by itself when targets qualify again (A7), and
`activationState` says so (AWAITING_TARGETS) while `activated` (C4: has target rows) is false.
Deactivation (A6) is the only way back to INACTIVE."""

from __future__ import annotations

from typing import Any

from server.models import Campaign
from server.services.pricing import activation
from server.services.segments import lines as segment_lines
from tests.api.conftest import GraphQLClient
from tests.builders import make_contact, make_segment
from tests.conftest import make_ctx
from tests.services.pricing.activation_builders import _priced_campaign

STATE = '{ campaign(no: "CP1") { activated activationState } }'
LIST = "{ campaigns(first: 5) { nodes { no activated activationState } } }"


async def _state(gql: GraphQLClient) -> dict[str, Any]:
    body = await gql(STATE)
    listed = await gql(LIST)
    state: dict[str, Any] = body["data"]["campaign"]
    assert listed["data"]["campaigns"]["nodes"] == [{"no": "CP1", **state}]  # batched alike
    return state


async def test_the_state_shows_activation_waiting_for_targets(gql: GraphQLClient):
    manager = make_ctx()
    campaign = await _priced_campaign()
    await make_contact(no="C1")
    segment = await make_segment(campaign=campaign, campaign_target=True)
    await segment_lines.segment_contacts_add(manager, segment.no, ["C1"])
    assert await _state(gql) == {"activated": False, "activationState": "INACTIVE"}

    await activation.activate(manager, "CP1")
    active = await _state(gql)
    await segment_lines.segment_contacts_remove(manager, segment.no, ["C1"])
    waiting = await _state(gql)
    still_requested = (await Campaign.get(no="CP1")).activation_requested
    await segment_lines.segment_contacts_add(manager, segment.no, ["C1"])
    refilled = await _state(gql)
    await activation.deactivate(manager, "CP1")
    deactivated = await _state(gql)

    assert active == {"activated": True, "activationState": "ACTIVE"}
    assert waiting == {"activated": False, "activationState": "AWAITING_TARGETS"}
    assert still_requested  # still under upkeep while empty
    assert refilled == {"activated": True, "activationState": "ACTIVE"}  # no new activation
    assert deactivated == {"activated": False, "activationState": "INACTIVE"}
