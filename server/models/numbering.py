"""Number series: where blank document numbers come from (CP00001, SEG00001, ...)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class NumberSeries(Model):
    """One counter per entity. The last number only ever grows, so none is handed out twice."""

    code = fields.CharField(max_length=20, primary_key=True)
    description = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=10)
    width = fields.IntField(default=5)
    last_no = fields.BigIntField(default=0)

    class Meta:
        table = "number_series"
