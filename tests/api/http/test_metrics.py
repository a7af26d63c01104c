"""GET /metrics: Prometheus text of requests, operations, errors and engines; who may read it."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tortoise.context import TortoiseContext

from server.http.persisted import sha256_hex
from server.models import Campaign, Role
from server.settings import Settings, SettingsError
from tests.api.conftest import asgi_client, bearer

TOKEN = "scrape-token-0123456789"

CREATE_BACKWARDS = """
mutation {
  campaignCreate(input: {description: "X", startingDate: "2027-02-01", endingDate: "2027-01-01"}) {
    campaign { no } errors { code }
  }
}
"""


class Scrape:
    """One scrape of /metrics, read by name and labels."""

    def __init__(self, text: str) -> None:
        self.samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }

    def __call__(self, name: str, **labels: str) -> float:
        """The sample's value (0 for a series not yet seen)."""
        return self.samples.get((name, tuple(sorted(labels.items()))), 0.0)


def grew(before: Scrape, after: Scrape, name: str, **labels: str) -> float:
    """How much a sample grew between two scrapes."""
    return after(name, **labels) - before(name, **labels)


async def scrape(http: httpx.AsyncClient) -> Scrape:
    response = await http.get("/metrics")
    assert response.status_code == 200, response.text
    return Scrape(response.text)


async def test_metrics_are_prometheus_text(http: httpx.AsyncClient):
    response = await http.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "# TYPE campaign_graph_http_requests_total counter" in response.text
    assert "process_resident_memory_bytes" in response.text
    assert "_created" not in response.text


async def test_openmetrics_is_served_to_scrapers_that_ask_for_it(http: httpx.AsyncClient):
    response = await http.get(
        "/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"}
    )

    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.endswith("# EOF\n")


async def test_requests_are_counted_by_route_method_and_status(http: httpx.AsyncClient):
    before = await scrape(http)

    await http.post("/graphql", json={"query": "{ campaigns { totalCount } }"})
    await http.get(
        "/graphql",
        params={"query": 'mutation { campaignDelete(input: {no: "X"}) { errors { code } } }'},
    )
    await http.get("/healthz")
    await http.get("/campaigns/CP00001/anything")
    await http.request("BREW", "/healthz")

    after = await scrape(http)
    total = "campaign_graph_http_requests_total"
    assert grew(before, after, total, route="/graphql", method="POST", status="200") == 1
    assert grew(before, after, total, route="/graphql", method="GET", status="405") == 1
    assert grew(before, after, total, route="/healthz", method="GET", status="200") == 1
    # Unknown paths and methods never become labels of their own.
    assert grew(before, after, total, route="other", method="GET", status="404") == 1
    assert grew(before, after, total, route="/healthz", method="OTHER", status="405") == 1
    duration = "campaign_graph_http_request_duration_seconds_count"
    assert grew(before, after, duration, route="/graphql") == 2


async def test_refused_bodies_are_counted_with_their_status(db: TortoiseContext):
    async with asgi_client(Settings(demo_mode=True, max_body_bytes=100)) as http:
        before = await scrape(http)
        response = await http.post("/graphql", json={"query": "{ campaigns { totalCount } }" * 9})
        after = await scrape(http)

    assert response.status_code == 413
    total = "campaign_graph_http_requests_total"
    labels = {"route": "/graphql", "method": "POST", "status": "413"}
    assert grew(before, after, total, **labels) == 1


async def test_operations_are_counted_by_type_and_outcome(http: httpx.AsyncClient):
    viewer = await bearer(Role.VIEWER)
    before = await scrape(http)

    await http.post("/graphql", json={"query": "{ campaigns { totalCount } }"})
    await http.post("/graphql", json={"query": "{ campaigns { noSuchField } }"})
    forbidden = await http.post(
        "/graphql", json={"query": CREATE_BACKWARDS.replace("X", "Y")}, headers=viewer
    )

    after = await scrape(http)
    assert forbidden.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    ops = "campaign_graph_graphql_operations_total"
    assert grew(before, after, ops, type="query", outcome="ok") == 1
    assert grew(before, after, ops, type="query", outcome="refused") == 1
    assert grew(before, after, ops, type="mutation", outcome="error") == 1
    errors = "campaign_graph_graphql_errors_total"
    assert grew(before, after, errors, code="GRAPHQL_VALIDATION_FAILED") == 1
    assert grew(before, after, errors, code="FORBIDDEN") == 1


