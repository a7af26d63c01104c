"""Idempotency keys (docs/api.md "Conventions"): a retried create or log request applies once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from tortoise.models import Model

from server import models
from server.models import (
    Campaign,
    IdempotencyRecord,
    Interaction,
    Role,
    SalesDocumentType,
    TaskType,
)
from server.schema.schema import schema
from server.services.core import idempotency
from server.services.core.context import FixedClock, ServiceContext
from server.services.sales import documents as sales
from tests.api.conftest import GraphQLClient, bearer
from tests.builders import (
    make_activity,
    make_campaign,
    make_contact,
    make_item,
    make_sales_cycle,
    make_salesperson,
)
from tests.conftest import TODAY, make_ctx
from tests.services.interactions.test_logging import _ready_segment


@dataclass(frozen=True)
class Case:
    """One idempotent mutation: how to prepare its input, what to select, what it creates."""

    prepare: Callable[[], Awaitable[dict[str, Any]]]
    selection: str
    creates: type[Model]


async def _campaign() -> dict[str, Any]:
    return {"description": "Spring fair"}


async def _contact() -> dict[str, Any]:
    return {"type": "COMPANY", "name": "Acme Ltd"}


async def _segment() -> dict[str, Any]:
    return {"description": "Mailing"}


async def _segment_log() -> dict[str, Any]:
    segment = await _ready_segment(3)
    return {"segmentNo": segment.no}


async def _interaction_log() -> dict[str, Any]:
    contact = await make_contact()
    return {"contactNo": contact.no, "description": "Phone call", "cost": "0.10"}


async def _task() -> dict[str, Any]:
    person = await make_salesperson()
    return {"description": "Call back", "date": "2026-03-20", "salespersonCode": person.code}


async def _assign() -> dict[str, Any]:
    person = await make_salesperson()
    activity = await make_activity([(TaskType.PHONE_CALL, "0D"), (TaskType.NONE, "1W")])
    return {
        "activityCode": activity.code,
        "startDate": "2026-03-20",
        "salespersonCode": person.code,
    }


async def _price_line() -> dict[str, Any]:
    item = await make_item()
    return {"itemNo": item.no, "sourceType": "ALL_CUSTOMERS", "unitPrice": "9.99"}


async def _discount_line() -> dict[str, Any]:
    item = await make_item()
    return {
        "type": "ITEM",
        "itemNo": item.no,
        "sourceType": "ALL_CUSTOMERS",
        "lineDiscountPercent": "5",
    }


async def _opportunity() -> dict[str, Any]:
    contact = await make_contact()
    cycle = await make_sales_cycle([("10", "50"), ("60", "80")])
    person = await make_salesperson()
    return {
        "description": "Fit-out",
        "salespersonCode": person.code,
        "contactNo": contact.no,
        "salesCycleCode": cycle.code,
        "estimatedValue": "1000.10",
        "activateFirstStage": True,
    }


async def _quote() -> dict[str, Any]:
    contact = await make_contact()
    item = await make_item(unit_price="0.10")
    return {
        "type": "QUOTE",
        "contactNo": contact.no,
        "lines": [{"itemNo": item.no, "quantity": "3"}],
    }


async def _line() -> dict[str, Any]:
    contact = await make_contact()
    item = await make_item(unit_price="2.50")
    document = await sales.create_document(
        make_ctx(), sales.SalesDocumentDraft(type=SalesDocumentType.QUOTE, contact_no=contact.no)
    )
    return {"documentNo": document.no, "itemNo": item.no, "quantity": "2"}


CASES: dict[str, Case] = {
    "campaignCreate": Case(_campaign, "campaign { no }", models.Campaign),
    "contactCreate": Case(_contact, "contact { no }", models.Contact),
    "segmentCreate": Case(_segment, "segment { no }", models.Segment),
    "segmentLog": Case(
        _segment_log, "loggedSegment { entryNo } interactionCount", models.Interaction
    ),
    "interactionLog": Case(_interaction_log, "interaction { entryNo cost }", models.Interaction),
    "taskCreate": Case(_task, "task { no }", models.Task),
    "activityAssign": Case(_assign, "tasks { no date }", models.Task),
    "priceLineCreate": Case(_price_line, "priceLine { id unitPrice }", models.PriceLine),
    "discountLineCreate": Case(_discount_line, "discountLine { id }", models.DiscountLine),
    "opportunityCreate": Case(_opportunity, "opportunity { no }", models.OpportunityEntry),
    "salesDocumentCreate": Case(
        _quote, "salesDocument { no lines { nodes { lineAmount } } }", models.SalesLine
    ),
    "salesLineAdd": Case(_line, "salesLine { lineNo lineAmount }", models.SalesLine),
}


def _document(name: str) -> str:
    input_type = name[0].upper() + name[1:] + "Input"
    return (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ {CASES[name].selection} errors {{ code field message }} }} }}"
    )


def test_every_mutation_taking_an_idempotency_key_is_covered_here():
    taking = {
        name
        for name, field in schema._schema.mutation_type.fields.items()  # type: ignore[union-attr]
        if "input" in field.args and "idempotencyKey" in field.args["input"].type.of_type.fields  # type: ignore[attr-defined]
    }
    assert taking == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
async def test_a_repeated_key_returns_the_first_result_and_applies_once(
    gql: GraphQLClient, name: str
):
    case = CASES[name]
    values = await case.prepare()
    before = await case.creates.all().count()

    first = await gql(_document(name), {"input": {**values, "idempotencyKey": "retry-1"}})
    created = await case.creates.all().count()
    again = await gql(_document(name), {"input": {**values, "idempotencyKey": "retry-1"}})

    assert first["data"][name]["errors"] == []
    assert created > before
    assert again == first
    assert await case.creates.all().count() == created
    assert await IdempotencyRecord.filter(operation=name, key="retry-1").count() == 1


async def test_without_a_key_a_retry_applies_twice(gql: GraphQLClient):
    for _ in range(2):
        body = await gql(_document("campaignCreate"), {"input": {"description": "Twice"}})
        assert body["data"]["campaignCreate"]["errors"] == []
    assert await Campaign.filter(description="Twice").count() == 2
    assert await IdempotencyRecord.all().count() == 0


async def test_a_key_reused_with_another_input_is_refused_and_changes_nothing(
    gql: GraphQLClient,
):
    document = _document("campaignCreate")
    await gql(document, {"input": {"description": "First", "idempotencyKey": "k"}})

    body = await gql(document, {"input": {"description": "Second", "idempotencyKey": "k"}})

    assert body["data"]["campaignCreate"] == {
        "campaign": None,
        "errors": [
            {
                "code": "IDEMPOTENCY_KEY_REUSED",
                "field": ["input", "idempotencyKey"],
                "message": "Idempotency key 'k' was already used for campaignCreate "
                "with another input.",
            }
        ],
    }
    assert [c.description for c in await Campaign.all()] == ["First"]


async def test_a_refused_request_is_not_remembered(gql: GraphQLClient):
    document = _document("campaignCreate")
    bad = {"description": "Fair", "startingDate": "2026-05-01", "endingDate": "2026-04-01"}

    refused = await gql(document, {"input": {**bad, "idempotencyKey": "k"}})
    fixed = await gql(
        document, {"input": {**bad, "endingDate": "2026-06-01", "idempotencyKey": "k"}}
    )

    assert refused["data"]["campaignCreate"]["errors"][0]["code"] == "CAMPAIGN_DATES_INVALID"
    assert fixed["data"]["campaignCreate"]["errors"] == []
    assert await Campaign.all().count() == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 101, "bad\x00key"])
async def test_a_malformed_key_is_refused_by_field(gql: GraphQLClient, key: str):
    body = await gql(
        _document("campaignCreate"), {"input": {"description": "Fair", "idempotencyKey": key}}
    )

    errors = body["data"]["campaignCreate"]["errors"]
    assert [e["field"] for e in errors] == [["input", "idempotencyKey"]]
    assert await Campaign.all().count() == 0


async def test_keys_are_private_to_each_user(http: httpx.AsyncClient, db: object):
    document = _document("campaignCreate")
    variables = {"input": {"description": "Fair", "idempotencyKey": "same"}}
    numbers = []
    for user in ("ann", "bob"):
        headers = await bearer(Role.MANAGER, username=user)
        response = await http.post(
            "/graphql", json={"query": document, "variables": variables}, headers=headers
        )
        numbers.append(response.json()["data"]["campaignCreate"]["campaign"]["no"])

    assert numbers[0] != numbers[1]
    assert await Campaign.all().count() == 2


async def test_concurrent_twins_apply_once_and_all_get_the_same_answer(gql: GraphQLClient):
    contact = await make_contact()
    variables = {
        "input": {"contactNo": contact.no, "description": "Visit", "idempotencyKey": "twin"}
    }

    bodies = await asyncio.gather(*(gql(_document("interactionLog"), variables) for _ in range(8)))

    assert all(body == bodies[0] for body in bodies)
    assert bodies[0]["data"]["interactionLog"]["errors"] == []
    assert await Interaction.all().count() == 1


async def test_a_key_is_forgotten_after_the_retention_period(db: object):
    calls = 0

    async def action() -> dict[str, Any]:
        nonlocal calls
        calls += 1
        return {"count": calls}

    later = ServiceContext(
        actor=make_ctx().actor, clock=FixedClock(TODAY + idempotency.RETENTION + timedelta(1))
    )
    first = await idempotency.run_once(make_ctx(), "op", "k", {"a": 1}, action)
    replay = await idempotency.run_once(make_ctx(), "op", "k", {"a": 1}, action)
    fresh = await idempotency.run_once(later, "op", "k", {"a": 1}, action)

    assert (first, replay, fresh) == ({"count": 1}, {"count": 1}, {"count": 2})
    assert calls == 2
    assert await IdempotencyRecord.all().count() == 1  # the expired record was cleared


async def test_a_twin_that_loses_the_race_rolls_its_work_back(db: object):
    async def action() -> dict[str, Any]:
        campaign = await make_campaign()
        await asyncio.sleep(0.05)  # both twins get past the lookup before either commits
        return {"campaign": campaign}

    results = await asyncio.gather(
        *(idempotency.run_once(make_ctx(), "op", "k", {}, action) for _ in range(2))
    )

    assert results[0]["campaign"].pk == results[1]["campaign"].pk
    assert await Campaign.all().count() == 1


DELETE_CAMPAIGN = "mutation($no: String!) { campaignDelete(input: {no: $no}) { errors { code } } }"


async def test_a_repeat_after_its_record_was_deleted_says_so_and_creates_nothing(
    gql: GraphQLClient,
):
    create = _document("campaignCreate")
    values = {"input": {"description": "Spring fair", "idempotencyKey": "retry-gone"}}
    first = await gql(create, values)
    no = first["data"]["campaignCreate"]["campaign"]["no"]
    deleted = await gql(DELETE_CAMPAIGN, {"no": no})
    assert deleted["data"]["campaignDelete"]["errors"] == []

    again = await gql(create, values)

    payload = again["data"]["campaignCreate"]
    assert payload["campaign"] is None
    (error,) = payload["errors"]
    assert error["code"] == "IDEMPOTENT_RESULT_GONE"
    assert error["field"] == ["input", "idempotencyKey"]
    assert "the Campaign it returned has been deleted" in error["message"]
    assert await Campaign.all().count() == 0  # applied once, never again
    assert await IdempotencyRecord.filter(key="retry-gone").count() == 1
