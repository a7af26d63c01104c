"""Customer fields and mutations, and Contact.customer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Listing
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike, load_by_id
from server.models import Contact, Customer, CustomerDiscountGroup, CustomerPriceGroup
from server.resolvers.ids import encode_id
from server.resolvers.mutations import Payload, provided, run_mutation
from server.services.customers import customer as service

#: What customers can be sorted by, ties broken by number; the schema makes its
#: CustomerOrderField enum from these keys.
SORT = SortKeys(
    SortField("NO", "no", description="Customer number."),
    SortField("NAME", "name", description="Name."),
)


async def customer(info: InfoLike, no: str) -> Customer | None:
    """Query.customer(no:)."""
    return await service.customer_by_no(info.context.service, no)


def _customers(info: InfoLike, filter: object | None) -> QuerySet[Customer]:
    criteria = service.CustomerFilter(**provided(filter)) if filter else service.CustomerFilter()
    return service.customers_query(info.context.service, criteria)


#: Query.customers: filtered, ordered, keyset-paged.
CUSTOMERS = Listing(_customers, SORT)


async def contact(info: InfoLike, row: Customer) -> Contact | None:
    """Customer.contact through the loader."""
    result: Contact | None = await load_by_id(info, Contact, row.contact_id)
    return result


async def price_group(info: InfoLike, row: Customer) -> CustomerPriceGroup | None:
    """Customer.priceGroup through the loader."""
    result: CustomerPriceGroup | None = await load_by_id(
        info, CustomerPriceGroup, row.price_group_id
    )
    return result


async def discount_group(info: InfoLike, row: Customer) -> CustomerDiscountGroup | None:
    """Customer.discountGroup through the loader."""
    result: CustomerDiscountGroup | None = await load_by_id(
        info, CustomerDiscountGroup, row.discount_group_id
    )
    return result


async def customer_of_contact(info: InfoLike, row: Contact) -> Customer | None:
    """Contact.customer: the linked customer, batched over contacts."""
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, Customer]:
        return await service.customers_of_contacts(ctx, ids)

    loader = info.context.loaders.keyed("Contact.customer", fetch, lambda _: None)
    found: Customer | None = await loader.load(row.id)
    return found


async def create(info: InfoLike, data: object) -> Payload:
    """Mutation.customerCreate."""
    draft = service.CustomerDraft(**provided(data))
    return await run_mutation(
        "customer", lambda: service.create_customer(info.context.service, draft)
    )


async def update(info: InfoLike, data: object) -> Payload:
    """Mutation.customerUpdate."""
    values = provided(data)
    no = values.pop("no")
    changes = service.CustomerChanges(**values)
    return await run_mutation(
        "customer", lambda: service.update_customer(info.context.service, no, changes)
    )


async def delete(info: InfoLike, no: str) -> Payload:
    """Mutation.customerDelete."""

    def shape(row: Customer) -> dict[str, Any]:
        return {"customer": row, "deleted_id": encode_id("Customer", row.pk)}

    return await run_mutation(
        "customer", lambda: service.delete_customer(info.context.service, no), shape
    )
