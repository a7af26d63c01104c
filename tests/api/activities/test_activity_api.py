"""Activities through the GraphQL API: created with their steps, updated, read and deleted, a
malformed step formula, an activity in use, and assigning one as dated tasks."""

from __future__ import annotations

from server.models import Activity, ActivityStep, Task, TaskType
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient
from tests.builders import make_activity, make_contact, make_salesperson, make_task, make_team

ACTIVITY_CREATE = """
mutation($input: ActivityCreateInput!) {
  activityCreate(input: $input) {
    activity { code description steps { stepNo type priority description dateFormula } }
    errors { code field message }
  }
}
"""
ACTIVITY_UPDATE = """
mutation($input: ActivityUpdateInput!) {
  activityUpdate(input: $input) { activity { description steps { dateFormula } } errors { code } }
}
"""
ACTIVITY_DELETE = """
mutation($code: String!) {
  activityDelete(input: {code: $code}) { deletedId errors { code message } }
}
"""
ACTIVITIES = '{ activities { code steps { stepNo } } activity(code: "fair") { description } }'
ASSIGN = """
mutation($input: ActivityAssignInput!) {
  activityAssign(input: $input) {
    tasks { no date type activity { code } salesperson { code } team { code }
            attendees { salesperson { code } contact { no } } }
    errors { code field }
  }
}
"""
FAIR = [
    (TaskType.PHONE_CALL, "0D"),
    (TaskType.MEETING, "1W"),
    (TaskType.NONE, "CM+1D"),
    (TaskType.NONE, "2W"),
]


async def test_activity_create_update_read_and_delete(gql: GraphQLClient):
    body = await gql(
        ACTIVITY_CREATE,
        {
            "input": {
                "code": "fair",
                "description": "Trade show follow-up",
                "steps": [
                    {"description": "Call", "type": "PHONE_CALL"},
                    {
                        "description": "Meet",
                        "type": "MEETING",
                        "priority": "HIGH",
                        "dateFormula": "<1w>",
                    },
                ],
            }
        },
    )

    assert body["data"]["activityCreate"] == {
        "activity": {
            "code": "FAIR",
            "description": "Trade show follow-up",
            "steps": [
                {
                    "stepNo": 1,
                    "type": "PHONE_CALL",
                    "priority": "NORMAL",
                    "description": "Call",
                    "dateFormula": "",
                },
                {
                    "stepNo": 2,
                    "type": "MEETING",
                    "priority": "HIGH",
                    "description": "Meet",
                    "dateFormula": "1W",
                },
            ],
        },
        "errors": [],
    }
    updated = await gql(
        ACTIVITY_UPDATE,
        {
            "input": {
                "code": "FAIR",
                "description": "Fair",
                "steps": [{"description": "Letter", "dateFormula": "cm+1d"}],
            }
        },
    )
    assert updated["data"]["activityUpdate"] == {
        "activity": {"description": "Fair", "steps": [{"dateFormula": "CM+1D"}]},
        "errors": [],
    }
    read = await gql(ACTIVITIES)
    assert read["data"] == {
        "activities": [{"code": "FAIR", "steps": [{"stepNo": 1}]}],
        "activity": {"description": "Fair"},
    }
    activity = await Activity.get(code="FAIR")
    deleted = await gql(ACTIVITY_DELETE, {"code": "fair"})
    assert deleted["data"]["activityDelete"] == {
        "deletedId": encode_id("Activity", activity.id),
        "errors": [],
    }
    assert not await Activity.exists(code="FAIR")
    assert not await ActivityStep.exists(activity_id=activity.id)


async def test_a_malformed_step_formula_points_at_the_step(gql: GraphQLClient):
    body = await gql(
        ACTIVITY_CREATE,
        {
            "input": {
                "code": "BAD",
                "description": "Bad",
                "steps": [{"description": "Ok"}, {"description": "Bad", "dateFormula": "1D+2K"}],
            }
        },
    )

    payload = body["data"]["activityCreate"]
    assert payload["activity"] is None
    [error] = payload["errors"]
    assert (error["code"], error["field"]) == (
        "DATE_FORMULA_INVALID",
        ["input", "steps", "1", "dateFormula"],
    )
    assert "2K" in error["message"]
    assert not await Activity.exists(code="BAD")


async def test_an_activity_in_use_cannot_be_deleted(gql: GraphQLClient):
    activity = await make_activity(code="USED")
    await make_task(activity=activity, salesperson=await make_salesperson())

    body = await gql(ACTIVITY_DELETE, {"code": "USED"})

    assert body["data"]["activityDelete"]["errors"][0]["code"] == "IN_USE"
    assert await Activity.exists(code="USED")


async def test_assign_dates_each_step_from_the_start_date(gql: GraphQLClient):
    await make_salesperson(code="ANN")
    await make_activity(FAIR, code="FAIR")

    body = await gql(
        ASSIGN,
        {"input": {"activityCode": "FAIR", "startDate": "2018-01-10", "salespersonCode": "ANN"}},
    )

    payload = body["data"]["activityAssign"]
    assert payload["errors"] == []
    assert [(t["no"], t["date"], t["type"]) for t in payload["tasks"]] == [
        ("TD00001", "2018-01-10", "PHONE_CALL"),
        ("TD00002", "2018-01-17", "MEETING"),
        ("TD00003", "2018-02-01", "NONE"),
        ("TD00004", "2018-01-24", "NONE"),
    ]
    assert payload["tasks"][0]["activity"] == {"code": "FAIR"}
    assert await Task.all().count() == 4


async def test_assign_to_a_team_needs_a_meeting_organizer(gql: GraphQLClient):
    ann = await make_salesperson(code="ANN")
    await make_team([ann], code="T1")
    await make_contact(no="CO")
    await make_activity(FAIR[:2], code="FAIR")
    variables = {"activityCode": "FAIR", "startDate": "2018-01-10", "teamCode": "T1"}

    refused = await gql(ASSIGN, {"input": variables})
    done = await gql(
        ASSIGN, {"input": {**variables, "meetingOrganizerCode": "ANN", "contactNo": "CO"}}
    )

    assert refused["data"]["activityAssign"] == {
        "tasks": None,
        "errors": [
            {"code": "MEETING_ORGANIZER_REQUIRED", "field": ["input", "meetingOrganizerCode"]}
        ],
    }
    tasks = done["data"]["activityAssign"]["tasks"]
    assert [(t["team"], t["salesperson"]) for t in tasks] == [
        ({"code": "T1"}, None),
        ({"code": "T1"}, {"code": "ANN"}),
    ]
    assert tasks[0]["attendees"] == [
        {"salesperson": {"code": "ANN"}, "contact": None},
        {"salesperson": None, "contact": {"no": "CO"}},
    ]
