"""Model instances and read-only rows from raw rows, faster than Tortoise's `_init_from_db`
(issue 9).

Wide nested reads (the dashboard builds about 7,000 objects) spend a noticeable share of
their time in `Model._init_from_db`, which sets four bookkeeping attributes through the
model's `__setattr__` and converts column by column. `builder(model, columns)` precomputes the
same conversions once per model, remembers the conversions of recurring immutable values, and
fills the instance's `__dict__` directly: the instance is identical (a test compares both for
every model), only cheaper to make.

`record_builder(model, columns)` goes further for rows that are only read: a `Row` is a tuple
of the converted values with the model's attribute names as properties (and `pk`), about three
times cheaper to make than an instance, which needs a dict of its own. Rows cannot be saved
and have no relations; `Row.of(model)` is the class every row of a model belongs to.
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

_BUILDERS: dict[tuple[type[Model], tuple[str, ...], bool], Callable[[Sequence[Any]], Any]] = {}
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
    built: Callable[[Sequence[Any]], M] = _cached(model, columns, record=False)
    return built


def record_builder(model: type[Model], columns: Sequence[str]) -> Callable[[Sequence[Any]], Row]:
    """Like `builder`, but making read-only `Row`s of the columns present (see above)."""
    built: Callable[[Sequence[Any]], Row] = _cached(model, columns, record=True)
    return built


def _cached(model: type[Model], columns: Sequence[str], *, record: bool) -> Any:
    key = (model, tuple(columns), record)
    found = _BUILDERS.get(key)
    if found is None:
        if len(_BUILDERS) >= _BUILDERS_KEPT:
            _BUILDERS.clear()
        make = _make_record_builder if record else _make_builder
        found = _BUILDERS[key] = make(model, key[1])
    return found


class Row(tuple[Any, ...]):
    """A read-only row of a model: its columns' converted values, read as attributes."""

    __slots__ = ()
    _model: type[Model]
    _names: tuple[str, ...] = ()

    @staticmethod
    def of(model: type[Model]) -> type[Row]:
        """The class of every row of `model` (whatever its columns)."""
        found = _ROW_CLASSES.get(model)
        if found is None:
            attributes = {"__slots__": (), "_model": model}
            found = _ROW_CLASSES[model] = type(f"{model.__name__}Row", (Row,), attributes)
        return found

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(self._names, self, strict=True))
        return f"<{self._model.__name__} row {shown}>"


_ROW_CLASSES: dict[type[Model], type[Row]] = {}


class _Plan:
    """Which positions of a raw row hold which attributes, and their conversions."""

    def __init__(self, model: type[Model], columns: tuple[str, ...]) -> None:
        meta = model._meta
        position = {name: i for i, name in reversed(list(enumerate(columns)))}
        every = [
            *((key, attr, None) for key, attr, _ in meta.db_native_fields),
            *((key, attr, _plain(field)) for key, attr, field in meta.db_default_fields),
            *((key, attr, _converter(field)) for key, attr, field in meta.db_complex_fields),
        ]
        # Rows with only some of the columns make partial objects, as the ORM's .only() does.
        fields = [(key, attr, convert) for key, attr, convert in every if key in position]
        self.partial = len(fields) < len(every)
        self.descriptors = any(
            hasattr(getattr(model, attr, None), "__set__") for _, attr, _ in fields
        )
        raw = [(position[key], attr) for key, attr, convert in fields if convert is None]
        changed = [(position[key], attr, convert) for key, attr, convert in fields if convert]
        # The loops run in C: itemgetter picks the columns, zip pairs them with attribute
        # names, operator.call applies each conversion.
        self.take_raw = itemgetter(*(i for i, _ in raw)) if len(raw) > 1 else _one(raw)
        self.take_changed = (
            itemgetter(*(i for i, _, _ in changed)) if len(changed) > 1 else _one(changed)
        )
        self.raw_names = [attr for _, attr in raw]
        self.changed_names = [attr for _, attr, _ in changed]
        self.conversions = [convert for _, _, convert in changed]


def _make_record_builder(
    model: type[Model], columns: tuple[str, ...]
) -> Callable[[Sequence[Any]], Row]:
    plan = _Plan(model, columns)
    if plan.descriptors:  # an attribute that is more than its column: instances only
        return _make_builder(model, columns)  # type: ignore[return-value]
    names = (*plan.raw_names, *plan.changed_names)
    at = {name: i for i, name in enumerate(names)}
    attributes: dict[str, Any] = {"__slots__": (), "_names": names}
    attributes.update((name, property(itemgetter(i))) for name, i in at.items())
    pk = model._meta.pk_attr
    if pk in at:
        attributes["pk"] = property(itemgetter(at[pk]))
    kind = type(f"{model.__name__}Row", (Row.of(model),), attributes)
    take_raw, take_changed, conversions = plan.take_raw, plan.take_changed, plan.conversions
    new = tuple.__new__

    def build(row: Sequence[Any]) -> Row:
        return new(kind, take_raw(row) + tuple(map(call, conversions, take_changed(row))))

    return build


def _make_builder(model: type[M], columns: tuple[str, ...]) -> Callable[[Sequence[Any]], M]:
    plan = _Plan(model, columns)
    meta = model._meta
    if plan.descriptors:
        # A column behind a descriptor must go through it: keep Tortoise's own path.
        return lambda row: model._init_from_db(**dict(zip(columns, row, strict=True)))
    take_raw, take_changed = plan.take_raw, plan.take_changed
    raw_names, changed_names, conversions = plan.raw_names, plan.changed_names, plan.conversions
    state = {
        "_partial": plan.partial,
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
