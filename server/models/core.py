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
