"""Opportunities through the GraphQL API from creation to deletion: an ineligible campaign
(O1), moves through the cycle and their refusals, who may move them, deleting one."""

from __future__ import annotations

from typing import Any

import httpx

from server.models import Opportunity, OpportunityEntry, Role, SalesCycleStage
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient, bearer
from tests.api.opportunities.opportunity_builders import _world
from tests.builders import (
    make_activity,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
)

CREATE = """
mutation($input: OpportunityCreateInput!) {
  opportunityCreate(input: $input) {
    opportunity {
      no status creationDate priority contact { no } salesperson { code } campaign { no }
      salesCycle { code }
      activeEntry { stage actionTaken probabilityPercent calculatedCurrentValue estimatedValue }
    }
    errors { code field message }
  }
}
"""
MOVE = """
mutation($input: OpportunityStageUpdateInput!) {
  opportunityStageUpdate(input: $input) {
    opportunity {
      status closed dateClosed
      entries { stage active actionTaken daysOpen dateClosed probabilityPercent
                calculatedCurrentValue salesCycleStage { description } }
      tasks { totalCount nodes { date type opportunity { no } } }
    }
    errors { code field message }
  }
}
"""


def _create_input(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": "Fleet deal",
        "contactNo": "ct1",
        "salespersonCode": "ann",
        "salesCycleCode": "cyc",
    }
    data.update(values)
    return {"input": data}


async def test_o1_an_ineligible_campaign_is_a_payload_error_naming_campaign_no(
    gql: GraphQLClient,
):
    await _world()
    await make_sales_cycle([("10", "50")], code="CYC")

    body = await gql(CREATE, _create_input(campaignNo="cpoff"))

    payload = body["data"]["opportunityCreate"]
    assert payload["opportunity"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("CAMPAIGN_NOT_ELIGIBLE", ["input", "campaignNo"])
    ]
    assert await Opportunity.all().count() == 0


async def test_an_opportunity_moves_through_its_cycle_making_stage_tasks(gql: GraphQLClient):
    await _world()
    cycle = await make_sales_cycle([("10", "50"), ("40", "60")], code="CYC")
    await SalesCycleStage.filter(sales_cycle_id=cycle.id, stage=2).update(
        activity_id=(await make_activity(code="VISIT")).id
    )

    created = await gql(
        CREATE,
        _create_input(
            campaignNo="cp1",
            priority="HIGH",
            activateFirstStage=True,
            estimatedValue="2000",
            creationDate="2026-03-15",
        ),
    )
    moved = await gql(
        MOVE,
        {"input": {"opportunityNo": "OP00001", "action": "NEXT", "dateOfChange": "2026-03-20"}},
    )
    refused = await gql(
        MOVE, {"input": {"opportunityNo": "OP00001", "action": "SKIP", "stageNo": 1}}
    )
    won = await gql(
        MOVE,
        {"input": {"opportunityNo": "OP00001", "action": "WIN", "dateOfChange": "2026-03-25"}},
    )

    assert created["data"]["opportunityCreate"] == {
        "opportunity": {
            "no": "OP00001",
            "status": "IN_PROGRESS",
            "creationDate": "2026-03-15",
            "priority": "HIGH",
            "contact": {"no": "CT1"},
            "salesperson": {"code": "ANN"},
            "campaign": {"no": "CP1"},
            "salesCycle": {"code": "CYC"},
            "activeEntry": {
                "stage": 1,
                "actionTaken": "NEXT",
                "probabilityPercent": "5.00",
                "calculatedCurrentValue": "100.00",
                "estimatedValue": "2000.00",
            },
        },
        "errors": [],
    }
    after_next = moved["data"]["opportunityStageUpdate"]["opportunity"]
    assert after_next["entries"][0]["daysOpen"] == 5
    assert after_next["tasks"] == {
        "totalCount": 1,
        "nodes": [{"date": "2026-03-20", "type": "NONE", "opportunity": {"no": "OP00001"}}],
    }
    assert refused["data"]["opportunityStageUpdate"]["errors"][0]["field"] == [
        "input",
        "stageNo",
    ]
    final = won["data"]["opportunityStageUpdate"]["opportunity"]
    assert (final["status"], final["closed"], final["dateClosed"]) == ("WON", True, "2026-03-25")
    assert [(e["stage"], e["active"], e["actionTaken"]) for e in final["entries"]] == [
        (1, False, "NEXT"),
        (2, False, "NEXT"),
        (2, True, "WON"),
    ]
    assert final["entries"][-1]["calculatedCurrentValue"] == "2000.00"
    assert [e["salesCycleStage"] for e in final["entries"]] == [
        {"description": "Stage 1"},
        {"description": "Stage 2"},
        {"description": "Stage 2"},
    ]

    stats = await gql(
        '{ campaign(no: "CP1") { statistics { opportunityCount estimatedValue '
        "calculatedCurrentValue } opportunities { totalCount nodes { no } } } "
        'contact(no: "CT1") { opportunities { nodes { no status } } } }'
    )
    assert stats["data"] == {
        "campaign": {
            "statistics": {
                "opportunityCount": 1,
                "estimatedValue": "2000.00",
                "calculatedCurrentValue": "2000.00",
            },
            "opportunities": {"totalCount": 1, "nodes": [{"no": "OP00001"}]},
        },
        "contact": {"opportunities": {"nodes": [{"no": "OP00001", "status": "WON"}]}},
    }


