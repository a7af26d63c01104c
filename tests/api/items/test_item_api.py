"""Items through the GraphQL API: mutations with units of measure, item(no:), items(...),
node(id:), and item discount groups."""

from __future__ import annotations

from typing import Any

from server.models import Item, ItemDiscountGroup, ItemUnitOfMeasure
from tests.api.conftest import GraphQLClient
from tests.builders import make_item, make_item_discount_group
from tests.conftest import StatementCounter

CREATE = """
mutation Create($input: ItemCreateInput!) {
  itemCreate(input: $input) {
    item { id no description baseUnitOfMeasure unitPrice blocked discountGroup { code }
           unitsOfMeasure { code quantityPerUnit } }
    errors { code message field }
  }
}
"""
UPDATE = """
mutation Update($input: ItemUpdateInput!) {
  itemUpdate(input: $input) {
    item { no unitPrice baseUnitOfMeasure unitsOfMeasure { code quantityPerUnit } }
    errors { code field }
  }
}
"""
DELETE = """
mutation Delete($no: String!) {
  itemDelete(input: {no: $no}) { deletedId item { no } errors { code message } }
}
"""
UNIT_SET = """
mutation Set($input: ItemUnitOfMeasureSetInput!) {
  itemUnitOfMeasureSet(input: $input) {
    unitOfMeasure { code quantityPerUnit item { no unitsOfMeasure { code } } }
    errors { code field }
  }
}
"""
UNIT_DELETE = """
mutation Delete($input: ItemUnitOfMeasureDeleteInput!) {
  itemUnitOfMeasureDelete(input: $input) { deletedId unitOfMeasure { code } errors { code field } }
}
"""
PAGE = """
query Page($first: Int, $orderBy: [ItemOrder!], $filter: ItemFilter) {
  items(first: $first, orderBy: $orderBy, filter: $filter) {
    totalCount
    nodes { no unitPrice unitsOfMeasure { code } }
  }
}
"""


def errors_of(body: dict[str, Any], name: str) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in body["data"][name]["errors"]]


async def test_create_an_item_with_its_base_unit(gql: GraphQLClient):
    await make_item_discount_group(code="CHAIRS")

    body = await gql(
        CREATE,
        {
            "input": {
                "description": "Office chair",
                "baseUnitOfMeasure": "pcs",
                "unitPrice": "129.995",
                "discountGroupCode": "chairs",
            }
        },
    )

    item = body["data"]["itemCreate"]["item"]
    assert body["data"]["itemCreate"]["errors"] == []
    assert {k: v for k, v in item.items() if k != "id"} == {
        "no": "I00001",
        "description": "Office chair",
        "baseUnitOfMeasure": "PCS",
        "unitPrice": "129.99500",
        "blocked": False,
        "discountGroup": {"code": "CHAIRS"},
        "unitsOfMeasure": [{"code": "PCS", "quantityPerUnit": "1.00000"}],
    }
    node = await gql(
        "query N($id: ID!) { node(id: $id) { ... on Item { no } } }", {"id": item["id"]}
    )
    assert node["data"]["node"] == {"no": "I00001"}


async def test_bad_prices_are_reported_per_field(gql: GraphQLClient):
    body = await gql(
        CREATE, {"input": {"description": "", "baseUnitOfMeasure": "PCS", "unitPrice": "-1"}}
    )

    assert sorted(errors_of(body, "itemCreate")) == [
        ("OUT_OF_RANGE", ["input", "unitPrice"]),
        ("REQUIRED", ["input", "description"]),
    ]
    assert await Item.all().count() == 0


