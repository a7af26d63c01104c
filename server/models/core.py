"""Kernel records every area uses: number series (where blank numbers come from: CP00001,
SEG00001, ...) and the remembered results of idempotent mutations (docs/api.md "Conventions")."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

#: Decimal places of every amount the statistics sum exactly (cost, duration, budget,
#: opportunity values, line amounts): services compute in units of 10**-AMOUNT_PLACES.
AMOUNT_PLACES = 2


class IdempotencyRecord(Model):
    """The first successful result of one user's mutation under one idempotency key."""

    id = fields.IntField(primary_key=True)
    #: The username of the caller: keys are private to each user.
    user = fields.CharField(max_length=50)
    #: The mutation field, for example campaignCreate.
    operation = fields.CharField(max_length=64)
    key = fields.CharField(max_length=100)
    #: SHA-256 of the canonical input without the key: a reused key with other input is refused.
    fingerprint = fields.CharField(max_length=64)
    #: What the payload held, as references to the records (reloaded on replay).
    result: Any = fields.JSONField()
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "idempotency_record"
        unique_together = (("user", "operation", "key"),)


class NumberSeries(Model):
    """One counter per entity. The last number only ever grows, so none is handed out twice."""

    code = fields.CharField(max_length=20, primary_key=True)
    description = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=10)
    width = fields.IntField(default=5)
    last_no = fields.BigIntField(default=0)

    class Meta:
        table = "number_series"


class BrokerEvent(Model):
    """A campaign activity event on its way to every server process that shares one SQLite
    database (server/http/sqlite_broker.py); kept a few minutes, then deleted."""

    id = fields.IntField(primary_key=True)
    #: The event as ActivityEvent.to_json gives it, in JSON.
    payload = fields.TextField()
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "broker_event"


class SharedBudget(Model):
    """One caller's shared cost budget (server/services/core/shared_state.py): the tokens left
    at a moment of the database's clock. Servers on PostgreSQL keep it together (an UNLOGGED
    table there: a crash forgets budgets, which refill within a minute anyway)."""

    #: The caller, as `Actor.principal` names it ("token:12", "anonymous:127.0.0.1").
    principal = fields.CharField(max_length=200, primary_key=True)
    #: Cost points left (below 0 after the processes together overspent: a debt, repaid).
    tokens = fields.FloatField()
    #: When `tokens` was right: seconds since the epoch, on the database server's clock.
    at = fields.FloatField(db_index=True)

    class Meta:
        table = "shared_budget"


class PersistedQuery(Model):
    """An automatic persisted query (server/http/persisted.py) registered by some server
    process: every other process finds it here. Pruned when long unused or too many."""

    #: Lowercase hex SHA-256 of the UTF-8 document text (verified before storing).
    hash = fields.CharField(max_length=64, primary_key=True)
    body = fields.TextField()
    #: Registered or last fetched from here (touched at most once a day).
    used_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "persisted_query"
