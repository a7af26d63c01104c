"""Customers and the business relation to company contacts (docs/domain.md "Parties and products").

A company contact is linked to at most one customer and a customer to at most one company
contact; a person cannot be linked. Every change of that link goes through
`set_business_relation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from server.models import (
    Contact,
    ContactType,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
)
from server.services.core.changes import record_contact_resolution_change
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import DomainError, ErrorCode, ErrorCollector, NotFound
from server.services.core.numbering import next_no
from server.services.core.storage import (
    create_unique,
    delete_unreferenced,
    find,
    get_locked,
    matching,
)
from server.services.core.unit_of_work import transaction
from server.services.core.values import (
    CODE_MAX,
    NO_MAX,
    UNSET,
    Unset,
    clean_key,
    clean_text,
    given,
    lookup_key,
    not_null,
    storable,
)
from server.services.pricing.groups import existing_group


@dataclass(frozen=True, kw_only=True)
class CustomerDraft:
    """Input for a new customer; a blank `no` is drawn from the CUSTOMER number series."""

    no: str | None = None
    name: str
    contact_no: str | None = None
    price_group_code: str | None = None
    discount_group_code: str | None = None
    blocked: bool | None = False


@dataclass(frozen=True, kw_only=True)
class CustomerChanges:
    """Partial update of a customer; None clears an optional value, UNSET leaves it."""

    name: str | Unset | None = UNSET
    contact_no: str | Unset | None = UNSET
    price_group_code: str | Unset | None = UNSET
    discount_group_code: str | Unset | None = UNSET
    blocked: bool | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class CustomerFilter:
    """Which customers to list; every given criterion must hold, None means "any"."""

    #: Text contained in the name or number, ignoring case.
    search: str | None = None
    price_group_code: str | None = None
    discount_group_code: str | None = None
    blocked: bool | None = None


def _present(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


async def _values(
    errors: ErrorCollector, data: CustomerDraft | CustomerChanges
) -> dict[str, object]:
    """Validate the plain fields and resolve the group codes."""
    values: dict[str, object] = {}
    if given(data.name):
        values["name"] = clean_text(errors, data.name, "name")
    if given(data.blocked):
        values["blocked"] = not_null(errors, data.blocked, "blocked")
    if given(data.price_group_code):
        price = await existing_group(
            errors, CustomerPriceGroup, data.price_group_code, "price_group_code"
        )
        values["price_group_id"] = price.id if price else None
    if given(data.discount_group_code):
        discount = await existing_group(
            errors, CustomerDiscountGroup, data.discount_group_code, "discount_group_code"
        )
        values["discount_group_id"] = discount.id if discount else None
    return values


async def _linkable_contact(
    errors: ErrorCollector, contact_no: str | None, customer: Customer | None
) -> Contact | None:
    """Resolve the contact to link (blank: none). It must be a company contact not linked to
    another customer; it is row-locked so it cannot turn into a person meanwhile."""
    code = _present(contact_no)
    if code is None:
        return None
    try:
        contact = await get_locked(Contact, "Contact", "contact_no", no=lookup_key(code))
    except NotFound as missing:
        errors.extend([missing])
        return None
    if contact.type is not ContactType.COMPANY:
        errors.add(
            ErrorCode.INVALID,
            f"Contact {contact.no} is a person; only a company contact can be linked to a "
            "customer.",
            "contact_no",
        )
        return None
    other = await Customer.get_or_none(contact_id=contact.id)
    if other is not None and (customer is None or other.id != customer.id):
        errors.add(
            ErrorCode.CONTACT_ALREADY_LINKED,
            f"Contact {contact.no} is already linked to customer {other.no}.",
            "contact_no",
        )
        return None
    return contact


async def set_business_relation(customer: Customer, contact: Contact | None) -> None:
    """Link `customer` to the company `contact`, relink it, or unlink it (None).

    This is the single place where the business relation between customers and contacts
    changes (create, update and delete all come through here), so whatever must follow such a
    change - campaign target-group upkeep, DOMAIN A7 - is recorded here (the upkeep runs before
    the transaction commits). Runs inside the caller's transaction; the caller has validated
    `contact` (`_linkable_contact`). A concurrent link of the same contact loses on the unique
    column and is reported as CONTACT_ALREADY_LINKED.
    """
    new_id = contact.id if contact is not None else None
    if customer.contact_id == new_id:
        return
    customer.contact_id = new_id
    try:
        # A savepoint: on PostgreSQL the lost race would otherwise abort the caller's transaction.
        async with transaction():
            await customer.save(update_fields=["contact_id"])
            # Rows move between CONTACT and CUSTOMER in every activated campaign concerned (A7).
            record_contact_resolution_change()
    except IntegrityError:
        no = contact.no if contact is not None else ""
        raise DomainError(
            ErrorCode.CONTACT_ALREADY_LINKED,
            f"Contact {no} is already linked to another customer.",
            ("contact_no",),
        ) from None


async def create_customer(ctx: ServiceContext, draft: CustomerDraft) -> Customer:
    """Create a customer (`no` from the CUSTOMER series if blank), optionally linked to a
    company contact that no other customer is linked to."""
    ctx.require(Permission.MANAGE_CUSTOMERS)
    errors = ErrorCollector()
    no = _present(draft.no) and clean_key(errors, draft.no, "no", max_length=NO_MAX)
    async with transaction():
        values = await _values(errors, draft)
        contact = await _linkable_contact(errors, draft.contact_no, None)
        errors.raise_if_any()
        if no is None:
            no = await next_no("CUSTOMER", taken=lambda n: Customer.exists(no=n))
        customer = await create_unique(Customer, "Customer", "no", no=no, **values)
        await set_business_relation(customer, contact)
        return customer


async def update_customer(ctx: ServiceContext, no: str, changes: CustomerChanges) -> Customer:
    """Change a customer; `contact_no` links, relinks or (null) unlinks the business relation."""
    ctx.require(Permission.MANAGE_CUSTOMERS)
    errors = ErrorCollector()
    async with transaction():
        customer = await get_locked(Customer, "Customer", "no", no=lookup_key(no))
        values = await _values(errors, changes)
        contact: Contact | None = None
        if given(changes.contact_no):
            contact = await _linkable_contact(errors, changes.contact_no, customer)
        errors.raise_if_any()
        await customer.update_from_dict(values).save()
        if given(changes.contact_no):
            await set_business_relation(customer, contact)
        return customer


async def delete_customer(ctx: ServiceContext, no: str) -> Customer:
    """Delete a customer nothing refers to; its business relation ends with it."""
    ctx.require(Permission.MANAGE_CUSTOMERS)
    async with transaction():
        customer = await get_locked(Customer, "Customer", "no", no=lookup_key(no))
        await set_business_relation(customer, None)
        await delete_unreferenced(customer, "Customer", customer.no)
        return customer


async def customer_by_no(ctx: ServiceContext, no: str) -> Customer | None:
    """One customer by its number, or None."""
    ctx.require(Permission.READ)
    return await find(Customer, no=lookup_key(no))


async def customer_of_contact(contact: Contact) -> Customer | None:
    """The customer linked to a company contact (the business relation), if any; a person
    is never linked."""
    if contact.type is not ContactType.COMPANY:
        return None
    return await Customer.get_or_none(contact_id=contact.id)


async def customers_of_contacts(
    ctx: ServiceContext, contact_ids: Sequence[int]
) -> dict[int, Customer]:
    """The linked customers of several contacts at once, by contact id."""
    ctx.require(Permission.READ)
    found = await Customer.filter(contact_id__in=list(contact_ids))
    return {c.contact_id: c for c in found if c.contact_id is not None}


def _group_filter(query: QuerySet[Customer], relation: str, code: str | None) -> QuerySet[Customer]:
    key = _present(code)
    if key is None:
        return query
    key = key.upper()
    if not storable(key) or len(key) > CODE_MAX:
        return query.filter(id__in=[])
    return query.filter(**{f"{relation}__code": key})


def customers_query(ctx: ServiceContext, criteria: CustomerFilter) -> QuerySet[Customer]:
    """The customers matching `criteria`, unordered; values no customer could have match
    nothing rather than failing."""
    ctx.require(Permission.READ)
    query = Customer.all()
    query = _group_filter(query, "price_group", criteria.price_group_code)
    query = _group_filter(query, "discount_group", criteria.discount_group_code)
    query = matching(query, criteria.search, "name", "no")
    if criteria.blocked is not None:
        query = query.filter(blocked=criteria.blocked)
    return query
