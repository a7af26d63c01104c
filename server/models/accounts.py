"""Users and their API tokens (DOMAIN section 5, API.md "Identity")."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from server.models.setup import Salesperson


class Role(StrEnum):
    """What a user may do (DOMAIN section 5)."""

    ADMIN = "ADMIN"
    MANAGER = "MANAGER"
    SALES = "SALES"
    VIEWER = "VIEWER"


class User(Model):
    """A person or system that calls the API, with one role and optionally a salesperson."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50, unique=True)
    name = fields.CharField(max_length=100)
    role = fields.CharEnumField(Role, max_length=10)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField()

    api_tokens: fields.ReverseRelation[ApiToken]
    salesperson_id: int | None

    class Meta:
        table = "app_user"
        ordering = ("username",)


class ApiToken(Model):
    """A bearer token of a user. Only the SHA-256 of the secret is stored."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="api_tokens", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=16)
    secret_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    user_id: int

    class Meta:
        table = "api_token"
        ordering = ("id",)
