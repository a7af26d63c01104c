"""Logging and the interaction ledger through the GraphQL API."""

from __future__ import annotations

from server.models import CampaignEntry, Interaction, LoggedSegment, SegmentLine
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient
from tests.builders import make_campaign, make_contact, make_template
from tests.services.interactions.test_logging import _ready_segment

LOG = """
mutation($input: SegmentLogInput!) {
  segmentLog(input: $input) {
    loggedSegment { entryNo description segment { no status } campaignEntries { entryNo } }
    interactionCount
    campaignEntries { campaign { no } description }
    followUpSegment { description }
    errors { code field message }
  }
}
"""
LOG_ONE = """
mutation($input: InteractionLogInput!) {
  interactionLog(input: $input) {
    interaction { entryNo cost campaignEntry { singleInteractions } contact { no } user }
    errors { code field }
  }
}
"""
CAMPAIGN = """
query($no: String!, $filter: InteractionFilter) {
  campaign(no: $no) {
    entries { totalCount nodes { entryNo canceled interactions { totalCount } } }
    interactions(filter: $filter, orderBy: [{field: ENTRY_NO, direction: DESC}]) {
      totalCount nodes { entryNo canceled campaignTarget }
    }
  }
}
"""


def _entry(name: str) -> str:
    return f"mutation($n: Int!) {{ {name}(input: {{entryNo: $n}}) {{ errors {{ code field }} }} }}"


async def test_a_segment_is_logged_with_its_entries_and_follow_up(gql: GraphQLClient):
    campaign = await make_campaign(no="CP1")
    segment = await _ready_segment(2, campaign=campaign, description="Mailing")

    body = await gql(LOG, {"input": {"segmentNo": segment.no, "createFollowUpSegment": True}})

    payload = body["data"]["segmentLog"]
    assert payload["errors"] == []
    assert payload["interactionCount"] == 2
    assert payload["campaignEntries"] == [{"campaign": {"no": "CP1"}, "description": "Mailing"}]
    assert payload["loggedSegment"]["segment"] == {"no": segment.no, "status": "LOGGED"}
    assert len(payload["loggedSegment"]["campaignEntries"]) == 1
    assert payload["followUpSegment"] == {"description": f"Follow-up on segment {segment.no}"}

    again = await gql(LOG, {"input": {"segmentNo": segment.no}})
    assert again["data"]["segmentLog"]["errors"][0]["code"] == "SEGMENT_ALREADY_LOGGED"


async def test_every_failing_line_is_reported_with_its_path(gql: GraphQLClient):
    segment = await _ready_segment(3)
    await SegmentLine.filter(segment_id=segment.id, line_no__in=[10000, 30000]).update(
        salesperson_id=None
    )

    body = await gql(LOG, {"input": {"segmentNo": segment.no}})

    errors = body["data"]["segmentLog"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [
        ("REQUIRED", ["input", "lines", "10000", "salespersonCode"]),
        ("REQUIRED", ["input", "lines", "30000", "salespersonCode"]),
    ]
    assert await Interaction.all().count() == 0
    assert await LoggedSegment.all().count() == 0


async def test_single_interactions_and_corrections(gql: GraphQLClient):
    await make_campaign(no="CP1")
    await make_contact(no="C1")
    await make_template(code="CALL", unit_cost="4.00")

    logged = await gql(
        LOG_ONE,
        {
            "input": {
                "contactNo": "C1",
                "description": "Call",
                "campaignNo": "CP1",
                "interactionTemplateCode": "CALL",
            }
        },
    )
    interaction = logged["data"]["interactionLog"]["interaction"]
    fixed = await gql(
        "mutation($n: Int!) { interactionUpdate(input: {entryNo: $n, evaluation: NEGATIVE, "
        'description: "Call back"}) '
        "{ interaction { description evaluation cost } errors { code } } }",
        {"n": interaction["entryNo"]},
    )
    bad = await gql(LOG_ONE, {"input": {"contactNo": "NOPE", "description": "x"}})

    assert interaction["cost"] == "4.00"
    assert interaction["campaignEntry"] == {"singleInteractions": True}
    assert interaction["user"] == "demo"
    assert fixed["data"]["interactionUpdate"] == {
        "interaction": {"description": "Call back", "evaluation": "NEGATIVE", "cost": "4.00"},
        "errors": [],
    }
    assert bad["data"]["interactionLog"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "contactNo"]}
    ]


