"""`rows.builder` makes the same instances as Tortoise's `_init_from_db`, for every model."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tortoise import Tortoise, connections

from server.demo.company import load_demo
from server.engine.rows import Row, builder, record_builder
from tests.conftest import make_ctx


def _state(instance: Any) -> dict[str, Any]:
    return {k: (v, type(v)) for k, v in vars(instance).items()}


async def test_built_instances_equal_tortoise_s_own_for_every_model(db: Any):
    await load_demo(make_ctx())
    db_client = connections.get("default")
    compared = 0
    for model in Tortoise.apps["models"].values():
        table = model._meta.db_table
        _, rows = await db_client.execute_query(f'SELECT * FROM "{table}" LIMIT 50')
        if not rows:
            continue
        build = builder(model, list(rows[0].keys()))
        for row in rows:
            ours, theirs = build(row), model._init_from_db(**dict(row))
            assert type(ours) is type(theirs) is model
            assert _state(ours) == _state(theirs), model.__name__
            assert ours.pk == theirs.pk
            assert ours._saved_in_db
            assert not ours._partial
            compared += 1
    assert compared > 500  # the demo company fills most tables


async def test_columns_are_found_by_name_whatever_their_order(db: Any):
    await load_demo(make_ctx())
    from server.models import Contact

    _, rows = await connections.get("default").execute_query(
        'SELECT "name", 7 AS "extra", "contact".*, "no" AS "_shadow" FROM "contact" LIMIT 5'
    )
    build = builder(Contact, list(rows[0].keys()))
    for row in rows:
        built = build(row)
        loaded = await Contact.get(id=built.id)
        assert _state(built) == _state(loaded)


async def test_built_instances_convert_values_and_save_like_loaded_ones(db: Any):
    await load_demo(make_ctx())
    from server.models import Interaction

    _, rows = await connections.get("default").execute_query(
        'SELECT * FROM "interaction" ORDER BY "entry_no" LIMIT 1'
    )
    interaction = builder(Interaction, list(rows[0].keys()))(rows[0])
    assert isinstance(interaction.cost, Decimal)
    interaction.description = "Changed through a built instance"
    await interaction.save(update_fields=["description"])
    reloaded = await Interaction.get(entry_no=interaction.entry_no)
    assert reloaded.description == "Changed through a built instance"


async def test_records_by_ids_reads_whole_rows_of_any_key_type(db: Any):
    await load_demo(make_ctx())
    from server.engine import records
    from server.models import Contact, NumberSeries

    contacts = await Contact.all().order_by("id").limit(3)
    found = await records.by_ids(make_ctx(), Contact, [c.id for c in contacts] + [10**9])
    assert sorted(found) == [c.id for c in contacts]
    assert all(_state(found[c.id]) == _state(c) for c in contacts)

    series = await NumberSeries.all().limit(2)
    by_code = await records.by_ids(make_ctx(), NumberSeries, [s.code for s in series])  # type: ignore[list-item]
    assert sorted(by_code) == sorted(s.code for s in series)
    assert await records.by_ids(make_ctx(), Contact, []) == {}
    assert await records.by_ids(make_ctx(), Contact, [2**40, -(2**40)]) == {}


async def test_rows_with_some_columns_make_partial_instances_like_only(db: Any):
    await load_demo(make_ctx())
    from server.models import Contact

    _, rows = await connections.get("default").execute_query(
        'SELECT "name", "id" FROM "contact" ORDER BY "id" LIMIT 3'
    )
    build = builder(Contact, list(rows[0].keys()))
    for row in rows:
        built = build(row)
        [only] = await Contact.filter(id=built.id).only("id", "name")
        assert built._partial
        assert _state(built) == _state(only)


async def test_records_hold_the_same_values_as_instances_for_every_model(db: Any):
    await load_demo(make_ctx())
    db_client = connections.get("default")
    compared = 0
    for model in Tortoise.apps["models"].values():
        _, rows = await db_client.execute_query(f'SELECT * FROM "{model._meta.db_table}" LIMIT 20')
        if not rows:
            continue
        columns = list(rows[0].keys())
        make_record, make_instance = record_builder(model, columns), builder(model, columns)
        for row in rows:
            record, instance = make_record(row), make_instance(row)
            assert isinstance(record, Row.of(model)), model.__name__
            assert not isinstance(record, model)
            if isinstance(record, Row):  # models with descriptors get instances
                for name in record._names:
                    value = getattr(record, name)
                    assert (value, type(value)) == _state(instance)[name], (model, name)
                assert record.pk == instance.pk
                compared += 1
    assert compared > 200


async def test_records_of_some_columns_are_read_only_and_lack_the_others(db: Any):
    await load_demo(make_ctx())
    from server.models import Interaction

    _, rows = await connections.get("default").execute_query(
        'SELECT "cost", "entry_no", "date" FROM "interaction" ORDER BY "entry_no" LIMIT 2'
    )
    record = record_builder(Interaction, list(rows[0].keys()))(rows[0])
    loaded = await Interaction.get(entry_no=record.entry_no)
    assert (record.pk, record.cost, record.date) == (loaded.pk, loaded.cost, loaded.date)
    assert isinstance(record.cost, Decimal)
    assert "Interaction row" in repr(record)
    with pytest.raises(AttributeError):
        _ = record.description  # not fetched: no silent None
    with pytest.raises(AttributeError):
        record.cost = Decimal(1)  # type: ignore[misc]