async def test_skipping_to_a_stage_that_does_not_allow_it_changes_nothing(gql: GraphQLClient):
    await _world()
    await make_sales_cycle([("10", "50"), ("40", "60"), ("70", "70")], code="CYC")
    await gql(CREATE, _create_input(activateFirstStage=True))

    body = await gql(MOVE, {"input": {"opportunityNo": "op00001", "action": "SKIP", "stageNo": 3}})

    assert body["data"]["opportunityStageUpdate"]["opportunity"] is None
    assert [(e["code"], e["field"]) for e in body["data"]["opportunityStageUpdate"]["errors"]] == [
        ("STAGE_NOT_SKIPPABLE", ["input", "stageNo"])
    ]
    assert await OpportunityEntry.all().values_list("stage", "active") == [(1, True)]


async def test_sales_users_move_their_own_opportunities_viewers_only_read(
    http: httpx.AsyncClient,
):
    await _world()
    await make_sales_cycle([("10", "50"), ("40", "60")], code="CYC")
    await make_salesperson(code="BOB")
    mine = await bearer(Role.SALES, salesperson=await make_salesperson(code="SAL"))
    document = {"query": CREATE, "variables": _create_input(salespersonCode=None)}

    created = (await http.post("/graphql", json=document, headers=mine)).json()
    for role in (Role.VIEWER,):
        refused = (await http.post("/graphql", json=document, headers=await bearer(role))).json()
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    theirs = {
        "query": MOVE,
        "variables": {"input": {"opportunityNo": "OP00001", "action": "NEXT"}},
    }
    other = await bearer(Role.SALES, salesperson=await make_salesperson(code="OTH"))
    forbidden = (await http.post("/graphql", json=theirs, headers=other)).json()
    allowed = (await http.post("/graphql", json=theirs, headers=mine)).json()

    assert created["data"]["opportunityCreate"]["opportunity"]["salesperson"] == {"code": "SAL"}
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert allowed["data"]["opportunityStageUpdate"]["errors"] == []
    assert await OpportunityEntry.all().count() == 1


DELETE = """
mutation($input: OpportunityDeleteInput!) {
  opportunityDelete(input: $input) { deletedId opportunity { no } errors { code field message } }
}
"""


async def test_deleting_an_opportunity_answers_its_id_and_refuses_one_in_progress(
    gql: GraphQLClient,
):
    cycle = await make_sales_cycle([("10", "50")], code="NEW")
    seller = await make_salesperson(code="ANN")
    done = await make_opportunity(
        no="OPDONE", contact=await make_contact(), salesperson=seller, sales_cycle=cycle
    )
    await make_opportunity(
        no="OPBUSY", contact=await make_contact(), salesperson=seller, sales_cycle=cycle
    )
    await gql(MOVE, {"input": {"opportunityNo": "OPBUSY", "action": "NEXT"}})

    deleted = (await gql(DELETE, {"input": {"no": "opdone"}}))["data"]["opportunityDelete"]
    refused = (await gql(DELETE, {"input": {"no": "OPBUSY"}}))["data"]["opportunityDelete"]

    assert deleted == {
        "deletedId": encode_id("Opportunity", done.id),
        "opportunity": {"no": "OPDONE"},
        "errors": [],
    }
    assert refused["deletedId"] is None
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("OPPORTUNITY_IN_PROGRESS", ["input", "no"])
    ]
    assert list(await Opportunity.all().values_list("no", flat=True)) == ["OPBUSY"]
    assert await OpportunityEntry.filter(active=True).count() == 1


async def test_a_move_takes_the_chances_of_success_and_a_bad_value_names_the_field(
    gql: GraphQLClient,
):
    cycle = await make_sales_cycle([("10", "50")], code="NEW")
    await make_opportunity(
        no="OP1",
        contact=await make_contact(),
        salesperson=await make_salesperson(code="ANN"),
        sales_cycle=cycle,
    )
    await gql(MOVE, {"input": {"opportunityNo": "OP1", "action": "NEXT", "estimatedValue": "200"}})

    moved = await gql(
        MOVE,
        {"input": {"opportunityNo": "OP1", "action": "UPDATE", "chancesOfSuccessPercent": "80"}},
    )
    refused = await gql(
        MOVE, {"input": {"opportunityNo": "OP1", "action": "WIN", "chancesOfSuccessPercent": "80"}}
    )

    entries = moved["data"]["opportunityStageUpdate"]["opportunity"]["entries"]
    # MULTIPLY: 80 x 10 / 100 = 8 %, worth 16.00 of 200
    assert (entries[-1]["probabilityPercent"], entries[-1]["calculatedCurrentValue"]) == (
        "8.00",
        "16.00",
    )
    errors = refused["data"]["opportunityStageUpdate"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [
        ("INVALID", ["input", "chancesOfSuccessPercent"])
    ]
    assert await OpportunityEntry.all().count() == 2
