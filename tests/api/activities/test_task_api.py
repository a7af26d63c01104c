"""Tasks through the GraphQL API: created, refused and updated, closed, cancelled and reopened
(by whom), filtered, ordered and paged, nested under their records, and the viewer's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from server.models import Role, SegmentLine, Task, TaskStatus, TaskType
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient, bearer
from tests.builders import (
    make_activity,
    make_campaign,
    make_contact,
    make_salesperson,
    make_segment,
    make_task,
    make_team,
)

TASK_CREATE = """
mutation($input: TaskCreateInput!) {
  taskCreate(input: $input) {
    task { no description type date startTime duration status priority salesperson { code }
           contact { no } contactCompany { no } campaign { no } segment { no } createdBy }
    errors { code field }
  }
}
"""
TASK_UPDATE = """
mutation($input: TaskUpdateInput!) {
  taskUpdate(input: $input) { task { type description } errors { code field } }
}
"""
CLOSE = """
mutation($no: String!) {
  taskClose(input: {no: $no}) {
    task { status closed dateClosed canceled completedBy } errors { code field }
  }
}
"""
CANCEL = """
mutation($no: String!) {
  taskCancel(input: {no: $no}) { task { closed canceled } errors { code } }
}
"""
REOPEN = """
mutation($no: String!) {
  taskReopen(input: {no: $no}) { task { closed canceled dateClosed status } errors { code } }
}
"""
TASKS = """
query($filter: TaskFilter, $orderBy: [TaskOrder!]) {
  tasks(filter: $filter, orderBy: $orderBy, first: 2) {
    totalCount pageInfo { hasNextPage } nodes { no date }
  }
}
"""
NESTED = """
{
  campaign(no: "CP1") { tasks { nodes { no } } }
  contact(no: "CO") { tasks { totalCount nodes { no } } }
  segment(no: "SEG1") { tasks(first: 1) { nodes { no } pageInfo { hasNextPage } } }
}
"""


async def test_task_create_with_every_field(gql: GraphQLClient):
    await make_salesperson(code="ANN")
    company = await make_contact(no="CO")
    await make_contact(company, no="PE")
    await make_campaign(no="CP1")
    await make_segment(no="SEG1")

    body = await gql(
        TASK_CREATE,
        {
            "input": {
                "description": "Call back",
                "type": "PHONE_CALL",
                "date": "2026-04-01",
                "startTime": "09:30:00",
                "duration": "15",
                "priority": "HIGH",
                "status": "IN_PROGRESS",
                "salespersonCode": "ann",
                "contactNo": "PE",
                "campaignNo": "CP1",
                "segmentNo": "SEG1",
            }
        },
    )

    assert body["data"]["taskCreate"] == {
        "task": {
            "no": "TD00001",
            "description": "Call back",
            "type": "PHONE_CALL",
            "date": "2026-04-01",
            "startTime": "09:30:00",
            "duration": "15.00",
            "status": "IN_PROGRESS",
            "priority": "HIGH",
            "salesperson": {"code": "ANN"},
            "contact": {"no": "PE"},
            "contactCompany": {"no": "CO"},
            "campaign": {"no": "CP1"},
            "segment": {"no": "SEG1"},
            "createdBy": "demo",
        },
        "errors": [],
    }


async def test_task_create_refusals_are_payload_errors(gql: GraphQLClient):
    body = await gql(TASK_CREATE, {"input": {"description": "", "date": None}})

    payload = body["data"]["taskCreate"]
    assert payload["task"] is None
    assert sorted(map(tuple, (e["field"] for e in payload["errors"]))) == [
        ("input", "date"),
        ("input", "description"),
        ("input", "salespersonCode"),
    ]
    assert await Task.all().count() == 0


async def test_a_meeting_stays_a_meeting(gql: GraphQLClient):
    await make_task(no="T1", salesperson=await make_salesperson(), type=TaskType.MEETING)

    body = await gql(TASK_UPDATE, {"input": {"no": "T1", "type": "PHONE_CALL"}})
    ok = await gql(TASK_UPDATE, {"input": {"no": "T1", "description": "Lunch"}})

    assert body["data"]["taskUpdate"] == {
        "task": None,
        "errors": [{"code": "TASK_TYPE_CHANGE", "field": ["input", "type"]}],
    }
    assert ok["data"]["taskUpdate"] == {
        "task": {"type": "MEETING", "description": "Lunch"},
        "errors": [],
    }
    assert (await Task.get(no="T1")).type is TaskType.MEETING


async def test_close_cancel_and_reopen(http: httpx.AsyncClient):
    ann = await make_salesperson(code="ANN")
    await make_task(no="T1", team=await make_team([ann]))
    await make_task(no="T2", salesperson=ann)
    headers = await bearer(Role.SALES, salesperson=ann)

    async def run(query: str, no: str) -> dict[str, object]:
        response = await http.post(
            "/graphql", json={"query": query, "variables": {"no": no}}, headers=headers
        )
        return response.json()  # type: ignore[no-any-return]

    closed = await run(CLOSE, "T1")
    again = await run(CLOSE, "T1")
    cancelled = await run(CANCEL, "T2")
    reopened = await run(REOPEN, "T1")

    assert closed["data"] == {
        "taskClose": {
            "task": {
                "status": "COMPLETED",
                "closed": True,
                "dateClosed": datetime.now(UTC).date().isoformat(),
                "canceled": False,
                "completedBy": "ANN",
            },
            "errors": [],
        }
    }
    assert again["data"] == {
        "taskClose": {"task": None, "errors": [{"code": "INVALID", "field": ["input", "no"]}]}
    }
    assert cancelled["data"] == {
        "taskCancel": {"task": {"closed": True, "canceled": True}, "errors": []}
    }
    assert reopened["data"] == {
        "taskReopen": {
            "task": {
                "closed": False,
                "canceled": False,
                "dateClosed": None,
                "status": "NOT_STARTED",
            },
            "errors": [],
        }
    }
    assert (await Task.get(no="T2")).canceled is True


async def test_sales_cannot_close_someone_elses_task(http: httpx.AsyncClient):
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    await make_task(no="HIS", salesperson=bob)
    headers = await bearer(Role.SALES, salesperson=ann)

    response = await http.post(
        "/graphql", json={"query": CLOSE, "variables": {"no": "HIS"}}, headers=headers
    )

    body = response.json()
    assert body["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["taskClose"], "FORBIDDEN")
    ]
    assert (await Task.get(no="HIS")).closed is False


async def test_tasks_are_filtered_ordered_and_paged(gql: GraphQLClient):
    ann = await make_salesperson(code="ANN")
    today = datetime.now(UTC).date()  # the API runs on the real clock
    await make_task(no="A", salesperson=ann, date=today - timedelta(days=9))
    await make_task(no="B", salesperson=ann, date=today + timedelta(days=10))
    await make_task(
        no="C", salesperson=ann, date=today - timedelta(days=1), status=TaskStatus.WAITING
    )

    by_date = await gql(TASKS, {"orderBy": [{"field": "DATE", "direction": "DESC"}]})
    overdue = await gql(TASKS, {"filter": {"overdue": True}})

    assert by_date["data"]["tasks"] == {
        "totalCount": 3,
        "pageInfo": {"hasNextPage": True},
        "nodes": [
            {"no": "B", "date": (today + timedelta(days=10)).isoformat()},
            {"no": "C", "date": (today - timedelta(days=1)).isoformat()},
        ],
    }
    assert [n["no"] for n in overdue["data"]["tasks"]["nodes"]] == ["A", "C"]


async def test_nested_task_connections(gql: GraphQLClient):
    ann = await make_salesperson(code="ANN")
    campaign = await make_campaign(no="CP1")
    contact = await make_contact(no="CO")
    segment = await make_segment(no="SEG1")
    await SegmentLine.create(segment=segment, line_no=10000, contact=contact)
    await make_task(no="T1", salesperson=ann, campaign=campaign, contact=contact, segment=segment)
    await make_task(no="T2", salesperson=ann, segment=segment, contact=contact)
    await make_task(no="T3", salesperson=ann)

    body = await gql(NESTED)

    assert body["data"] == {
        "campaign": {"tasks": {"nodes": [{"no": "T1"}]}},
        "contact": {"tasks": {"totalCount": 2, "nodes": [{"no": "T1"}, {"no": "T2"}]}},
        "segment": {"tasks": {"nodes": [{"no": "T1"}], "pageInfo": {"hasNextPage": True}}},
    }


async def test_viewer_open_tasks_and_nodes(http: httpx.AsyncClient):
    ann = await make_salesperson(code="ANN")
    task = await make_task(no="MINE", salesperson=ann)
    await make_task(no="DONE", salesperson=ann, closed=True)
    await make_task(no="HIS", salesperson=await make_salesperson())
    activity = await make_activity(code="ACT")
    headers = await bearer(Role.VIEWER, salesperson=ann)
    query = (
        "{ viewer { openTasks { no } } "
        f'nodes(ids: ["{encode_id("Task", task.id)}", "{encode_id("Activity", activity.id)}"]) '
        "{ ... on Task { no } ... on Activity { code } } "
        'task(no: "mine") { no } }'
    )

    body = (await http.post("/graphql", json={"query": query}, headers=headers)).json()

    assert body["data"] == {
        "viewer": {"openTasks": [{"no": "MINE"}]},
        "nodes": [{"no": "MINE"}, {"code": "ACT"}],
        "task": {"no": "MINE"},
    }
