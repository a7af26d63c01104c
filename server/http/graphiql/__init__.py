"""GraphiQL: Strawberry's page on assets vendored from npm and served by the app (it works with
no internet), opening on the example journeys of the demo company."""

from __future__ import annotations

from server.http.graphiql.examples import example_document, example_variables
from server.http.graphiql.page import GraphiQLPage, graphiql_page, graphiql_response
from server.http.graphiql.vendored import asset_route

__all__ = [
    "GraphiQLPage",
    "asset_route",
    "example_document",
    "example_variables",
    "graphiql_page",
    "graphiql_response",
]
