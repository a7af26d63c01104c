"""The example journeys GraphiQL opens with: valid, and working on the demo company."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
from graphql import OperationDefinitionNode, parse, validate

from server.demo.company import load_demo
from server.http.graphiql import example_document, example_variables
from server.schema.schema import schema
from tests.conftest import TODAY, make_ctx


def _operations() -> list[str]:
    document = parse(example_document())
    return [
        d.name.value
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and d.name
    ]


def test_the_examples_validate_against_the_schema():
    assert validate(schema._schema, parse(example_document())) == []
    assert _operations() == [
        "Dashboard",
        "MyDay",
        "ActivateCampaign",
        "LogSegment",
        "AssignActivity",
        "PriceExplanation",
    ]


async def test_graphiql_opens_on_the_examples_with_their_variables(http: httpx.AsyncClient):
    response = await http.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert "query Dashboard($no: String!" in response.text
    assert "Welcome to GraphiQL" not in response.text
    assert json.dumps(json.dumps(example_variables(datetime.now(UTC).date()), indent=2)) in (
        response.text
    )


async def test_every_example_runs_on_the_demo_company_without_errors(http: httpx.AsyncClient):
    await load_demo(make_ctx())
    variables = example_variables(TODAY.date())  # the day the demo was dated from
    results = {}
    for name in _operations():
        body = {"query": example_document(), "variables": variables, "operationName": name}
        response = (await http.post("/graphql", json=body)).json()
        assert "errors" not in response, (name, response)
        results[name] = response["data"]
        payloads = [p for p in response["data"].values() if isinstance(p, dict) and "errors" in p]
        assert all(p["errors"] == [] for p in payloads), (name, payloads)

    dashboard = results["Dashboard"]["campaign"]
    assert dashboard["activated"] is True
    assert dashboard["priceLines"]["nodes"]
    assert dashboard["segments"]["nodes"]
    activated = results["ActivateCampaign"]["campaignPricingActivate"]
    assert activated["campaign"]["activated"] is True
    assert activated["targetedCustomers"] > 0
    logged = results["LogSegment"]["segmentLog"]
    assert logged["interactionCount"] > 0
    assert logged["followUpSegment"]["no"]
    explained = results["PriceExplanation"]["priceExplanation"]
    assert explained["priceSource"] == {"type": "CUSTOMER", "code": "C00007"}
    assert "CP00004" in [c["no"] for c in explained["eligibleCampaigns"]]
    campaign_price = [p for p in explained["priceCandidates"] if p["sourceType"] == "CAMPAIGN"]
    assert campaign_price[0]["qualified"] is True
    assert campaign_price[0]["winner"] is False
    tasks = results["AssignActivity"]["activityAssign"]["tasks"]
    assert [t["description"] for t in tasks][:2] == ["Welcome call", "Send the welcome pack"]
