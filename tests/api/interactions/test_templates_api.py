"""Interaction groups and templates through the GraphQL API."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from server.models import Interaction, InteractionGroup, InteractionTemplate, Role
from tests.api.conftest import GraphQLClient, bearer
from tests.builders import make_campaign, make_contact, make_group, make_template

GROUP_CREATE = """
mutation($input: InteractionGroupCreateInput!) {
  interactionGroupCreate(input: $input) {
    interactionGroup { id code description } errors { code field }
  }
}
"""
GROUP_UPDATE = """
mutation($input: InteractionGroupUpdateInput!) {
  interactionGroupUpdate(input: $input) { interactionGroup { description } errors { code field } }
}
"""
GROUP_DELETE = """
mutation($code: String!) {
  interactionGroupDelete(input: {code: $code}) { deletedId errors { code message } }
}
"""
TEMPLATE_FIELDS = """
  id code description unitCost unitDuration informationFlow initiatedBy campaignTarget
  campaignResponse correspondenceType group { code } campaign { no }
"""
TEMPLATE_CREATE = f"""
mutation($input: InteractionTemplateCreateInput!) {{
  interactionTemplateCreate(input: $input) {{
    interactionTemplate {{ {TEMPLATE_FIELDS} }} errors {{ code field }}
  }}
}}
"""
TEMPLATE_UPDATE = f"""
mutation($input: InteractionTemplateUpdateInput!) {{
  interactionTemplateUpdate(input: $input) {{
    interactionTemplate {{ {TEMPLATE_FIELDS} }} errors {{ code field }}
  }}
}}
"""
TEMPLATE_DELETE = """
mutation($code: String!) {
  interactionTemplateDelete(input: {code: $code}) {
    deletedId interactionTemplate { code } errors { code message }
  }
}
"""
LISTS = """
{ interactionGroups { code } interactionTemplates { code group { code } }
  interactionGroup(code: "phone") { description }
  interactionTemplate(code: "call") { description }
  missing: interactionTemplate(code: "nope") { code } }
