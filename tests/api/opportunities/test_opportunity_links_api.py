"""Opportunities among other records through the GraphQL API: filtered lists and nested
connections, the tasks and interactions that show them, activities assigned for them, and
batched reads of their entries, stages and tasks."""

from __future__ import annotations

from server.models import Interaction, OpportunityEntry, Task
from server.resolvers.ids import encode_id
from tests.api.conftest import GraphQLClient
from tests.api.opportunities.opportunity_builders import DAY, _world
from tests.builders import (
    make_campaign,
    make_contact,
    make_opportunity,
    make_sales_cycle,
    make_salesperson,
)
from tests.conftest import StatementCounter


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
