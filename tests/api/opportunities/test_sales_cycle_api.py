"""Sales cycles and their stages through the GraphQL API: set up, listed and found by id, a
bad date formula, and a cycle in use that cannot be deleted (O4)."""

from __future__ import annotations

from server.models import OpportunityEntry, SalesCycle, SalesCycleStage
from tests.api.conftest import GraphQLClient
from tests.api.opportunities.opportunity_builders import DAY
from tests.builders import (
    make_activity,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
)

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
