"""Errors of the API layer itself (bad arguments, forbidden) as GraphQL errors with codes."""

from __future__ import annotations

from graphql import GraphQLError


def bad_input(message: str, argument: str | None = None) -> GraphQLError:
    """A request-level argument problem (page size, cursor, ID): extensions.code BAD_USER_INPUT."""
    extensions: dict[str, object] = {"code": "BAD_USER_INPUT"}
    if argument:
        extensions["argument"] = argument
    return GraphQLError(message, extensions=extensions)


def forbidden(message: str) -> GraphQLError:
    """The acting user's role does not allow this field: extensions.code FORBIDDEN."""
    return GraphQLError(message, extensions={"code": "FORBIDDEN"})
