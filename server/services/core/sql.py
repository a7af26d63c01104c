"""Raw SQL for the few statements the ORM cannot express (windows, exact aggregates):
placeholders in the style of the connection's dialect."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

SQLITE = "sqlite"


#: Every id a row can have (PostgreSQL `integer`): others match nothing and must not be sent.
ID_RANGE = range(-(2**31), 2**31)


class Statement:
    """Collects parameters with the placeholder style of the connection's dialect."""

    def __init__(self, dialect: str, params: Sequence[Any] = ()) -> None:
        self.dialect = dialect
        self.params: list[Any] = list(params)

    def param(self, value: Any) -> str:
        """A placeholder for `value` (dates as Tortoise stores them on SQLite)."""
        if self.dialect == SQLITE and isinstance(value, date):
            value = value.isoformat()
        self.params.append(value)
        return "?" if self.dialect == SQLITE else f"${len(self.params)}"

    def in_ids(self, column: str, ids: Sequence[int]) -> str:
        """`column` is one of `ids`, with one parameter for any number of ids."""
        if self.dialect == SQLITE:
            listed = "[" + ",".join(str(int(i)) for i in ids) + "]"
            return f"{column} IN (SELECT value FROM json_each({self.param(listed)}))"
        return f"{column} = ANY({self.param(list(ids))}::int[])"
