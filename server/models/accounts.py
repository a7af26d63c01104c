"""Users and their API tokens (docs/domain.md "Who may do what", docs/clients.md "Users, tokens and
roles"), and the trusted documents: the operations registered client apps may run (docs/api.md
"Trusted documents")."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from server.models.setup import Salesperson


class Role(StrEnum):
    """What a user may do (docs/domain.md "Who may do what")."""

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


class TrustedDocument(Model):
    """A GraphQL document a client app was built with, by the SHA-256 of its exact text."""

    id = fields.IntField(primary_key=True)
    #: Lowercase hex SHA-256 of the UTF-8 document text: the id clients send.
    hash = fields.CharField(max_length=64, unique=True)
    body = fields.TextField()
    #: The name of its operation (None for an anonymous one or several operations).
    operation_name = fields.CharField(max_length=200, null=True)
    #: query, mutation or subscription (of its first operation).
    operation_type = fields.CharField(max_length=12)
    registered_at = fields.DatetimeField()

    releases: fields.ReverseRelation[TrustedDocumentRelease]

    class Meta:
        table = "trusted_document"
        ordering = ("id",)


class TrustedDocumentRelease(Model):
    """A document shipped in one version of one client app, accepted until that version is
    retired (and as long as another active version has it)."""

    id = fields.IntField(primary_key=True)
    document: fields.ForeignKeyRelation[TrustedDocument] = fields.ForeignKeyField(
        "models.TrustedDocument", related_name="releases", on_delete=fields.CASCADE
    )
    #: The app, as its team names it (for example ios, android, web).
    client = fields.CharField(max_length=100)
    #: The app version whose build made the manifest (for example 4.2.0).
    version = fields.CharField(max_length=50)
    registered_at = fields.DatetimeField()
    retired_at = fields.DatetimeField(null=True)
    document_id: int

    class Meta:
        table = "trusted_document_release"
        unique_together = (("document", "client", "version"),)
        indexes = (("client", "version"),)
        ordering = ("id",)


class TrustedDocumentRegistry(Model):
    """One row: a number raised by every registration and retirement, which server processes
    compare with the one they loaded to tell that their copy of the registry is stale."""

    id = fields.IntField(primary_key=True)
    version = fields.BigIntField(default=0)

    class Meta:
        table = "trusted_document_registry"
