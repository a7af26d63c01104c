"""Contacts: companies and the persons who work for them."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from server.models.setup import Salesperson


class ContactType(StrEnum):
    """A contact is a company or a person."""

    COMPANY = "COMPANY"
    PERSON = "PERSON"


class Contact(Model):
    """A company or a person. A person may belong to one company contact."""

    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    type = fields.CharEnumField(ContactType, max_length=10)
    name = fields.CharField(max_length=100)
    company: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="persons", null=True, on_delete=fields.RESTRICT
    )
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=30, null=True)
    address = fields.CharField(max_length=100, null=True)
    address_2 = fields.CharField(max_length=100, null=True)
    city = fields.CharField(max_length=50, null=True)
    post_code = fields.CharField(max_length=20, null=True)
    country_code = fields.CharField(max_length=10, null=True)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="contacts", null=True, on_delete=fields.RESTRICT
    )
    job_title = fields.CharField(max_length=100, null=True)
    blocked = fields.BooleanField(default=False)

    persons: fields.ReverseRelation[Contact]

    company_id: int | None
    salesperson_id: int | None

    class Meta:
        table = "contact"
        ordering = ("no",)
        indexes = (("company_id", "no"), ("name", "no"), ("salesperson_id", "no"))
