"""Contact fields and mutations."""

from __future__ import annotations

from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Listing, Nested
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike, load_by_id
from server.models import Contact, Salesperson
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.contacts import contact as service

#: What contacts can be sorted by, ties broken by number; the schema makes its
#: ContactOrderField enum from these keys.
SORT = SortKeys(
    SortField("NO", "no", description="Contact number."),
    SortField("NAME", "name", description="Name."),
    SortField("CITY", "city", nullable=True, description="City (blank first when ascending)."),
)


async def contact(info: InfoLike, no: str) -> Contact | None:
    """Query.contact(no:)."""
    return await service.contact_by_no(info.context.service, no)


def _contacts(info: InfoLike, filter: object | None) -> QuerySet[Contact]:
    criteria = service.ContactFilter(**provided(filter)) if filter else service.ContactFilter()
    return service.contacts_query(info.context.service, criteria)


#: Query.contacts: filtered, ordered, keyset-paged.
CONTACTS = Listing(_contacts, SORT)
#: Contact.persons: a company's persons by number, batched over companies.
PERSONS = Nested(_contacts, "company_id", SORT)


async def company(info: InfoLike, row: Contact) -> Contact | None:
    """Contact.company through the loader (a company is its own company)."""
    result: Contact | None = await load_by_id(info, Contact, service.company_id_of(row))
    return result


async def salesperson(info: InfoLike, row: Contact) -> Salesperson | None:
    """Contact.salesperson through the loader."""
    result: Salesperson | None = await load_by_id(info, Salesperson, row.salesperson_id)
    return result


async def create(info: InfoLike, data: object) -> Payload:
    """Mutation.contactCreate."""
    draft = service.ContactDraft(**provided(data))
    return await run_mutation(
        "contact",
        lambda: service.create_contact(info.context.service, draft),
        guard=once(info.context, "contactCreate", data),
    )


async def update(info: InfoLike, data: object) -> Payload:
    """Mutation.contactUpdate."""
    values = provided(data)
    no = values.pop("no")
    changes = service.ContactChanges(**values)
    return await run_mutation(
        "contact", lambda: service.update_contact(info.context.service, no, changes)
    )


async def delete(info: InfoLike, no: str) -> Payload:
    """Mutation.contactDelete."""

    def shape(row: Contact) -> dict[str, Any]:
        return {"contact": row, "deleted_id": encode_id("Contact", row.pk)}

    return await run_mutation(
        "contact", lambda: service.delete_contact(info.context.service, no), shape
    )
