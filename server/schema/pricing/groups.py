"""Customer price groups, customer discount groups and item discount groups."""

from __future__ import annotations

import strawberry

from server import models
from server.schema.common import Node, UserError, served_from

U = strawberry.UNSET


@strawberry.type(description="A group of customers that share sales prices.")
class CustomerPriceGroup(Node):
    """A customer price group."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    description: str = strawberry.field(description="What the group stands for.")

    is_type_of = served_from(models.CustomerPriceGroup)


@strawberry.type(description="A group of customers that share line discounts.")
class CustomerDiscountGroup(Node):
    """A customer discount group."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    description: str = strawberry.field(description="What the group stands for.")

    is_type_of = served_from(models.CustomerDiscountGroup)


@strawberry.type(description="A group of items that share line discounts.")
class ItemDiscountGroup(Node):
    """An item discount group."""

    code: str = strawberry.field(description="Unique code (1-10 characters, upper case).")
    description: str = strawberry.field(description="What the group stands for.")

    is_type_of = served_from(models.ItemDiscountGroup)


# --- inputs --------------------------------------------------------------------------------


@strawberry.input(description="A new customer price group.")
class CustomerPriceGroupCreateInput:
    """A new customer price group."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    description: str = strawberry.field(description="What the group stands for.")


@strawberry.input(description="Changes to a customer price group; omitted fields stay.")
class CustomerPriceGroupUpdateInput:
    """Changes to a customer price group."""

    code: str = strawberry.field(description="Which group (the code cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")


@strawberry.input(description="A new customer discount group.")
class CustomerDiscountGroupCreateInput:
    """A new customer discount group."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    description: str = strawberry.field(description="What the group stands for.")


@strawberry.input(description="Changes to a customer discount group; omitted fields stay.")
class CustomerDiscountGroupUpdateInput:
    """Changes to a customer discount group."""

    code: str = strawberry.field(description="Which group (the code cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")


@strawberry.input(description="A new item discount group.")
class ItemDiscountGroupCreateInput:
    """A new item discount group."""

    code: str = strawberry.field(description="Unique code, 1-10 characters.")
    description: str = strawberry.field(description="What the group stands for.")


@strawberry.input(description="Changes to an item discount group; omitted fields stay.")
class ItemDiscountGroupUpdateInput:
    """Changes to an item discount group."""

    code: str = strawberry.field(description="Which group (the code cannot change).")
    description: str | None = strawberry.field(default=U, description="New description.")


# --- payloads ------------------------------------------------------------------------------

ERRORS = "Why nothing changed (empty on success)."
DELETED = "ID of the deleted group."


@strawberry.type(description="Result of creating a customer price group.")
class CustomerPriceGroupCreatePayload:
    """Result of creating a customer price group."""

    group: CustomerPriceGroup | None = strawberry.field(description="The group, if saved.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of changing a customer price group.")
class CustomerPriceGroupUpdatePayload(CustomerPriceGroupCreatePayload):
    """Result of changing a customer price group."""


@strawberry.type(description="Result of deleting a customer price group.")
class CustomerPriceGroupDeletePayload(CustomerPriceGroupCreatePayload):
    """Result of deleting a customer price group."""

    deleted_id: strawberry.ID | None = strawberry.field(description=DELETED)


@strawberry.type(description="Result of creating a customer discount group.")
class CustomerDiscountGroupCreatePayload:
    """Result of creating a customer discount group."""

    group: CustomerDiscountGroup | None = strawberry.field(description="The group, if saved.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of changing a customer discount group.")
class CustomerDiscountGroupUpdatePayload(CustomerDiscountGroupCreatePayload):
    """Result of changing a customer discount group."""


@strawberry.type(description="Result of deleting a customer discount group.")
class CustomerDiscountGroupDeletePayload(CustomerDiscountGroupCreatePayload):
    """Result of deleting a customer discount group."""

    deleted_id: strawberry.ID | None = strawberry.field(description=DELETED)


@strawberry.type(description="Result of creating an item discount group.")
class ItemDiscountGroupCreatePayload:
    """Result of creating an item discount group."""

    group: ItemDiscountGroup | None = strawberry.field(description="The group, if saved.")
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of changing an item discount group.")
class ItemDiscountGroupUpdatePayload(ItemDiscountGroupCreatePayload):
    """Result of changing an item discount group."""


@strawberry.type(description="Result of deleting an item discount group.")
class ItemDiscountGroupDeletePayload(ItemDiscountGroupCreatePayload):
    """Result of deleting an item discount group."""

    deleted_id: strawberry.ID | None = strawberry.field(description=DELETED)


@strawberry.input(description="Which customer discount group to delete (no customer may use it).")
class CustomerDiscountGroupDeleteInput:
    """Which customer discount group to delete."""

    code: str = strawberry.field(description="Group code.")


@strawberry.input(description="Which customer price group to delete (no customer may use it).")
class CustomerPriceGroupDeleteInput:
    """Which customer price group to delete."""

    code: str = strawberry.field(description="Group code.")


@strawberry.input(description="Which item discount group to delete (no item may use it).")
class ItemDiscountGroupDeleteInput:
    """Which item discount group to delete."""

    code: str = strawberry.field(description="Group code.")
