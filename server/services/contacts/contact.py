"""Contacts: companies and the persons who work for them (docs/domain.md "Parties and products",
keys per its "Conventions of the data")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from server.models import Contact, ContactType, Customer
from server.services.core.changes import record_contact_resolution_change
from server.services.core.context import Permission, ServiceContext
from server.services.core.errors import ErrorCode, ErrorCollector, NotFound
from server.services.core.numbering import next_no
from server.services.core.storage import (
    create_unique,
    delete_unreferenced,
    existing,
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
    clean_email,
    clean_key,
    clean_text,
    given,
    lookup_key,
    lookup_keys,
    not_null,
    storable,
)
from server.services.setup.codes import assignable_salesperson

#: Column lengths of the Contact model, so cleaning refuses what the database could not hold.
PHONE_MAX = 30
CITY_MAX = 50
POST_CODE_MAX = 20


@dataclass(frozen=True, kw_only=True)
class ContactDraft:
    """Input for a new contact; a blank `no` is drawn from the CONTACT number series."""

    no: str | None = None
    type: ContactType
    name: str
    company_no: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    address_2: str | None = None
    city: str | None = None
    post_code: str | None = None
    country_code: str | None = None
    salesperson_code: str | None = None
    job_title: str | None = None
    blocked: bool | None = False


@dataclass(frozen=True, kw_only=True)
class ContactChanges:
    """Partial update of a contact; None clears an optional value, UNSET leaves it."""

    type: ContactType | Unset | None = UNSET
    name: str | Unset | None = UNSET
    company_no: str | Unset | None = UNSET
    email: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    address: str | Unset | None = UNSET
    address_2: str | Unset | None = UNSET
    city: str | Unset | None = UNSET
    post_code: str | Unset | None = UNSET
    country_code: str | Unset | None = UNSET
    salesperson_code: str | Unset | None = UNSET
    job_title: str | Unset | None = UNSET
    blocked: bool | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class ContactFilter:
    """Which contacts to list, or to add to / remove from a segment (DOMAIN S4).

    Every given criterion must hold; None and blank texts mean "any".
    """

    type: ContactType | None = None
    salesperson_codes: Sequence[str] | None = None
    #: The company with this number and its persons (NAV's "Company No." filter).
    company_no: str | None = None
    #: Exact city, ignoring case.
    city: str | None = None
    country_code: str | None = None
    #: Text contained in the name or number, ignoring case.
    search: str | None = None
    blocked: bool | None = None


def _present(value: str | None) -> str | None:
    """The trimmed text, or None when blank (a blank key or filter value means "none")."""
    text = (value or "").strip()
    return text or None


def _plain_values(errors: ErrorCollector, data: ContactDraft | ContactChanges) -> dict[str, object]:
    """Validate the fields that need no database look-up."""
    values: dict[str, object] = {}
    if given(data.type):
        values["type"] = not_null(errors, data.type, "type")
    if given(data.name):
        values["name"] = clean_text(errors, data.name, "name")
    if given(data.email):
        values["email"] = clean_email(errors, data.email, "email")
    texts = (
        ("phone", PHONE_MAX),
        ("address", 100),
        ("address_2", 100),
        ("city", CITY_MAX),
        ("post_code", POST_CODE_MAX),
        ("job_title", 100),
    )
    for name, length in texts:
        value = getattr(data, name)
        if given(value):
            values[name] = clean_text(errors, value, name, required=False, max_length=length)
    if given(data.country_code):
        code = _present(data.country_code)
        values["country_code"] = code and clean_key(
            errors, code, "country_code", max_length=CODE_MAX
        )
    if given(data.blocked):
        values["blocked"] = not_null(errors, data.blocked, "blocked")
    return values


async def _company(errors: ErrorCollector, code: str, contact: Contact | None) -> Contact | None:
    """Resolve the company a person belongs to: an existing COMPANY contact, row-locked so it
    cannot turn into a person (or vanish) while the person is linked to it."""
    try:
        company = await get_locked(Contact, "Contact", "company_no", no=lookup_key(code))
    except NotFound as missing:
        errors.extend([missing])
        return None
    if contact is not None and company.id == contact.id:
        errors.add(ErrorCode.INVALID, "A contact cannot belong to itself.", "company_no")
        return None
    if company.type is not ContactType.COMPANY:
        errors.add(
            ErrorCode.INVALID,
            f"Contact {company.no} is a person; a person can only belong to a company.",
            "company_no",
        )
        return None
    return company


async def _company_link(
    errors: ErrorCollector,
    data: ContactDraft | ContactChanges,
    values: dict[str, object],
    contact: Contact | None,
) -> None:
    """A person may belong to one company; a company belongs to no other contact. A company
    with persons cannot become a person; a person becoming a company loses its company."""
    new_type = values.get("type") or (contact.type if contact else None)
    if new_type is None:  # a null type, already reported
        return
    company_no = _present(data.company_no) if given(data.company_no) else None
    if new_type is ContactType.COMPANY:
        if company_no is not None:
            errors.add(
                ErrorCode.INVALID,
                "A company contact cannot belong to another company.",
                "company_no",
            )
        values["company_id"] = None
        return
    if (
        contact is not None
        and contact.type is ContactType.COMPANY
        and await Customer.exists(contact_id=contact.id)
    ):
        errors.add(
            ErrorCode.CONTACT_LINKED_TO_CUSTOMER,
            f"Company {contact.no} is linked to a customer; a person cannot be.",
            "type",
        )
    if (
        contact is not None
        and contact.type is ContactType.COMPANY
        and await Contact.exists(company_id=contact.id)
    ):
        errors.add(
            ErrorCode.COMPANY_HAS_PERSONS,
            f"Company {contact.no} still has persons; move them to another company first.",
            "type",
        )
    if given(data.company_no):
        company = await _company(errors, company_no, contact) if company_no else None
        values["company_id"] = company.id if company else None


async def _salesperson(
    errors: ErrorCollector,
    data: ContactDraft | ContactChanges,
    values: dict[str, object],
    contact: Contact | None,
) -> None:
    """Resolve the salesperson code: it must exist and not be blocked (unless kept)."""
    if not given(data.salesperson_code):
        return
    code = _present(data.salesperson_code)
    current = contact.salesperson_id if contact else None
    person = (
        await assignable_salesperson(errors, code, "salesperson_code", already_assigned=current)
        if code
        else None
    )
    values["salesperson_id"] = person.id if person else None


async def create_contact(ctx: ServiceContext, draft: ContactDraft) -> Contact:
    """Create a company or person (`no` from the CONTACT series if blank; a person's company
    must be a company contact; the salesperson must not be blocked)."""
    ctx.require(Permission.MANAGE_CONTACTS)
    errors = ErrorCollector()
    no = _present(draft.no) and clean_key(errors, draft.no, "no", max_length=NO_MAX)
    values = _plain_values(errors, draft)
    async with transaction():
        await _company_link(errors, draft, values, None)
        await _salesperson(errors, draft, values, None)
        errors.raise_if_any()
        if no is None:
            no = await next_no("CONTACT", taken=lambda n: Contact.exists(no=n))
        return await create_unique(Contact, "Contact", "no", no=no, **values)


async def update_contact(ctx: ServiceContext, no: str, changes: ContactChanges) -> Contact:
    """Change a contact (same rules as creating one; the number is immutable)."""
    ctx.require(Permission.MANAGE_CONTACTS)
    errors = ErrorCollector()
    values = _plain_values(errors, changes)
    async with transaction():
        contact = await get_locked(Contact, "Contact", "no", no=lookup_key(no))
        await _company_link(errors, changes, values, contact)
        await _salesperson(errors, changes, values, contact)
        errors.raise_if_any()
        before = (contact.type, contact.company_id)
        await contact.update_from_dict(values).save()
        if (contact.type, contact.company_id) != before:
            # A person moving to another company can move target rows (A7).
            record_contact_resolution_change()
        return contact


async def delete_contact(ctx: ServiceContext, no: str) -> Contact:
    """Delete a contact nothing refers to (a company with persons, a contact in a segment or
    with interactions stays; the error says what refers to it)."""
    ctx.require(Permission.MANAGE_CONTACTS)
    async with transaction():
        contact = await get_locked(Contact, "Contact", "no", no=lookup_key(no))
        await delete_unreferenced(contact, "Contact", contact.no)
        return contact


async def contact_by_no(ctx: ServiceContext, no: str) -> Contact | None:
    """One contact by its number, or None."""
    ctx.require(Permission.READ)
    return await find(Contact, no=lookup_key(no))


def company_id_of(contact: Contact) -> int | None:
    """The id of a contact's company (docs/domain.md "Parties and products"): a person's company, or
    for a company the company itself. None for a person without a company."""
    if contact.type is ContactType.COMPANY:
        return contact.id
    company_id: int | None = contact.company_id
    return company_id


def contacts_query(ctx: ServiceContext, criteria: ContactFilter) -> QuerySet[Contact]:
    """The contacts matching `criteria`, unordered (DOMAIN S4's contact filter).

    A plain queryset so every caller can build on it: the `contacts` list pages through it;
    the segment service adds or removes its matches (adding skips blocked contacts with
    `.filter(blocked=False)`). Values no contact could have match nothing rather than failing.
    """
    ctx.require(Permission.READ)
    query = Contact.all()
    if criteria.type is not None:
        query = query.filter(type=criteria.type)
    if criteria.salesperson_codes is not None:
        query = query.filter(salesperson__code__in=lookup_keys(criteria.salesperson_codes, NO_MAX))
    if company_no := _present(criteria.company_no):
        key = company_no.upper()
        if storable(key) and len(key) <= NO_MAX:
            company = Contact.filter(no=key, type=ContactType.COMPANY).values("id")
            query = query.filter(Q(id__in=Subquery(company)) | Q(company_id__in=Subquery(company)))
        else:
            query = query.filter(id__in=[])
    if city := _present(criteria.city):
        ok = storable(city) and len(city) <= CITY_MAX
        query = query.filter(city__iexact=city) if ok else query.filter(id__in=[])
    if country := _present(criteria.country_code):
        code = country.upper()
        ok = storable(code) and len(code) <= CODE_MAX
        query = query.filter(country_code=code) if ok else query.filter(id__in=[])
    query = matching(query, criteria.search, "name", "no")
    if criteria.blocked is not None:
        query = query.filter(blocked=criteria.blocked)
    return query


async def existing_contact(
    errors: ErrorCollector, no: str | None, *field: str | int
) -> Contact | None:
    """Resolve a contact number named in an input (blank: none), recording NOT_FOUND."""
    return await existing(errors, Contact, "Contact", no, *field, key="no")
