"""Model instances from raw rows, faster than Tortoise's `_init_from_db` (issue 9).

Wide nested reads (the dashboard builds about 7,000 instances) spend a noticeable share of
their time in `Model._init_from_db`, which sets four bookkeeping attributes through the
model's `__setattr__` and converts column by column. `builder(model)` precomputes the same
conversions once per model and fills the instance's `__dict__` directly: the instance is
identical (a test compares both for every model), only cheaper to make.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from tortoise.models import Model

M = TypeVar("M", bound=Model)

_BUILDERS: dict[type[Model], Callable[[Mapping[str, Any]], Any]] = {}


def builder(model: type[M]) -> Callable[[Mapping[str, Any]], M]:
    """A function making a saved `model` instance from a row holding all its columns (a
    dict, sqlite3.Row or asyncpg Record; extra columns are ignored)."""
    found = _BUILDERS.get(model)
    if found is None:
        found = _BUILDERS[model] = _make_builder(model)
    return found


def _make_builder(model: type[M]) -> Callable[[Mapping[str, Any]], M]:
    meta = model._meta
    native = tuple((key, attr) for key, attr, _ in meta.db_native_fields)
    plain = tuple((key, attr, field.field_type) for key, attr, field in meta.db_default_fields)
    converted = tuple(
        (key, attr, field.to_python_value) for key, attr, field in meta.db_complex_fields
    )
    attributes = [attr for _, attr in native] + [a for _, a, _ in plain + converted]
    if any(hasattr(getattr(model, attr, None), "__set__") for attr in attributes):
        # A column behind a descriptor must go through it: keep Tortoise's own path.
        return lambda row: model._init_from_db(**dict(row))
    custom_pk = meta.db_pk_column not in meta.generated_db_fields
    new = model.__new__

    def build(row: Mapping[str, Any]) -> M:
        instance = new(model)
        values = instance.__dict__
        values["_partial"] = False
        values["_saved_in_db"] = True
        values["_custom_generated_pk"] = custom_pk
        values["_await_when_save"] = {}
        for key, attr in native:
            values[attr] = row[key]
        for key, attr, kind in plain:
            value = row[key]
            values[attr] = value if value is None else kind(value)
        for key, attr, convert in converted:
            values[attr] = convert(row[key])
        return instance

    return build
