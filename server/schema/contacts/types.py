"""The Contact type, its filter, ordering, inputs and payloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from server import models
from server.engine.columns import reads
from server.engine.executor import batched
from server.resolvers import activities as activity_resolvers
from server.resolvers import contacts as resolve
from server.resolvers import customers
from server.resolvers import opportunities as sales
from server.resolvers import segments as segment_lists
from server.resolvers.interactions import ledger
from server.schema.common import IdempotentInput, Node, UserError, served_from
from server.schema.connection import connection, order_input
from server.schema.enums import ContactType
from server.schema.interactions.filter import InteractionFilter, InteractionOrder
from server.schema.setup.types import Salesperson

if TYPE_CHECKING:
    from server.schema.activities.types import Task
    from server.schema.customers.types import Customer
    from server.schema.interactions.types import Interaction
    from server.schema.opportunities.types import Opportunity
    from server.schema.segments.types import Segment

U = strawberry.UNSET
_LEDGER = "server.schema.interactions.types"
CustomerRef = Annotated["Customer", strawberry.lazy("server.schema.customers.types")]
SegmentRef = Annotated["Segment", strawberry.lazy("server.schema.segments.types")]
InteractionRef = Annotated["Interaction", strawberry.lazy(_LEDGER)]

TaskRef = Annotated["Task", strawberry.lazy("server.schema.activities.types")]
OpportunityRef = Annotated["Opportunity", strawberry.lazy("server.schema.opportunities.types")]


@strawberry.type(description="A company or a person; a person may belong to one company.")
class Contact(Node):
    """A contact."""

    no: str = strawberry.field(description="Contact number (e.g. CT00001), unique, immutable.")
    type: ContactType = strawberry.field(description="Company or person.")
    name: str = strawberry.field(description="Company name or the person's full name.")
    email: str | None = strawberry.field(description="E-mail address.")
    phone: str | None = strawberry.field(description="Phone number.")
    address: str | None = strawberry.field(description="Address, first line.")
    address_2: str | None = strawberry.field(description="Address, second line.")
    city: str | None = strawberry.field(description="City.")
    post_code: str | None = strawberry.field(description="Post code.")
    country_code: str | None = strawberry.field(description="Country/region code (e.g. GB).")
    job_title: str | None = strawberry.field(description="A person's job title.")
    blocked: bool = strawberry.field(
        description="Blocked contacts are skipped when segments add contacts by filter."
    )

    @strawberry.field(
        description="The company contact: for a person the company it belongs to (null if "
        "none), for a company the company itself.",
        graphql_type="Contact | None",
    )
    async def company(
        self, root: strawberry.Parent[models.Contact], info: Info
    ) -> models.Contact | None:
        return await resolve.company(info, root)

    @strawberry.field(
        description="Salesperson responsible for the contact.", graphql_type=Salesperson | None
    )
    async def salesperson(
        self, root: strawberry.Parent[models.Contact], info: Info
    ) -> models.Salesperson | None:
        return await resolve.salesperson(info, root)

    @strawberry.field(
        description="The customer linked to this company contact (the business relation); "
        "null if none, always null for a person.",
        graphql_type=CustomerRef | None,
    )
    async def customer(
        self, root: strawberry.Parent[models.Contact], info: Info
    ) -> models.Customer | None:
        return await customers.customer_of_contact(info, root)

    persons = connection(
        "Contact", "A company's persons, by number (empty for a person).", resolve.PERSONS
    )
    segments = connection(
        SegmentRef, "The segments the contact is in, oldest first.", segment_lists.CONTACT_SEGMENTS
    )
    interactions = connection(
        InteractionRef,
        "The contact's interactions, filtered and sorted (default: entry order).",
        ledger.CONTACT_INTERACTIONS,
        filter=(InteractionFilter, "Which interactions."),
        order=(InteractionOrder, "Sort keys."),
    )
    tasks = connection(
        TaskRef, "Its tasks, by number (or as sorted).", activity_resolvers.CONTACT_TASKS
    )
    opportunities = connection(
        OpportunityRef, "Its opportunities, by number.", sales.CONTACT_OPPORTUNITIES
    )

    is_type_of = served_from(models.Contact)


reads(models.Contact, interactions="id")  # what its resolver reads (engine/columns)


# Contact.interactions for a whole batch of contacts at once (batched execution).
batched("Contact", "interactions")(ledger.CONTACT_INTERACTIONS.pages)


@strawberry.input(
    description="Which contacts to list; every given criterion must hold (blank texts: any)."
)
class ContactFilter:
    """Which contacts to list."""

    type: ContactType | None = strawberry.field(default=U, description="Only companies or persons.")
    salesperson_codes: list[str] | None = strawberry.field(
        default=U, description="Only contacts of one of these salespeople."
    )
    company_no: str | None = strawberry.field(
        default=U, description="The company with this number and its persons."
    )
    city: str | None = strawberry.field(default=U, description="City, exactly but ignoring case.")
    country_code: str | None = strawberry.field(default=U, description="Country/region code.")
    search: str | None = strawberry.field(
        default=U, description="Text contained in the name or number (case-insensitive)."
    )
    blocked: bool | None = strawberry.field(
        default=U, description="Only blocked (true) or only unblocked (false) contacts."
    )


ContactOrder = order_input(
    "ContactOrder",
    resolve.SORT,
    description="One sort key for contacts.",
    fields="What contacts can be sorted by (ties broken by number).",
)


@strawberry.input(description="A new contact.")
class ContactCreateInput(IdempotentInput):
    """A new contact."""

    no: str | None = strawberry.field(
        default=U, description="Contact number; blank = next from the number series."
    )
    type: ContactType = strawberry.field(description="Company or person.")
    name: str = strawberry.field(description="Name, 1-100 characters.")
    company_no: str | None = strawberry.field(
        default=U, description="For a person: number of the company contact it belongs to."
    )
    email: str | None = strawberry.field(default=U, description="E-mail address.")
    phone: str | None = strawberry.field(default=U, description="Phone number (up to 30).")
    address: str | None = strawberry.field(default=U, description="Address, first line.")
    address_2: str | None = strawberry.field(default=U, description="Address, second line.")
    city: str | None = strawberry.field(default=U, description="City (up to 50).")
    post_code: str | None = strawberry.field(default=U, description="Post code (up to 20).")
    country_code: str | None = strawberry.field(
        default=U, description="Country/region code (up to 10; stored upper-case)."
    )
    salesperson_code: str | None = strawberry.field(
        default=U, description="Responsible salesperson (not blocked)."
    )
    job_title: str | None = strawberry.field(default=U, description="A person's job title.")
    blocked: bool | None = strawberry.field(default=U, description="Blocked contact.")


@strawberry.input(description="Changes to a contact; omitted fields stay, null clears.")
class ContactUpdateInput:
    """Changes to a contact."""

    no: str = strawberry.field(description="Which contact (the number cannot change).")
    type: ContactType | None = strawberry.field(
        default=U,
        description="New type; a company with persons cannot become a person, a person "
        "becoming a company leaves its company.",
    )
    name: str | None = strawberry.field(default=U, description="New name.")
    company_no: str | None = strawberry.field(
        default=U, description="For a person: the new company (null: none)."
    )
    email: str | None = strawberry.field(default=U, description="New e-mail address.")
    phone: str | None = strawberry.field(default=U, description="New phone number.")
    address: str | None = strawberry.field(default=U, description="New address, first line.")
    address_2: str | None = strawberry.field(default=U, description="New address, second line.")
    city: str | None = strawberry.field(default=U, description="New city.")
    post_code: str | None = strawberry.field(default=U, description="New post code.")
    country_code: str | None = strawberry.field(default=U, description="New country/region code.")
    salesperson_code: str | None = strawberry.field(
        default=U, description="New responsible salesperson."
    )
    job_title: str | None = strawberry.field(default=U, description="New job title.")
    blocked: bool | None = strawberry.field(default=U, description="Block or unblock.")


@strawberry.type(description="Result of a contact mutation.")
class ContactPayload:
    """Result of a contact mutation."""

    contact: Contact | None = strawberry.field(description="The contact, if saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing changed (empty on success)."
    )


@strawberry.type(description="Result of creating a contact.")
class ContactCreatePayload(ContactPayload):
    """Result of creating a contact."""


@strawberry.type(description="Result of changing a contact.")
class ContactUpdatePayload(ContactPayload):
    """Result of changing a contact."""


@strawberry.type(description="Result of deleting a contact.")
class ContactDeletePayload(ContactPayload):
    """Result of deleting a contact."""

    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted contact.")


@strawberry.input(description="Which contact to delete (nothing may refer to it).")
class ContactDeleteInput:
    """Which contact to delete."""

    no: str = strawberry.field(description="Contact number.")
