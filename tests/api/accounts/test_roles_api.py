"""Each role against each mutation family, through the API (DOMAIN section 5).

Every refusal is a top-level FORBIDDEN error on the mutation's path, and the database is
unchanged afterwards; every permitted call succeeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from tortoise.models import Model

from server.models import (
    Activity,
    ApiToken,
    Campaign,
    CampaignEntry,
    CampaignStatus,
    Contact,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    Interaction,
    InteractionGroup,
    InteractionTemplate,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
    Opportunity,
    OpportunityEntry,
    Role,
    SalesCycle,
    SalesCycleStage,
    SalesDocument,
    SalesDocumentType,
    SalesLine,
    SalesLineSource,
    Salesperson,
    Segment,
    SegmentLine,
    Task,
    Team,
    User,
)
from server.resolvers.ids import encode_id
from tests.api.conftest import bearer
from tests.builders import (
    make_activity,
    make_campaign,
    make_contact,
    make_customer,
    make_customer_discount_group,
    make_group,
    make_item,
    make_item_discount_group,
    make_opportunity,
    make_price_group,
    make_sales_cycle,
    make_salesperson,
    make_segment,
    make_status,
    make_task,
    make_team,
    make_template,
    make_user,
)
from tests.conftest import TODAY


@dataclass(frozen=True)
class Family:
    """One mutation, how to set it up, and what it writes."""

    name: str
    document: str
    model: type[Model]
    allowed: frozenset[Role]


BUSINESS_WRITERS = frozenset({Role.ADMIN, Role.MANAGER})
ADMINS = frozenset({Role.ADMIN})

FAMILIES = [
    Family(
        "campaignCreate",
        'mutation { campaignCreate(input: {description: "New"}) '
        "{ campaign { no } errors { code } } }",
        Campaign,
        BUSINESS_WRITERS,
    ),
    Family(
        "campaignUpdate",
        'mutation { campaignUpdate(input: {no: "CPX", description: "Changed"}) '
        "{ campaign { description } errors { code } } }",
        Campaign,
        BUSINESS_WRITERS,
    ),
    Family(
        "campaignDelete",
        'mutation { campaignDelete(input: {no: "CPX"}) { deletedId errors { code } } }',
        Campaign,
        BUSINESS_WRITERS,
    ),
    Family(
        "salespersonCreate",
        'mutation { salespersonCreate(input: {code: "NEW", name: "New"}) '
        "{ salesperson { code } errors { code } } }",
        Salesperson,
        BUSINESS_WRITERS,
    ),
    Family(
        "teamUpdate",
        'mutation { teamUpdate(input: {code: "TX", name: "Renamed"}) '
        "{ team { name } errors { code } } }",
        Team,
        BUSINESS_WRITERS,
    ),
    Family(
        "campaignStatusDelete",
        'mutation { campaignStatusDelete(input: {code: "STX"}) { deletedId errors { code } } }',
        CampaignStatus,
        BUSINESS_WRITERS,
    ),
    Family(
        "contactCreate",
        'mutation { contactCreate(input: {type: PERSON, name: "New", companyNo: "CTX"}) '
        "{ contact { no } errors { code } } }",
        Contact,
        BUSINESS_WRITERS,
    ),
    Family(
        "contactUpdate",
        'mutation { contactUpdate(input: {no: "CTX", name: "Changed"}) '
        "{ contact { name } errors { code } } }",
        Contact,
        BUSINESS_WRITERS,
    ),
    Family(
        "contactDelete",
        'mutation { contactDelete(input: {no: "CTX"}) { deletedId errors { code } } }',
        Contact,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionGroupCreate",
        'mutation { interactionGroupCreate(input: {code: "NEW", description: "New"}) '
        "{ interactionGroup { code } errors { code } } }",
        InteractionGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionGroupUpdate",
        'mutation { interactionGroupUpdate(input: {code: "GX", description: "Changed"}) '
        "{ interactionGroup { description } errors { code } } }",
        InteractionGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionGroupDelete",
        'mutation { interactionGroupDelete(input: {code: "GSPARE"}) '
        "{ deletedId errors { code } } }",
        InteractionGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionTemplateCreate",
        "mutation { interactionTemplateCreate(input: "
        '{code: "NEW", description: "New", groupCode: "GX", unitCost: "1.50"}) '
        "{ interactionTemplate { code } errors { code } } }",
        InteractionTemplate,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionTemplateUpdate",
        'mutation { interactionTemplateUpdate(input: {code: "TPLX", description: "Changed"}) '
        "{ interactionTemplate { description } errors { code } } }",
        InteractionTemplate,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionTemplateDelete",
        'mutation { interactionTemplateDelete(input: {code: "TPLX"}) '
        "{ deletedId errors { code } } }",
        InteractionTemplate,
        BUSINESS_WRITERS,
    ),
    Family(
        "userCreate",
        'mutation { userCreate(input: {username: "newbie", name: "New", role: VIEWER}) '
        "{ user { username } errors { code } } }",
        User,
        ADMINS,
    ),
    Family(
        "apiTokenCreate",
        'mutation { apiTokenCreate(input: {username: "target", name: "x"}) '
        "{ secret errors { code } } }",
        ApiToken,
        ADMINS,
    ),
    Family(
        "segmentCreate",
        'mutation { segmentCreate(input: {description: "New"}) '
        "{ segment { no } errors { code } } }",
        Segment,
        BUSINESS_WRITERS,
    ),
    Family(
        "segmentCampaignTargetSet",
        'mutation { segmentCampaignTargetSet(input: {segmentNo: "SEGX", value: true}) '
        "{ count errors { code } } }",
        SegmentLine,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionLog",
        'mutation { interactionLog(input: {contactNo: "CTX", description: "Hi"}) '
        "{ interaction { entryNo } errors { code } } }",
        Interaction,
        BUSINESS_WRITERS,
    ),
    Family(
        "campaignEntryCancel",
        "mutation { campaignEntryCancel(input: {entryNo: 1}) { errors { code } } }",
        CampaignEntry,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerCreate",
        'mutation { customerCreate(input: {name: "New", contactNo: "CTF"}) '
        "{ customer { no } errors { code } } }",
        Customer,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerUpdate",
        'mutation { customerUpdate(input: {no: "CUX", contactNo: null, name: "Changed"}) '
        "{ customer { name } errors { code } } }",
        Customer,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerDelete",
        'mutation { customerDelete(input: {no: "CUX"}) { deletedId errors { code } } }',
        Customer,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemCreate",
        'mutation { itemCreate(input: {description: "New", baseUnitOfMeasure: "PCS"}) '
        "{ item { no } errors { code } } }",
        Item,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemUpdate",
        'mutation { itemUpdate(input: {no: "ITX", unitPrice: "99"}) '
        "{ item { unitPrice } errors { code } } }",
        Item,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemDelete",
        'mutation { itemDelete(input: {no: "ITX"}) { deletedId errors { code } } }',
        Item,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemUnitOfMeasureSet",
        'mutation { itemUnitOfMeasureSet(input: {itemNo: "ITX", code: "BOX", '
        'quantityPerUnit: "10"}) { unitOfMeasure { code } errors { code } } }',
        ItemUnitOfMeasure,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemUnitOfMeasureDelete",
        'mutation { itemUnitOfMeasureDelete(input: {itemNo: "ITX", code: "PALLET"}) '
        "{ deletedId errors { code } } }",
        ItemUnitOfMeasure,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerPriceGroupCreate",
        'mutation { customerPriceGroupCreate(input: {code: "NEW", description: "New"}) '
        "{ group { code } errors { code } } }",
        CustomerPriceGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerDiscountGroupUpdate",
        'mutation { customerDiscountGroupUpdate(input: {code: "CDX", description: "Changed"}) '
        "{ group { code } errors { code } } }",
        CustomerDiscountGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemDiscountGroupDelete",
        'mutation { itemDiscountGroupDelete(input: {code: "IDX"}) { deletedId errors { code } } }',
        ItemDiscountGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "activityCreate",
        'mutation { activityCreate(input: {code: "NEW", description: "New", '
        'steps: [{description: "Call", dateFormula: "1W"}]}) '
        "{ activity { code } errors { code } } }",
        Activity,
        BUSINESS_WRITERS,
    ),
    Family(
        "activityAssign",
        'mutation { activityAssign(input: {activityCode: "ACTX", startDate: "2026-04-01", '
        'teamCode: "TX"}) { tasks { no } errors { code } } }',
        Task,
        BUSINESS_WRITERS,
    ),
    Family(
        "taskCreate",
        'mutation { taskCreate(input: {description: "New", date: "2026-04-01", teamCode: "TX"}) '
        "{ task { no } errors { code } } }",
        Task,
        BUSINESS_WRITERS,
    ),
    Family(
        "taskClose",
        'mutation { taskClose(input: {no: "TDX"}) { task { closed } errors { code } } }',
        Task,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleCreate",
        'mutation { salesCycleCreate(input: {code: "NEW", description: "New"}) '
        "{ salesCycle { code } errors { code } } }",
        SalesCycle,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleUpdate",
        'mutation { salesCycleUpdate(input: {code: "SCX", description: "Changed"}) '
        "{ salesCycle { code } errors { code } } }",
        SalesCycle,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleDelete",
        'mutation { salesCycleDelete(input: {code: "SCSPARE"}) { deletedId errors { code } } }',
        SalesCycle,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleStageCreate",
        'mutation { salesCycleStageCreate(input: {salesCycleCode: "SCX", stage: 2, '
        'description: "Two"}) { stage { stage } errors { code } } }',
        SalesCycleStage,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleStageUpdate",
        'mutation { salesCycleStageUpdate(input: {salesCycleCode: "SCX", stage: 1, '
        'description: "Changed"}) { stage { stage } errors { code } } }',
        SalesCycleStage,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleStageDelete",
        'mutation { salesCycleStageDelete(input: {salesCycleCode: "SCSPARE", stage: 1}) '
        "{ stage { stage } errors { code } } }",
        SalesCycleStage,
        BUSINESS_WRITERS,
    ),
    Family(
        "opportunityCreate",
        'mutation { opportunityCreate(input: {description: "New", contactNo: "CTX", '
        'salespersonCode: "SPX", salesCycleCode: "SCX"}) { opportunity { no } errors { code } } }',
        Opportunity,
        BUSINESS_WRITERS,
    ),
    Family(
        "opportunityUpdate",
        'mutation { opportunityUpdate(input: {no: "OPX", description: "Changed"}) '
        "{ opportunity { no } errors { code } } }",
        Opportunity,
        BUSINESS_WRITERS,
    ),
    Family(
        "opportunityDelete",
        'mutation { opportunityDelete(input: {no: "OPSPARE"}) { deletedId errors { code } } }',
        Opportunity,
        BUSINESS_WRITERS,
    ),
    Family(
        "opportunityStageUpdate",
        'mutation { opportunityStageUpdate(input: {opportunityNo: "OPX", action: NEXT}) '
        "{ opportunity { no } errors { code } } }",
        OpportunityEntry,
        BUSINESS_WRITERS,
    ),
    # SALES users may work on documents whose salesperson is theirs; `bearer` users have none.
    Family(
        "salesDocumentCreate",
        'mutation { salesDocumentCreate(input: {type: QUOTE, contactNo: "CTS", '
        'lines: [{itemNo: "ITS", quantity: "2"}]}) { salesDocument { no } errors { code } } }',
        SalesDocument,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesDocumentUpdate",
        'mutation { salesDocumentUpdate(input: {no: "SOX", documentDate: "2026-05-01"}) '
        "{ salesDocument { no } errors { code } } }",
        SalesDocument,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesDocumentRecalculate",
        'mutation { salesDocumentRecalculate(input: {no: "SOX"}) '
        "{ salesDocument { no } errors { code } } }",
        SalesLine,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesDocumentDelete",
        'mutation { salesDocumentDelete(input: {no: "SOX"}) { deletedId errors { code } } }',
        SalesDocument,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesLineAdd",
        'mutation { salesLineAdd(input: {documentNo: "SOX", itemNo: "ITS", quantity: "1"}) '
        "{ salesLine { lineNo } errors { code } } }",
        SalesLine,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesLineUpdate",
        'mutation { salesLineUpdate(input: {documentNo: "SOX", lineNo: 10000, quantity: "4"}) '
        "{ salesLine { lineNo } errors { code } } }",
        SalesLine,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesLineDelete",
        'mutation { salesLineDelete(input: {documentNo: "SOX", lineNo: 10000}) '
        "{ deletedId errors { code } } }",
        SalesLine,
        BUSINESS_WRITERS,
    ),
]


async def _world() -> None:
    await make_campaign(no="CPX", description="Original")
    team = await make_team(code="TX", name="Team X")
    await make_activity(code="ACTX")
    await make_task(no="TDX", team=team)
    await make_status(code="STX")
    await make_user(Role.VIEWER, username="target")
    await make_contact(no="CTX", name="Original")
    group = await make_group(code="GX", description="Original")
    await make_group(code="GSPARE")
    await make_template(group, code="TPLX", description="Original")
    segment = await make_segment(no="SEGX", description="Original")
    logged = await make_campaign(no="CPE")
    await CampaignEntry.create(campaign=logged, date=TODAY.date(), description="E", user="u")
    await SegmentLine.create(segment=segment, line_no=10000, contact=await make_contact(no="CTL"))
    await make_contact(no="CTF")
    await make_customer(await make_contact(no="CTC"), no="CUX", name="Original")
    item = await make_item(no="ITX", unit_price="10")
    await ItemUnitOfMeasure.create(item=item, code="PALLET", quantity_per_unit=200)
    await make_price_group(code="PGX")
    await make_customer_discount_group(code="CDX", description="Original")
    await make_item_discount_group(code="IDX")
    cycle = await make_sales_cycle([("10", "50")], code="SCX", description="Original")
    await make_sales_cycle([("10", "50")], code="SCSPARE")
    opportunity = await make_opportunity(
        no="OPX",
        description="Original",
        contact=await make_contact(no="CTO"),
        salesperson=await make_salesperson(code="SPX"),
        sales_cycle=cycle,
    )
    await make_opportunity(
        no="OPSPARE",
        contact=opportunity.contact,
        salesperson=opportunity.salesperson,
        sales_cycle=cycle,
    )
    document = await SalesDocument.create(
        no="SOX",
        type=SalesDocumentType.QUOTE,
        contact=await make_contact(no="CTS"),
        document_date=TODAY.date(),
    )
    await SalesLine.create(  # priced at 1 once, the item now costs 10: recalculating changes it
        document=document,
        line_no=10000,
        item=await make_item(no="ITS", unit_price="10"),
        quantity=1,
        unit_of_measure="PCS",
        quantity_per_unit=1,
        unit_price=1,
        line_discount_percent=0,
        line_amount=1,
        price_source_type=SalesLineSource.ITEM,
        price_source_code="ITS",
    )


async def _snapshot() -> dict[str, Any]:
    campaigns = await Campaign.all().order_by("no").values_list("no", "description")
    return {
        "campaigns": campaigns,
        "salespeople": await Salesperson.all().order_by("code").values_list("code", flat=True),
        "teams": await Team.all().order_by("code").values_list("code", "name"),
        "statuses": await CampaignStatus.all().order_by("code").values_list("code", flat=True),
        "users": await User.all().order_by("username").values_list("username", "role"),
        "tokens": await ApiToken.all().count(),
        "contacts": await Contact.all().order_by("no").values_list("no", "name"),
        "groups": await InteractionGroup.all().order_by("code").values_list("code", "description"),
        "templates": await InteractionTemplate.all()
        .order_by("code")
        .values_list("code", "description"),
        "segments": await Segment.all().order_by("no").values_list("no", "description"),
        "lines": await SegmentLine.all().order_by("id").values_list("id", "campaign_target"),
        "entries": await CampaignEntry.all().values_list("entry_no", "canceled"),
        "interactions": await Interaction.all().count(),
        "customers": await Customer.all().order_by("no").values_list("no", "name", "contact_id"),
        "items": await Item.all().order_by("no").values_list("no", "unit_price"),
        "units": await ItemUnitOfMeasure.all().order_by("id").values_list("code", flat=True),
        "price_groups": await CustomerPriceGroup.all().values_list("code", flat=True),
        "discount_groups": await CustomerDiscountGroup.all().values_list("code", "description"),
        "item_groups": await ItemDiscountGroup.all().values_list("code", flat=True),
        "activities": await Activity.all().order_by("code").values_list("code", flat=True),
        "tasks": await Task.all().order_by("no").values_list("no", "closed"),
        "cycles": await SalesCycle.all().order_by("code").values_list("code", "description"),
        "stages": await SalesCycleStage.all().order_by("id").values_list("stage", "description"),
        "opportunities": await Opportunity.all().order_by("no").values_list("no", "description"),
        "opportunity_entries": await OpportunityEntry.all().count(),
        "sales_documents": await SalesDocument.all()
        .order_by("no")
        .values_list("no", "document_date"),
        "sales_lines": await SalesLine.all()
        .order_by("id")
        .values_list("document_id", "line_no", "quantity", "unit_price"),
    }


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
async def test_each_role_may_use_exactly_its_mutation_families(
    http: httpx.AsyncClient, family: Family, role: Role
) -> None:
    await _world()
    headers = await bearer(role)
    before = await _snapshot()

    response = await http.post("/graphql", json={"query": family.document}, headers=headers)

    body = response.json()
    assert response.status_code == 200
    if role in family.allowed:
        assert "errors" not in body, body
        assert body["data"][family.name]["errors"] == []
        assert await _snapshot() != before
    else:
        assert body["data"] is None
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
            ([family.name], "FORBIDDEN")
        ]
        assert await _snapshot() == before


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
async def test_every_role_reads_business_data(http: httpx.AsyncClient, role: Role) -> None:
    await make_campaign(no="CP1", salesperson=await make_salesperson(code="ANN"))

    response = await http.post(
        "/graphql",
        json={"query": "{ campaigns { nodes { no salesperson { code } } } salespeople { code } }"},
        headers=await bearer(role),
    )

    assert response.json() == {
        "data": {
            "campaigns": {"nodes": [{"no": "CP1", "salesperson": {"code": "ANN"}}]},
            "salespeople": [{"code": "ANN"}],
        }
    }


USERS = "{ users { username } }"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.VIEWER], ids=lambda r: r.value)
async def test_user_records_are_forbidden_below_admin_by_every_path(
    http: httpx.AsyncClient, role: Role
) -> None:
    other = await make_user(Role.VIEWER, username="other")
    user_id = encode_id("User", other.id)
    headers = await bearer(role)
    queries = {
        "root": USERS,
        "lookup": '{ user(username: "other") { username } }',
        "node": f'{{ node(id: "{user_id}") {{ ... on User {{ username }} }} }}',
        "nodes": f'{{ nodes(ids: ["{user_id}"]) {{ ... on User {{ username }} }} }}',
    }

    for path, query in queries.items():
        body = (await http.post("/graphql", json={"query": query}, headers=headers)).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", path
        assert "other" not in str(body.get("data")), path


async def test_nested_token_lists_are_forbidden_to_non_admins_while_the_rest_resolves(
    http: httpx.AsyncClient,
) -> None:
    headers = await bearer(Role.MANAGER, username="mia")

    body = (
        await http.post(
            "/graphql",
            json={"query": "{ viewer { username user { username apiTokens { prefix } } } }"},
            headers=headers,
        )
    ).json()

    assert body["data"] == {"viewer": {"username": "mia", "user": None}}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["viewer", "user", "apiTokens"], "FORBIDDEN")
    ]


async def test_admin_reaches_users_and_tokens_by_every_path(http: httpx.AsyncClient) -> None:
    headers = await bearer(Role.ADMIN, username="root")
    root = await User.get(username="root")
    user_id = encode_id("User", root.id)

    body = (
        await http.post(
            "/graphql",
            json={
                "query": "{ users { username apiTokens { name active user { username } } } "
                f'node(id: "{user_id}") {{ ... on User {{ role }} }} }}'
            },
            headers=headers,
        )
    ).json()

    assert body == {
        "data": {
            "users": [
                {
                    "username": "root",
                    "apiTokens": [{"name": "tests", "active": True, "user": {"username": "root"}}],
                }
            ],
            "node": {"role": "ADMIN"},
        }
    }


async def test_viewer_tells_a_salesperson_who_they_are(http: httpx.AsyncClient) -> None:
    person = await make_salesperson(code="SAM", name="Sam Seller")
    headers = await bearer(Role.SALES, username="sam", salesperson=person)

    body = (
        await http.post(
            "/graphql",
            json={"query": "{ viewer { username role salesperson { code name } } }"},
            headers=headers,
        )
    ).json()

    assert body == {
        "data": {
            "viewer": {
                "username": "sam",
                "role": "SALES",
                "salesperson": {"code": "SAM", "name": "Sam Seller"},
            }
        }
    }


async def test_demo_viewer_is_the_demo_manager(http: httpx.AsyncClient) -> None:
    body = (
        await http.post("/graphql", json={"query": "{ viewer { username role user { id } } }"})
    ).json()

    assert body == {"data": {"viewer": {"username": "demo", "role": "MANAGER", "user": None}}}
