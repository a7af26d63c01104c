"""Checks that the product and the floor answered with the same data (issue 9: an honest
comparison). Cursors are opaque tokens, not data, and are left out; decimals compare by value
("1.1" equals "1.10"); everything else must be equal, in the same order."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def canonical(value: Any) -> Any:
    """`value` with cursors dropped and decimal texts as numbers."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items() if k != "endCursor"}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, str) and _DECIMAL.match(value):
        return Decimal(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return Decimal(value)
    return value


def differences(product: Any, floor: Any, path: str = "") -> list[str]:
    """Where the two answers differ (empty when they carry the same data)."""
    return _walk(canonical(product), canonical(floor), path or "$")


def _walk(a: Any, b: Any, path: str) -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        found = [f"{path}.{k}: only in one answer" for k in sorted(set(a) ^ set(b))]
        for key in sorted(set(a) & set(b)):
            found += _walk(a[key], b[key], f"{path}.{key}")
        return found
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items against {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _walk(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r} against {b!r}"]
