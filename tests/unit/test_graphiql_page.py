"""The GraphiQL page builder (issue 19): Strawberry's page on the vendored files only; a page
that would load anything from elsewhere is refused when built, not discovered in a browser."""

from __future__ import annotations

from datetime import date

import pytest
from strawberry.http.ides import get_graphql_ide_html

from server.http.graphiql import graphiql_page, page


def test_the_page_is_built_once_a_day_with_its_policy():
    today = graphiql_page(date(2026, 11, 25))

    assert graphiql_page(date(2026, 11, 25)) is today
    assert "2026-11-27" in graphiql_page(date(2026, 11, 26)).html  # its startDate
    assert "2026-11-27" not in today.html
    assert "script-src 'self' 'sha256-" in today.content_security_policy
    assert "'unsafe-eval'" not in today.content_security_policy


def test_a_cdn_file_that_is_not_vendored_is_refused():
    stock = get_graphql_ide_html("graphiql").replace("react@18.2.0", "react@18.3.1")

    with pytest.raises(LookupError, match=r"react@18\.3\.1.*not vendored"):
        page._vendored(stock)


def test_a_file_from_elsewhere_is_refused():
    stock = get_graphql_ide_html("graphiql").replace(
        "</head>", '<script src="https://cdn.example/x.js"></script></head>'
    )

    with pytest.raises(LookupError, match=r"from elsewhere: \['https://cdn.example/x.js'\]"):
        page._vendored(stock)