async def test_units_are_set_changed_and_removed_but_the_base_stays(gql: GraphQLClient):
    await make_item(no="I1")

    added = await gql(UNIT_SET, {"input": {"itemNo": "i1", "code": "box", "quantityPerUnit": "10"}})
    base = await gql(UNIT_SET, {"input": {"itemNo": "I1", "code": "PCS", "quantityPerUnit": "2"}})
    zero = await gql(UNIT_SET, {"input": {"itemNo": "I1", "code": "X", "quantityPerUnit": "0"}})
    rebase = await gql(UPDATE, {"input": {"no": "I1", "baseUnitOfMeasure": "BOX"}})
    removed = await gql(UNIT_DELETE, {"input": {"itemNo": "I1", "code": "BOX"}})
    keep = await gql(UNIT_DELETE, {"input": {"itemNo": "I1", "code": "PCS"}})

    assert added["data"]["itemUnitOfMeasureSet"]["unitOfMeasure"] == {
        "code": "BOX",
        "quantityPerUnit": "10.00000",
        "item": {"no": "I1", "unitsOfMeasure": [{"code": "BOX"}, {"code": "PCS"}]},
    }
    assert errors_of(base, "itemUnitOfMeasureSet") == [
        ("BASE_UNIT_OF_MEASURE", ["input", "quantityPerUnit"])
    ]
    assert errors_of(zero, "itemUnitOfMeasureSet") == [
        ("OUT_OF_RANGE", ["input", "quantityPerUnit"])
    ]
    assert errors_of(rebase, "itemUpdate") == [
        ("BASE_UNIT_OF_MEASURE", ["input", "baseUnitOfMeasure"])
    ]
    assert removed["data"]["itemUnitOfMeasureDelete"]["unitOfMeasure"] == {"code": "BOX"}
    assert removed["data"]["itemUnitOfMeasureDelete"]["deletedId"]
    assert errors_of(keep, "itemUnitOfMeasureDelete") == [
        ("BASE_UNIT_OF_MEASURE", ["input", "code"])
    ]
    assert await ItemUnitOfMeasure.filter(item__no="I1").values_list("code", flat=True) == ["PCS"]


async def test_update_and_delete_an_item(gql: GraphQLClient):
    await make_item(no="I1")

    updated = await gql(
        UPDATE, {"input": {"no": "I1", "unitPrice": "12.5", "baseUnitOfMeasure": "SET"}}
    )
    deleted = await gql(DELETE, {"no": "I1"})

    assert updated["data"]["itemUpdate"]["item"] == {
        "no": "I1",
        "unitPrice": "12.50000",
        "baseUnitOfMeasure": "SET",
        "unitsOfMeasure": [
            {"code": "PCS", "quantityPerUnit": "1.00000"},
            {"code": "SET", "quantityPerUnit": "1.00000"},
        ],
    }
    assert deleted["data"]["itemDelete"]["item"] == {"no": "I1"}
    assert await Item.all().count() == 0
    assert await ItemUnitOfMeasure.all().count() == 0


async def test_items_are_filtered_ordered_and_units_batched(
    gql: GraphQLClient, sql: StatementCounter
):
    chairs = await make_item_discount_group(code="CHAIRS")
    await make_item(no="I1", description="Chair", unit_price="50", discount_group=chairs)
    await make_item(no="I2", description="Desk", unit_price="20", blocked=True)
    await make_item(no="I3", description="Lamp", unit_price="30")

    sql.statements.clear()
    by_price = await gql(PAGE, {"orderBy": [{"field": "UNIT_PRICE", "direction": "DESC"}]})
    units = sum('FROM "item_unit_of_measure"' in s for s in sql.statements)
    by_group = await gql(PAGE, {"filter": {"discountGroupCode": "chairs"}})
    unblocked = await gql(PAGE, {"filter": {"blocked": False, "search": "a"}})
    lookup = await gql('{ item(no: "i2") { no } none: item(no: "X") { no } }')

    assert [n["no"] for n in by_price["data"]["items"]["nodes"]] == ["I1", "I3", "I2"]
    assert by_price["data"]["items"]["totalCount"] == 3
    assert units == 1
    assert [n["no"] for n in by_group["data"]["items"]["nodes"]] == ["I1"]
    assert [n["no"] for n in unblocked["data"]["items"]["nodes"]] == ["I1", "I3"]
    assert lookup["data"] == {"item": {"no": "I2"}, "none": None}


async def test_item_discount_groups(gql: GraphQLClient):
    created = await gql(
        'mutation { itemDiscountGroupCreate(input: {code: "chairs", description: "Chairs"}) '
        "{ group { code } errors { code } } }"
    )
    updated = await gql(
        'mutation { itemDiscountGroupUpdate(input: {code: "CHAIRS", description: "Seats"}) '
        "{ group { description } errors { code } } }"
    )
    lists = await gql('{ itemDiscountGroups { code } itemDiscountGroup(code: "chairs") { id } }')
    deleted = await gql(
        'mutation { itemDiscountGroupDelete(input: {code: "CHAIRS"}) '
        "{ deletedId errors { code } } }"
    )

    assert created["data"]["itemDiscountGroupCreate"] == {"group": {"code": "CHAIRS"}, "errors": []}
    assert updated["data"]["itemDiscountGroupUpdate"]["group"] == {"description": "Seats"}
    assert lists["data"]["itemDiscountGroups"] == [{"code": "CHAIRS"}]
    assert (
        lists["data"]["itemDiscountGroup"]["id"]
        == deleted["data"]["itemDiscountGroupDelete"]["deletedId"]
    )
    assert await ItemDiscountGroup.all().count() == 0
