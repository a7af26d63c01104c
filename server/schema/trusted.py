"""The schema's word on a document being registered as trusted (docs/api.md "Trusted documents"):
it must parse, hold at least one operation and pass GraphQL's validation rules against the
current schema, so that an app version is never registered with a document the server would
refuse at every request. (The protection limits still apply when it runs, as to any document.)
"""

from __future__ import annotations

from graphql import GraphQLError, OperationDefinitionNode, parse, specified_rules, validate
from graphql.error import GraphQLSyntaxError

from server.engine.library import core_schema
from server.schema.literals import with_named_values
from server.schema.schema import schema
from server.services.accounts.documents import CheckedDocument


def _problem(error: GraphQLError) -> str:
    where = ", ".join(f"line {at.line} column {at.column}" for at in error.locations or ())
    return f"{error.message} ({where})" if where else error.message


def check_document(body: str) -> CheckedDocument:
    """The operation of `body` and what is wrong with it against the schema, if anything."""
    try:
        document = parse(body)
    except GraphQLSyntaxError as error:
        return CheckedDocument(None, "", (f"does not parse: {_problem(error)}",))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if not operations:
        return CheckedDocument(None, "", ("holds no operation (only fragments).",))
    first = operations[0]
    name = first.name.value if len(operations) == 1 and first.name else None
    kind = first.operation.value
    errors = validate(core_schema(schema), document, with_named_values(specified_rules))
    return CheckedDocument(name, kind, tuple(f"is invalid: {_problem(e)}" for e in errors))
