"""The seeded dashboard campaign answers the contract's dashboard document
(bench/dashboard.graphql, the contract dashboard) in full."""

from __future__ import annotations

from server.demo.seed import SeedSize, seed
from server.models import Campaign, Role
from server.services.interactions.statistics import campaign_statistics
from tests.api.conftest import GraphQLClient
from tests.api.engine.test_dashboard import CONTRACT
from tests.conftest import make_ctx

DASHBOARD = CONTRACT
SIZE = SeedSize(contacts=1500, segments=12, lines=1400, interactions=9000, random_seed=11)


async def test_the_seeded_dashboard_campaign_fills_every_page_of_the_dashboard(gql: GraphQLClient):
    result = await seed(make_ctx(Role.ADMIN), SIZE)

    body = await gql(DASHBOARD, {"no": result.dashboard_campaign_no})

    assert "errors" not in body, body["errors"]
    campaign = body["data"]["campaign"]
    assert campaign["no"] == "CP00001"
    assert campaign["activated"] is True
    assert campaign["status"]["code"] == "RUNNING"
    assert campaign["priceLines"]["totalCount"] == 50
    assert len(campaign["priceLines"]["nodes"]) == 50
    assert campaign["discountLines"]["totalCount"] == 50
    assert len(campaign["discountLines"]["nodes"]) == 50
    segments = campaign["segments"]
    assert segments["totalCount"] == 10
    assert len(segments["nodes"]) == 10
    assert {s["status"] for s in segments["nodes"]} == {"LOGGED", "OPEN"}
    for node in segments["nodes"]:
        assert node["lines"]["totalCount"] == 100
        assert len(node["lines"]["nodes"]) == 100
        for line in node["lines"]["nodes"]:
            assert len(line["contact"]["interactions"]["nodes"]) == 5
    stored = await Campaign.get(no="CP00001")
    stats = (await campaign_statistics(make_ctx(), [stored.id]))[stored.id]
    shown = campaign["statistics"]
    assert shown["targetContactsContacted"] == stats.target_contacts_contacted > 0
    assert shown["contactsResponded"] == stats.contacts_responded > 0
    assert shown["cost"] == str(stats.cost)
