"""The contacts area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import contacts as contact_resolvers
from server.resolvers.mutations import Payload
from server.schema.common import INPUT, KEY
from server.schema.connection import BY_NUMBER, connection
from server.schema.contacts import types as contact_types
from server.schema.contacts.types import Contact, ContactFilter, ContactOrder


@strawberry.type(description="Contacts.")
class ContactQueries:
    """Contacts."""

    @strawberry.field(
        description="One contact by number; null if none.", graphql_type=Contact | None
    )
    async def contact(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Contact number.")]
    ) -> models.Contact | None:
        return await contact_resolvers.contact(info, no)

    contacts = connection(
        Contact,
        "Contacts (companies and persons), filtered and sorted, keyset-paged.",
        contact_resolvers.CONTACTS,
        filter=(ContactFilter, "Which contacts."),
        order=(ContactOrder, BY_NUMBER),
    )


@strawberry.type(description="Changing contacts.")
class ContactMutations:
    """Changing contacts."""

    @strawberry.mutation(
        description="Create a company or person contact.",
        graphql_type=contact_types.ContactCreatePayload,
    )
    async def contact_create(
        self,
        info: Info,
        input: Annotated[contact_types.ContactCreateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await contact_resolvers.create(info, input)

    @strawberry.mutation(
        description="Change a contact.", graphql_type=contact_types.ContactUpdatePayload
    )
    async def contact_update(
        self,
        info: Info,
        input: Annotated[contact_types.ContactUpdateInput, strawberry.argument(description=INPUT)],
    ) -> Payload:
        return await contact_resolvers.update(info, input)

    @strawberry.mutation(
        description="Delete a contact nothing refers to (a company with persons stays).",
        graphql_type=contact_types.ContactDeletePayload,
    )
    async def contact_delete(
        self, info: Info, input: Annotated[contact_types.ContactDeleteInput, KEY]
    ) -> Payload:
        return await contact_resolvers.delete(info, input.no)
