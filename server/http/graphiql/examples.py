"""The example journeys GraphiQL opens with, and their variables on the demo company."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources


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
