"""Sales cycles and opportunities through the GraphQL API: payloads, errors, database."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from server.models import (
    Interaction,
    Opportunity,
    OpportunityEntry,
    Role,
    SalesCycle,
    SalesCycleStage,
    Task,
    TaskType,
)
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient, bearer
from tests.builders import (
    activate,
    make_activity,
    make_campaign,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
)
from tests.conftest import TODAY, StatementCounter

DAY = TODAY.date()

CYCLE_CREATE = """
mutation($input: SalesCycleCreateInput!) {
  salesCycleCreate(input: $input) { salesCycle { id code probabilityCalculation } errors { code } }
}
"""
STAGE_CREATE = """
mutation($input: SalesCycleStageCreateInput!) {
  salesCycleStageCreate(input: $input) {
    stage { stage completedPercent chancesOfSuccessPercent allowSkip dateFormula activity { code } }
    errors { code field message }
  }
}
"""
CYCLES = """
{ salesCycles { code stages { stage description dateFormula } }
  salesCycle(code: "new") { code blocked } }
"""
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


async def _world() -> None:
    await make_salesperson(code="ANN")
    await make_contact(no="CT1")
    campaign = await make_campaign(no="CP1", starting_date=date(2026, 1, 1))
    await activate(campaign)
    await make_campaign(no="CPOFF", starting_date=date(2026, 1, 1))
    await make_activity([(TaskType.PHONE_CALL, "0D"), (TaskType.MEETING, "1W")], code="CALL")


async def test_sales_cycles_and_stages_are_set_up_and_listed(gql: GraphQLClient):
    await make_activity(code="CALL")

    made = await gql(
        CYCLE_CREATE,
        {"input": {"code": "new", "description": "New", "probabilityCalculation": "ADD"}},
    )
    stage = await gql(
        STAGE_CREATE,
        {
            "input": {
                "salesCycleCode": "NEW",
                "stage": 1,
                "description": "Lead",
                "completedPercent": "25",
                "chancesOfSuccessPercent": "50.5",
                "allowSkip": True,
                "activityCode": "call",
                "dateFormula": "<cm+1d>",
            }
        },
    )
    bad = await gql(
        STAGE_CREATE,
        {"input": {"salesCycleCode": "NEW", "stage": 2, "description": "X", "dateFormula": "9Z"}},
    )
    listed = await gql(CYCLES)

    assert made["data"]["salesCycleCreate"]["salesCycle"]["probabilityCalculation"] == "ADD"
    assert stage["data"]["salesCycleStageCreate"] == {
        "stage": {
            "stage": 1,
            "completedPercent": "25.00",
            "chancesOfSuccessPercent": "50.50",
            "allowSkip": True,
            "dateFormula": "CM+1D",
            "activity": {"code": "CALL"},
        },
        "errors": [],
    }
    (error,) = bad["data"]["salesCycleStageCreate"]["errors"]
    assert (error["code"], error["field"]) == ("DATE_FORMULA_INVALID", ["input", "dateFormula"])
    assert "9Z" in error["message"]
    assert listed["data"] == {
        "salesCycles": [
            {"code": "NEW", "stages": [{"stage": 1, "description": "Lead", "dateFormula": "CM+1D"}]}
        ],
        "salesCycle": {"code": "NEW", "blocked": False},
    }
    node_id = made["data"]["salesCycleCreate"]["salesCycle"]["id"]
    node = await gql(f'{{ node(id: "{node_id}") {{ ... on SalesCycle {{ code }} }} }}')
    assert node["data"]["node"] == {"code": "NEW"}


async def test_o4_deleting_a_cycle_in_use_is_a_payload_error(gql: GraphQLClient):
    cycle = await make_sales_cycle([("10", "10")], code="NEW")
    opportunity = await make_opportunity(
        contact=await make_contact(), salesperson=await make_salesperson(), sales_cycle=cycle
    )
    await OpportunityEntry.create(
        opportunity=opportunity, stage=1, date_of_change=DAY, action_taken="NEXT"
    )

    cycle_delete = await gql(
        'mutation { salesCycleDelete(input: {code: "NEW"}) { deletedId errors { code field } } }'
    )
    stage_delete = await gql(
        'mutation { salesCycleStageDelete(input: {salesCycleCode: "NEW", stage: 1}) '
        "{ errors { code field } } }"
    )

    assert cycle_delete["data"]["salesCycleDelete"] == {
        "deletedId": None,
        "errors": [{"code": "IN_USE", "field": ["input", "code"]}],
    }
    assert stage_delete["data"]["salesCycleStageDelete"]["errors"] == [
        {"code": "IN_USE", "field": ["input", "stage"]}
    ]
    assert await SalesCycle.exists(code="NEW")
    assert await SalesCycleStage.all().count() == 1


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


async def test_the_opportunity_list_filters_and_nested_lists_take_one_statement_each(
    gql: GraphQLClient, sql: StatementCounter
):
    ann, bob = await make_salesperson(code="ANN"), await make_salesperson(code="BOB")
    cycle = await make_sales_cycle(code="CYC")
    campaigns = [await make_campaign(no=f"CPN{i}") for i in range(4)]
    for i, campaign in enumerate(campaigns):
        for k in range(i):
            await make_opportunity(
                no=f"OP{i}{k}",
                contact=await make_contact(),
                salesperson=ann if k % 2 else bob,
                sales_cycle=cycle,
                campaign=campaign,
            )
    sql.statements.clear()

    body = await gql(
        '{ campaigns(filter: {search: "CPN"}) { nodes { no opportunities(first: 2) '
        "{ totalCount nodes { no } } } } }"
    )
    nested = sql.count
    filtered = await gql(
        '{ opportunities(filter: {salespersonCodes: ["ann"]}, '
        "orderBy: [{field: NO, direction: DESC}]) { nodes { no salesperson { code } } } }"
    )

    assert [
        (c["no"], c["opportunities"]["totalCount"], [o["no"] for o in c["opportunities"]["nodes"]])
        for c in body["data"]["campaigns"]["nodes"]
    ] == [
        ("CPN0", 0, []),
        ("CPN1", 1, ["OP10"]),
        ("CPN2", 2, ["OP20", "OP21"]),
        ("CPN3", 3, ["OP30", "OP31"]),
    ]
    assert nested == 2  # the campaign page (with its count) and one for all opportunities
    assert [o["no"] for o in filtered["data"]["opportunities"]["nodes"]] == ["OP31", "OP21"]


async def test_tasks_and_interactions_show_their_opportunity(gql: GraphQLClient):
    contact = await make_contact(no="CT9")
    ann = await make_salesperson(code="ANN")
    opportunity = await make_opportunity(
        no="OP9", contact=contact, salesperson=ann, sales_cycle=await make_sales_cycle()
    )
    task = await Task.create(
        no="TD9", description="Call", date=DAY, salesperson=ann, opportunity=opportunity
    )
    await Interaction.create(
        contact=contact, date=DAY, description="Met", user="u", opportunity=opportunity, task=task
    )

    node_id = encode_id("Opportunity", opportunity.id)
    body = await gql(
        '{ task(no: "TD9") { opportunity { no } } '
        'contact(no: "CT9") { interactions { nodes { opportunity { no } task { no } } } } '
        f'node(id: "{node_id}") {{ ... on Opportunity {{ no }} }} }}'
    )

    assert body["data"] == {
        "task": {"opportunity": {"no": "OP9"}},
        "contact": {
            "interactions": {"nodes": [{"opportunity": {"no": "OP9"}, "task": {"no": "TD9"}}]}
        },
        "node": {"no": "OP9"},
    }


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


async def test_activity_assign_for_an_opportunity_and_deleting_what_it_uses(gql: GraphQLClient):
    await _world()
    cycle = await make_sales_cycle([("10", "50")], code="CYC")
    campaign = await make_campaign(no="CPD")
    await make_opportunity(
        no="OPA",
        contact=await make_contact(no="CTA"),
        salesperson=await make_salesperson(code="SPA"),
        sales_cycle=cycle,
        campaign=campaign,
    )

    assigned = await gql(
        'mutation { activityAssign(input: {activityCode: "CALL", startDate: "2026-04-01", '
        'opportunityNo: "opa"}) { tasks { date salesperson { code } contact { no } '
        "campaign { no } opportunity { no } } errors { code } } }"
    )
    deleted = await gql(
        'mutation { campaignDelete(input: {no: "CPD"}) { errors { code message } } }'
    )

    assert assigned["data"]["activityAssign"] == {
        "tasks": [
            {
                "date": day,
                "salesperson": {"code": "SPA"},
                "contact": {"no": "CTA"},
                "campaign": {"no": "CPD"},
                "opportunity": {"no": "OPA"},
            }
            for day in ("2026-04-01", "2026-04-08")
        ],
        "errors": [],
    }
    (error,) = deleted["data"]["campaignDelete"]["errors"]
    assert error["code"] == "CAMPAIGN_IN_USE"
    assert "1 opportunities" in error["message"]


async def test_entries_stages_and_tasks_of_many_opportunities_are_batched(
    gql: GraphQLClient, sql: StatementCounter
):
    ann = await make_salesperson(code="ANN")
    cycle = await make_sales_cycle([("10", "50"), ("40", "60")], code="CYC")
    for i in range(6):
        opportunity = await make_opportunity(
            no=f"OPB{i}", contact=await make_contact(), salesperson=ann, sales_cycle=cycle
        )
        for stage in (1, 2):
            await OpportunityEntry.create(
                opportunity=opportunity,
                stage=stage,
                active=stage == 2,
                date_of_change=DAY,
                action_taken="NEXT",
            )
        await Task.create(
            no=f"TDB{i}", description="Call", date=DAY, salesperson=ann, opportunity=opportunity
        )
    sql.statements.clear()

    body = await gql(
        "{ opportunities { nodes { no salesCycle { code } "
        "entries { stage salesCycleStage { description } } "
        "activeEntry { stage } tasks { totalCount nodes { no } } } } }"
    )

    nodes = body["data"]["opportunities"]["nodes"]
    assert len(nodes) == 6
    assert all(n["activeEntry"] == {"stage": 2} for n in nodes)
    assert nodes[0]["entries"] == [
        {"stage": 1, "salesCycleStage": {"description": "Stage 1"}},
        {"stage": 2, "salesCycleStage": {"description": "Stage 2"}},
    ]
    assert nodes[5]["tasks"] == {"totalCount": 1, "nodes": [{"no": "TDB5"}]}
    # the page, cycles, entries, opportunities by id (for the stages), stages, tasks
    assert sql.count == 6, "\n".join(s[:100] for s in sql.statements)


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
