"""Each role against each mutation family, through the API (docs/domain.md "Who may do what").

Every refusal is a top-level FORBIDDEN error on the mutation's path, and the database is
unchanged afterwards; every permitted call succeeds.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

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
from tests.api.accounts.role_families import Family
from tests.api.accounts.role_families_marketing import MARKETING_FAMILIES
from tests.api.accounts.role_families_sales import SALES_FAMILIES
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

FAMILIES = [*MARKETING_FAMILIES, *SALES_FAMILIES]


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
