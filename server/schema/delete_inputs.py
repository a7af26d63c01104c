"""Inputs of the mutations that name one record by its key: deletes and token revocation.

API.md: every mutation takes one argument `input: <Mutation>Input!`, so that fields can be added
without breaking clients and error paths read `["input", "<field>"]` everywhere.
"""

from __future__ import annotations

import strawberry

#: The argument of these mutations.
KEY = strawberry.argument(description="Which record.")


@strawberry.input(description="Which campaign to delete (C5: nothing may refer to it).")
class CampaignDeleteInput:
    """Which campaign to delete."""

    no: str = strawberry.field(description="Campaign number.")


@strawberry.input(description="Which contact to delete (nothing may refer to it).")
class ContactDeleteInput:
    """Which contact to delete."""

    no: str = strawberry.field(description="Contact number.")


@strawberry.input(description="Which customer to delete (nothing may refer to it).")
class CustomerDeleteInput:
    """Which customer to delete."""

    no: str = strawberry.field(description="Customer number.")


@strawberry.input(description="Which item to delete (nothing may refer to it).")
class ItemDeleteInput:
    """Which item to delete."""

    no: str = strawberry.field(description="Item number.")


@strawberry.input(description="Which salesperson to delete (nothing may refer to them).")
class SalespersonDeleteInput:
    """Which salesperson to delete."""

    code: str = strawberry.field(description="Salesperson code.")


@strawberry.input(description="Which team to delete (nothing may refer to it).")
class TeamDeleteInput:
    """Which team to delete."""

    code: str = strawberry.field(description="Team code.")


@strawberry.input(description="Which campaign status to delete (no campaign may have it).")
class CampaignStatusDeleteInput:
    """Which campaign status to delete."""

    code: str = strawberry.field(description="Status code.")


@strawberry.input(description="Which interaction group to delete (nothing may refer to it).")
class InteractionGroupDeleteInput:
    """Which interaction group to delete."""

    code: str = strawberry.field(description="Interaction group code.")


@strawberry.input(description="Which interaction template to delete (nothing may refer to it).")
class InteractionTemplateDeleteInput:
    """Which interaction template to delete."""

    code: str = strawberry.field(description="Interaction template code.")


@strawberry.input(description="Which customer price group to delete (no customer may use it).")
class CustomerPriceGroupDeleteInput:
    """Which customer price group to delete."""

    code: str = strawberry.field(description="Group code.")


@strawberry.input(description="Which customer discount group to delete (no customer may use it).")
class CustomerDiscountGroupDeleteInput:
    """Which customer discount group to delete."""

    code: str = strawberry.field(description="Group code.")


@strawberry.input(description="Which item discount group to delete (no item may use it).")
class ItemDiscountGroupDeleteInput:
    """Which item discount group to delete."""

    code: str = strawberry.field(description="Group code.")


@strawberry.input(description="Which API token to revoke.")
class ApiTokenRevokeInput:
    """Which API token to revoke."""

    id: strawberry.ID = strawberry.field(description="Token ID.")
