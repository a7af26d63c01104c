"""Contact fields and mutations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from server.engine.connections import nested_page
from server.engine.pagination import Page, SortField
from server.engine.reads import InfoLike, OrderInput, load_by_id, page_of
from server.models import Contact, Salesperson
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.contacts import contact as service

SORT_FIELDS = {
    "NO": SortField("NO", "no"),
    "NAME": SortField("NAME", "name"),
    "CITY": SortField("CITY", "city", nullable=True),
}


async def contact(info: InfoLike, no: str) -> Contact | None:
    """Query.contact(no:)."""
    return await service.contact_by_no(info.context.service, no)


async def contacts(
    info: InfoLike,
    filter: object | None,
    order_by: Sequence[OrderInput] | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Page[Contact]:
    """Query.contacts: filtered, ordered, keyset-paged."""
    criteria = service.ContactFilter(**provided(filter)) if filter else service.ContactFilter()
    query = service.contacts_query(info.context.service, criteria)
    return await page_of(
        info,
        query,
        order_by=order_by,
        sort_fields=SORT_FIELDS,
        tiebreak="NO",
        first=first,
        after=after,
        last=last,
        before=before,
    )


async def company(info: InfoLike, row: Contact) -> Contact | None:
    """Contact.company through the loader (a company is its own company)."""
    result: Contact | None = await load_by_id(info, Contact, service.company_id_of(row))
    return result


async def persons(info: InfoLike, row: Contact, **paging: Any) -> Page[Contact]:
    """Contact.persons: a company's persons by number, batched over companies."""
    ctx = info.context.service
    return await nested_page(
        info,
        "Contact.persons",
        row.id,
        lambda: service.contacts_query(ctx, service.ContactFilter()),
        "company_id",
        sort_fields=SORT_FIELDS,
        tiebreak="NO",
        **paging,
    )


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