"""


def errors_of(body: dict[str, Any], name: str) -> list[tuple[str, list[str] | None]]:
    return sorted((e["code"], e["field"]) for e in body["data"][name]["errors"])


async def test_group_lifecycle(gql: GraphQLClient):
    created = await gql(GROUP_CREATE, {"input": {"code": "phone", "description": "Phone calls"}})
    duplicate = await gql(GROUP_CREATE, {"input": {"code": "PHONE", "description": "Again"}})
    blank = await gql(GROUP_UPDATE, {"input": {"code": "PHONE", "description": " "}})
    updated = await gql(GROUP_UPDATE, {"input": {"code": "PHONE", "description": "Calls"}})
    deleted = await gql(GROUP_DELETE, {"code": "phone"})

    group = created["data"]["interactionGroupCreate"]["interactionGroup"]
    assert (group["code"], group["description"]) == ("PHONE", "Phone calls")
    assert errors_of(duplicate, "interactionGroupCreate") == [("DUPLICATE", ["input", "code"])]
    assert errors_of(blank, "interactionGroupUpdate") == [("REQUIRED", ["input", "description"])]
    assert updated["data"]["interactionGroupUpdate"] == {
        "interactionGroup": {"description": "Calls"},
        "errors": [],
    }
    assert deleted["data"]["interactionGroupDelete"] == {
        "deletedId": group["id"],
        "errors": [],
    }
    assert await InteractionGroup.all().count() == 0


async def test_group_in_use_is_not_deleted_and_the_error_says_by_what(gql: GraphQLClient):
    await make_template(await make_group(code="PHONE"))

    body = await gql(GROUP_DELETE, {"code": "PHONE"})

    payload = body["data"]["interactionGroupDelete"]
    assert payload["deletedId"] is None
    assert payload["errors"] == [
        {"code": "IN_USE", "message": "Interaction group PHONE is still used by 1 templates."}
    ]
    assert await InteractionGroup.exists(code="PHONE")


async def test_template_create_returns_every_default_with_decimals_as_strings(
    gql: GraphQLClient,
):
    await make_group(code="EVENT")
    await make_campaign(no="CP1")

    body = await gql(
        TEMPLATE_CREATE,
        {
            "input": {
                "code": "fair",
                "description": "Trade show visit",
                "groupCode": "event",
                "unitCost": "85.5",
                "unitDuration": "30",
                "informationFlow": "INBOUND",
                "initiatedBy": "THEM",
                "campaignNo": "cp1",
                "campaignTarget": True,
                "campaignResponse": True,
                "correspondenceType": "HARD_COPY",
            }
        },
    )

    payload = body["data"]["interactionTemplateCreate"]
    assert payload["errors"] == []
    template = payload["interactionTemplate"]
    del template["id"]
    assert template == {
        "code": "FAIR",
        "description": "Trade show visit",
        "unitCost": "85.50",
        "unitDuration": "30.00",
        "informationFlow": "INBOUND",
        "initiatedBy": "THEM",
        "campaignTarget": True,
        "campaignResponse": True,
        "correspondenceType": "HARD_COPY",
        "group": {"code": "EVENT"},
        "campaign": {"no": "CP1"},
    }


async def test_template_errors_point_at_the_input_fields_and_store_nothing(gql: GraphQLClient):
    body = await gql(
        TEMPLATE_CREATE,
        {
            "input": {
                "code": "T",
                "description": "T",
                "groupCode": "NOPE",
                "unitCost": "-1",
                "unitDuration": "0.001",
                "campaignNo": "NOPE",
                "informationFlow": None,
            }
        },
    )

    assert body["data"]["interactionTemplateCreate"]["interactionTemplate"] is None
    assert errors_of(body, "interactionTemplateCreate") == [
        ("INVALID", ["input", "unitDuration"]),
        ("NOT_FOUND", ["input", "campaignNo"]),
        ("NOT_FOUND", ["input", "groupCode"]),
        ("OUT_OF_RANGE", ["input", "unitCost"]),
        ("REQUIRED", ["input", "informationFlow"]),
    ]
    assert await InteractionTemplate.all().count() == 0


async def test_template_update_and_lists(gql: GraphQLClient):
    phone = await make_group(code="PHONE", description="Phone calls")
    await make_template(phone, code="CALL", description="Call", campaign=await make_campaign())
    await make_group(code="MEETING")

    body = await gql(
        TEMPLATE_UPDATE,
        {"input": {"code": "call", "groupCode": "meeting", "campaignNo": None, "unitCost": "2"}},
    )
    lists = await gql(LISTS)

    template = body["data"]["interactionTemplateUpdate"]["interactionTemplate"]
    assert (template["group"], template["campaign"], template["unitCost"]) == (
        {"code": "MEETING"},
        None,
        "2.00",
    )
    assert lists["data"] == {
        "interactionGroups": [{"code": "MEETING"}, {"code": "PHONE"}],
        "interactionTemplates": [{"code": "CALL", "group": {"code": "MEETING"}}],
        "interactionGroup": {"description": "Phone calls"},
        "interactionTemplate": {"description": "Call"},
        "missing": None,
    }


async def test_template_delete_is_refused_while_interactions_use_it(gql: GraphQLClient):
    used = await make_template(code="USED")
    await Interaction.create(
        entry_no=1,
        contact=await make_contact(),
        date=date(2026, 3, 1),
        description="Call",
        user="x",
        template=used,
    )
    await make_template(code="SPARE")

    refused = await gql(TEMPLATE_DELETE, {"code": "USED"})
    deleted = await gql(TEMPLATE_DELETE, {"code": "spare"})

    assert [e["code"] for e in refused["data"]["interactionTemplateDelete"]["errors"]] == ["IN_USE"]
    assert deleted["data"]["interactionTemplateDelete"]["interactionTemplate"] == {"code": "SPARE"}
    assert [t.code for t in await InteractionTemplate.all()] == ["USED"]


async def test_templates_and_groups_resolve_as_nodes(gql: GraphQLClient):
    template = await make_template(await make_group(code="G"), code="T")
    ids = await gql('{ interactionTemplate(code: "T") { id group { id } } }')
    found = ids["data"]["interactionTemplate"]

    body = await gql(
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename "
        "... on InteractionTemplate { code } ... on InteractionGroup { code } } }",
        {"ids": [found["id"], found["group"]["id"]]},
    )

    assert template.code == "T"
    assert body["data"]["nodes"] == [
        {"__typename": "InteractionTemplate", "code": "T"},
        {"__typename": "InteractionGroup", "code": "G"},
    ]


MUTATIONS = {
    "interactionGroupCreate": 'interactionGroupCreate(input: {code: "N", description: "N"})',
    "interactionGroupUpdate": 'interactionGroupUpdate(input: {code: "G", description: "X"})',
    "interactionGroupDelete": 'interactionGroupDelete(input: {code: "G"})',
    "interactionTemplateCreate": (
        'interactionTemplateCreate(input: {code: "N", description: "N", groupCode: "G"})'
    ),
    "interactionTemplateUpdate": 'interactionTemplateUpdate(input: {code: "T", unitCost: "9"})',
    "interactionTemplateDelete": 'interactionTemplateDelete(input: {code: "T"})',
}


@pytest.mark.parametrize("role", [Role.SALES, Role.VIEWER], ids=lambda r: r.value)
@pytest.mark.parametrize("name", list(MUTATIONS))
async def test_sales_and_viewers_may_not_change_groups_or_templates(
    http: httpx.AsyncClient, role: Role, name: str
):
    await make_template(await make_group(code="G", description="Group"), code="T")
    headers = await bearer(role)
    before = await InteractionTemplate.all().values_list("code", "unit_cost", "group__description")

    response = await http.post(
        "/graphql",
        json={"query": f"mutation {{ {MUTATIONS[name]} {{ errors {{ code }} }} }}"},
        headers=headers,
    )

    body = response.json()
    assert body["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [([name], "FORBIDDEN")]
    after = await InteractionTemplate.all().values_list("code", "unit_cost", "group__description")
    assert after == before
    assert await InteractionGroup.all().count() == 1