async def test_cancel_restore_and_delete_through_the_api(gql: GraphQLClient):
    campaign = await make_campaign(no="CP1")
    segment = await _ready_segment(2, campaign=campaign)
    logged = await gql(LOG, {"input": {"segmentNo": segment.no}})
    logged_no = logged["data"]["segmentLog"]["loggedSegment"]["entryNo"]
    entry_no = (await CampaignEntry.get(campaign_id=campaign.id)).entry_no
    first = (await Interaction.all().order_by("entry_no").first()).entry_no  # type: ignore[union-attr]

    not_canceled = await gql(_entry("interactionDelete"), {"n": first})
    await gql(_entry("loggedSegmentCancel"), {"n": logged_no})
    blocked = await gql(_entry("interactionUncancel"), {"n": first})
    await gql(_entry("loggedSegmentUncancel"), {"n": logged_no})
    await gql(_entry("campaignEntryCancel"), {"n": entry_no})
    read = await gql(CAMPAIGN, {"no": "CP1", "filter": {"canceled": True}})
    await gql(_entry("campaignEntryUncancel"), {"n": entry_no})
    await gql(_entry("interactionCancel"), {"n": first})
    deleted = await gql(_entry("interactionDelete"), {"n": first})
    await gql(_entry("campaignEntryCancel"), {"n": entry_no})
    purge = await gql(
        "mutation($n: [Int!]!) { campaignEntriesDelete(input: {entryNos: $n}) "
        "{ deletedIds errors { code } } }",
        {"n": [entry_no]},
    )

    assert not_canceled["data"]["interactionDelete"]["errors"] == [
        {"code": "ENTRY_NOT_CANCELED", "field": ["input", "entryNo"]}
    ]
    assert blocked["data"]["interactionUncancel"]["errors"][0]["code"] == "PARENT_CANCELED"
    campaign_read = read["data"]["campaign"]
    assert campaign_read["entries"]["nodes"] == [
        {"entryNo": entry_no, "canceled": True, "interactions": {"totalCount": 2}}
    ]
    assert campaign_read["interactions"]["totalCount"] == 2
    ordered = [n["entryNo"] for n in campaign_read["interactions"]["nodes"]]
    assert ordered == sorted(ordered, reverse=True)
    assert deleted["data"]["interactionDelete"]["errors"] == []
    assert purge["data"]["campaignEntriesDelete"] == {
        "deletedIds": [encode_id("CampaignEntry", entry_no)],
        "errors": [],
    }
    assert await Interaction.all().count() == 0


async def test_ledger_records_resolve_by_entry_number_and_node_id(gql: GraphQLClient):
    segment = await _ready_segment(1, campaign=await make_campaign())
    await gql(LOG, {"input": {"segmentNo": segment.no}})
    interaction = await Interaction.all().first()
    assert interaction is not None

    body = await gql(
        "query($n: Int!, $id: ID!) { interaction(entryNo: $n) { entryNo segment { no } } "
        "node(id: $id) { ... on Interaction { entryNo } } "
        "campaignEntry(entryNo: 999) { entryNo } }",
        {"n": interaction.entry_no, "id": encode_id("Interaction", interaction.entry_no)},
    )

    assert body["data"] == {
        "interaction": {"entryNo": interaction.entry_no, "segment": {"no": segment.no}},
        "node": {"entryNo": interaction.entry_no},
        "campaignEntry": None,
    }


STATISTICS = """
query($no: String!, $from: Date, $to: Date) {
  campaign(no: $no) {
    statistics(from: $from, to: $to) {
      targetContactsContacted contactsResponded distinctContactsContacted
      distinctContactsResponded responseRatePercent cost duration
      averageCostPerResponse averageDurationPerResponse budgetedCost
    }
  }
}
"""


async def test_campaign_statistics_through_the_api(gql: GraphQLClient):
    campaign = await make_campaign(no="CP1", budgeted_cost="100")
    segment = await _ready_segment(3, campaign=campaign, campaign_target=True)
    await SegmentLine.filter(segment_id=segment.id, line_no=10000).update(campaign_response=True)
    await gql(LOG, {"input": {"segmentNo": segment.no}})

    whole = await gql(STATISTICS, {"no": "CP1"})
    before = await gql(STATISTICS, {"no": "CP1", "to": "2026-02-28"})
    reversed_range = await gql(STATISTICS, {"no": "CP1", "from": "2026-03-02", "to": "2026-03-01"})

    assert whole["data"]["campaign"]["statistics"] == {
        "targetContactsContacted": 3,
        "contactsResponded": 1,
        "distinctContactsContacted": 3,
        "distinctContactsResponded": 1,
        "responseRatePercent": "33.3",
        "cost": "4.50",
        "duration": "6.00",
        "averageCostPerResponse": "4.50",
        "averageDurationPerResponse": "6.00",
        "budgetedCost": "100.00",
    }
    assert before["data"]["campaign"]["statistics"]["targetContactsContacted"] == 0
    assert reversed_range["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_single_interaction_keeps_its_time_of_day(gql: GraphQLClient):
    """SQLite binds no `time` by itself: this was an INTERNAL_SERVER_ERROR there."""
    await make_campaign(no="CP1")
    await make_contact(no="C1")
    await make_template(code="CALL", unit_cost="4.00")

    logged = await gql(
        "mutation($input: InteractionLogInput!) { interactionLog(input: $input) "
        "{ interaction { entryNo time date } errors { code field } } }",
        {
            "input": {
                "contactNo": "C1",
                "description": "Call at half past nine",
                "campaignNo": "CP1",
                "interactionTemplateCode": "CALL",
                "date": "2026-12-01",
                "time": "09:30:00",
            }
        },
    )
    read = await gql(
        '{ interaction(entryNo: 1) { time } campaign(no: "CP1") '
        "{ interactions { nodes { time } } } }"
    )

    assert logged["data"]["interactionLog"] == {
        "interaction": {"entryNo": 1, "time": "09:30:00", "date": "2026-12-01"},
        "errors": [],
    }
    assert read["data"] == {
        "interaction": {"time": "09:30:00"},
        "campaign": {"interactions": {"nodes": [{"time": "09:30:00"}]}},
    }
    stored = await Interaction.get(entry_no=1)
    assert (stored.time.hour, stored.time.minute, stored.time.second) == (9, 30, 0)