async def test_unparsable_documents_are_refused_operations_of_unknown_type(
    http: httpx.AsyncClient,
):
    before = await scrape(http)

    await http.post("/graphql", json={"query": "{ campaigns { "})

    after = await scrape(http)
    ops = "campaign_graph_graphql_operations_total"
    assert grew(before, after, ops, type="unknown", outcome="refused") == 1
    errors = "campaign_graph_graphql_errors_total"
    assert grew(before, after, errors, code="GRAPHQL_PARSE_FAILED") == 1


async def test_user_errors_in_payloads_are_counted_by_code(http: httpx.AsyncClient):
    before = await scrape(http)

    response = await http.post("/graphql", json={"query": CREATE_BACKWARDS})

    after = await scrape(http)
    payload = response.json()["data"]["campaignCreate"]
    assert payload["errors"] == [{"code": "CAMPAIGN_DATES_INVALID"}]
    assert await Campaign.all().count() == 0
    name = "campaign_graph_user_errors_total"
    assert grew(before, after, name, code="CAMPAIGN_DATES_INVALID") == 1
    # An expected failure is data: the operation itself succeeded.
    ops = "campaign_graph_graphql_operations_total"
    assert grew(before, after, ops, type="mutation", outcome="ok") == 1


async def test_executions_are_counted_by_engine(http: httpx.AsyncClient):
    before = await scrape(http)

    await http.post("/graphql", json={"query": "{ campaigns { nodes { no } } }"})
    await http.post(
        "/graphql",
        json={"query": 'mutation { campaignDelete(input: {no: "X"}) { errors { code } } }'},
    )

    after = await scrape(http)
    name = "campaign_graph_graphql_executions_total"
    assert grew(before, after, name, engine="batched") == 1
    assert grew(before, after, name, engine="standard") == 1


async def test_persisted_queries_are_counted_as_miss_registration_and_hit(
    http: httpx.AsyncClient,
):
    query = "{ campaigns { totalCount } }"
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(query)}}
    before = await scrape(http)

    await http.post("/graphql", json={"extensions": extensions})
    await http.post("/graphql", json={"query": query, "extensions": extensions})
    await http.post("/graphql", json={"extensions": extensions})

    after = await scrape(http)
    name = "campaign_graph_persisted_queries_total"
    for result in ("miss", "registered", "hit"):
        assert grew(before, after, name, result=result) == 1


async def test_with_a_token_only_the_scraper_holding_it_reads_the_metrics(db: TortoiseContext):
    async with asgi_client(Settings(demo_mode=True, metrics_token=TOKEN)) as http:
        missing = await http.get("/metrics")
        wrong = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}x"})
        api_token = await http.get("/metrics", headers=await bearer(Role.ADMIN))
        right = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    for refused in (missing, wrong, api_token):
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
        assert "campaign_graph" not in refused.text
    assert right.status_code == 200
    assert "campaign_graph_http_requests_total" in right.text


async def test_production_serves_metrics_only_with_a_token(db: TortoiseContext):
    async with asgi_client(Settings(environment="production")) as http:
        without = await http.get("/metrics")
    async with asgi_client(Settings(environment="production", metrics_token=TOKEN)) as http:
        anonymous = await http.get("/metrics")
        scraper = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert without.status_code == 404
    assert anonymous.status_code == 401
    assert scraper.status_code == 200


async def test_metrics_can_be_turned_off(db: TortoiseContext):
    async with asgi_client(Settings(demo_mode=True, metrics=False)) as http:
        response = await http.get("/metrics")

    assert response.status_code == 404


def test_metrics_settings_come_from_the_environment():
    settings = Settings.from_env(
        {"CAMPAIGN_GRAPH_METRICS": "off", "CAMPAIGN_GRAPH_METRICS_TOKEN": f"  {TOKEN} "}
    )

    assert settings.metrics is False
    assert settings.metrics_token == TOKEN
    assert Settings.from_env({}).metrics is True
    assert Settings.from_env({}).metrics_token is None


def test_a_short_scrape_token_is_refused():
    with pytest.raises(SettingsError, match="CAMPAIGN_GRAPH_METRICS_TOKEN must be at least 16"):
        Settings.from_env({"CAMPAIGN_GRAPH_METRICS_TOKEN": "short"})
