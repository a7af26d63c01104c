"""The GraphiQL page: Strawberry's, opening on the example journeys of the demo company."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from importlib import resources

from strawberry.http.ides import get_graphql_ide_html

#: Where the example document opens in GraphiQL (Strawberry's own welcome text is replaced).
_MARKER = "const EXAMPLE_QUERY = `"


@cache
def example_document() -> str:
    """The example operations, one per journey (examples.graphql beside this module)."""
    return resources.files(__package__).joinpath("examples.graphql").read_text(encoding="utf-8")


def example_variables(today: date) -> dict[str, object]:
    """Variables for every example operation, on the demo company, dated from `today`."""
    return {
        "no": "CP00004",
        "from": None,
        "to": None,
        "campaignNo": "CP00007",
        "segmentNo": "SEG00005",
        "activityCode": "ONBOARD",
        "startDate": (today + timedelta(days=1)).isoformat(),
        "salespersonCode": "EF",
        "contactNo": "CT00001",
        "customerNo": "C00007",
        "itemNo": "I00001",
        "quantity": "4",
        "date": today.isoformat(),
    }


def graphiql_page(today: date) -> str:
    """Strawberry's GraphiQL page with the examples and their variables preloaded."""
    html = get_graphql_ide_html("graphiql")
    start = html.index(_MARKER) + len(_MARKER)
    end = html.index("`;", start)
    html = html[:start] + _template_literal(example_document()) + html[end:]
    variables = json.dumps(example_variables(today), indent=2)
    return html.replace(
        "parameters.variables,",
        f"parameters.variables || {json.dumps(variables)},",
        1,
    )


def _template_literal(text: str) -> str:
    """`text` safe inside a JavaScript template literal."""
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
