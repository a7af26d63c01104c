"""Model instances from raw rows, faster than Tortoise's `_init_from_db` (issue 9).

Wide nested reads (the dashboard builds about 7,000 instances) spend a noticeable share of
their time in `Model._init_from_db`, which sets four bookkeeping attributes through the
model's `__setattr__` and converts column by column. `builder(model)` precomputes the same
conversions once per model, remembers the conversions of recurring immutable values, and fills
the instance's `__dict__` directly: the instance is identical (a test compares both for every
model), only cheaper to make.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import call, itemgetter
from typing import Any, TypeVar

from tortoise.fields import DateField, DecimalField, Field
from tortoise.fields.data import CharEnumFieldInstance, IntEnumFieldInstance
from tortoise.models import Model

M = TypeVar("M", bound=Model)

_BUILDERS: dict[tuple[type[Model], tuple[str, ...]], Callable[[Sequence[Any]], Any]] = {}
_BUILDERS_KEPT = 256  # (model, column order) pairs: a handful per statement shape

#: Fields whose Python values are immutable (Decimal, date, enum members): their conversions
#: are remembered per stored value, since the same dates, amounts and codes recur row after row.
_IMMUTABLE = (DecimalField, DateField, CharEnumFieldInstance, IntEnumFieldInstance)
_REMEMBERED = 4096


def _converter(field: Field[Any]) -> Callable[[Any], Any]:
    convert = field.to_python_value
    return lru_cache(maxsize=_REMEMBERED)(convert) if isinstance(field, _IMMUTABLE) else convert


def builder(model: type[M], columns: Sequence[str]) -> Callable[[Sequence[Any]], M]:
    """A function making a saved `model` instance from a row whose columns, by position, are
    `columns` (names as the database gave them; extra columns are ignored, missing ones make
    a partial instance, like the ORM's `.only()`). Rows are read by
    position: a sqlite3.Row looks names up one by one, case-insensitively, which costs more
    than everything else here together."""
    key = (model, tuple(columns))
    found = _BUILDERS.get(key)
    if found is None:
        if len(_BUILDERS) >= _BUILDERS_KEPT:
            _BUILDERS.clear()
        found = _BUILDERS[key] = _make_builder(model, key[1])
    return found


def _make_builder(model: type[M], columns: tuple[str, ...]) -> Callable[[Sequence[Any]], M]:
    meta = model._meta
    position = {name: i for i, name in reversed(list(enumerate(columns)))}
    every = [
        *((key, attr, None) for key, attr, _ in meta.db_native_fields),
        *((key, attr, _plain(field)) for key, attr, field in meta.db_default_fields),
        *((key, attr, _converter(field)) for key, attr, field in meta.db_complex_fields),
    ]
    # Rows with only some of the columns make partial instances, as the ORM's .only() does.
    fields = [(key, attr, convert) for key, attr, convert in every if key in position]
    if any(hasattr(getattr(model, attr, None), "__set__") for _, attr, _ in fields):
        # A column behind a descriptor must go through it: keep Tortoise's own path.
        return lambda row: model._init_from_db(**dict(zip(columns, row, strict=True)))
    raw = [(position[key], attr) for key, attr, convert in fields if convert is None]
    changed = [(position[key], attr, convert) for key, attr, convert in fields if convert]
    # The loops run in C: itemgetter picks the columns, zip pairs them with attribute names,
    # operator.call applies each conversion.
    take_raw = itemgetter(*(i for i, _ in raw)) if len(raw) > 1 else _one(raw)
    take_changed = itemgetter(*(i for i, _, _ in changed)) if len(changed) > 1 else _one(changed)
    raw_names = [attr for _, attr in raw]
    changed_names = [attr for _, attr, _ in changed]
    conversions = [convert for _, _, convert in changed]
    state = {
        "_partial": len(fields) < len(every),
        "_saved_in_db": True,
        "_custom_generated_pk": meta.db_pk_column not in meta.generated_db_fields,
    }
    new = model.__new__

    def build(row: Sequence[Any]) -> M:
        instance = new(model)
        values = instance.__dict__
        values.update(state)
        values["_await_when_save"] = {}
        values.update(zip(raw_names, take_raw(row), strict=True))
        values.update(zip(changed_names, map(call, conversions, take_changed(row)), strict=True))
        return instance

    return build


def _one(picked: Sequence[tuple[Any, ...]]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """itemgetter for zero or one column, still answering a tuple."""
    if not picked:
        return lambda row: ()
    index = picked[0][0]
    return lambda row: (row[index],)


def _plain(field: Field[Any]) -> Callable[[Any], Any]:
    """Tortoise's conversion of a 'default' field: its type, None kept."""
    kind = field.field_type

    def convert(value: Any) -> Any:
        return value if value is None else kind(value)

    return kind if not field.null and kind in (bool, int, str) else convert
