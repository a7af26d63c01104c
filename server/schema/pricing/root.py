"""The pricing area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server import models
from server.resolvers import sales as sales_resolvers
from server.resolvers.mutations import Payload
from server.resolvers.pricing import groups
from server.resolvers.pricing import lines as pricing_resolvers
from server.schema.common import ARG, KEY
from server.schema.pricing import groups as group_types
from server.schema.pricing import types as pricing_types
from server.schema.pricing.explanation import PriceExplanation

CODE = strawberry.argument(description="Group code.")


@strawberry.type(description="Customer price and discount groups and item discount groups.")
class PricingQueries:
    """Customer price and discount groups and item discount groups."""

    @strawberry.field(
        description="All customer price groups by code.",
        graphql_type=list[group_types.CustomerPriceGroup],
    )
    async def customer_price_groups(self, info: Info) -> list[models.CustomerPriceGroup]:
        return await groups.groups(info, models.CustomerPriceGroup)

    @strawberry.field(
        description="One customer price group by code.",
        graphql_type=group_types.CustomerPriceGroup | None,
    )
    async def customer_price_group(
        self, info: Info, code: Annotated[str, CODE]
    ) -> models.CustomerPriceGroup | None:
        return await groups.group(info, models.CustomerPriceGroup, code)

    @strawberry.field(
        description="All customer discount groups by code.",
        graphql_type=list[group_types.CustomerDiscountGroup],
    )
    async def customer_discount_groups(self, info: Info) -> list[models.CustomerDiscountGroup]:
        return await groups.groups(info, models.CustomerDiscountGroup)

    @strawberry.field(
        description="One customer discount group by code.",
        graphql_type=group_types.CustomerDiscountGroup | None,
    )
    async def customer_discount_group(
        self, info: Info, code: Annotated[str, CODE]
    ) -> models.CustomerDiscountGroup | None:
        return await groups.group(info, models.CustomerDiscountGroup, code)

    @strawberry.field(
        description="All item discount groups by code.",
        graphql_type=list[group_types.ItemDiscountGroup],
    )
    async def item_discount_groups(self, info: Info) -> list[models.ItemDiscountGroup]:
        return await groups.groups(info, models.ItemDiscountGroup)

    @strawberry.field(
        description="One item discount group by code.",
        graphql_type=group_types.ItemDiscountGroup | None,
    )
    async def item_discount_group(
        self, info: Info, code: Annotated[str, CODE]
    ) -> models.ItemDiscountGroup | None:
        return await groups.group(info, models.ItemDiscountGroup, code)


@strawberry.type(description="Groups, campaign prices, line discounts and activation.")
class PricingMutations:
    """Groups, campaign prices, line discounts and activation."""

    @strawberry.mutation(
        description="Create a customer price group.",
        graphql_type=group_types.CustomerPriceGroupCreatePayload,
    )
    async def customer_price_group_create(
        self, info: Info, input: Annotated[group_types.CustomerPriceGroupCreateInput, ARG]
    ) -> Payload:
        return await groups.create(info, models.CustomerPriceGroup, input)

    @strawberry.mutation(
        description="Change a customer price group.",
        graphql_type=group_types.CustomerPriceGroupUpdatePayload,
    )
    async def customer_price_group_update(
        self, info: Info, input: Annotated[group_types.CustomerPriceGroupUpdateInput, ARG]
    ) -> Payload:
        return await groups.update(info, models.CustomerPriceGroup, input)

    @strawberry.mutation(
        description="Delete a customer price group no customer uses.",
        graphql_type=group_types.CustomerPriceGroupDeletePayload,
    )
    async def customer_price_group_delete(
        self, info: Info, input: Annotated[group_types.CustomerPriceGroupDeleteInput, KEY]
    ) -> Payload:
        return await groups.delete(info, models.CustomerPriceGroup, input.code)

    @strawberry.mutation(
        description="Create a customer discount group.",
        graphql_type=group_types.CustomerDiscountGroupCreatePayload,
    )
    async def customer_discount_group_create(
        self, info: Info, input: Annotated[group_types.CustomerDiscountGroupCreateInput, ARG]
    ) -> Payload:
        return await groups.create(info, models.CustomerDiscountGroup, input)

    @strawberry.mutation(
        description="Change a customer discount group.",
        graphql_type=group_types.CustomerDiscountGroupUpdatePayload,
    )
    async def customer_discount_group_update(
        self, info: Info, input: Annotated[group_types.CustomerDiscountGroupUpdateInput, ARG]
    ) -> Payload:
        return await groups.update(info, models.CustomerDiscountGroup, input)

    @strawberry.mutation(
        description="Delete a customer discount group no customer uses.",
        graphql_type=group_types.CustomerDiscountGroupDeletePayload,
    )
    async def customer_discount_group_delete(
        self, info: Info, input: Annotated[group_types.CustomerDiscountGroupDeleteInput, KEY]
    ) -> Payload:
        return await groups.delete(info, models.CustomerDiscountGroup, input.code)

    @strawberry.mutation(
        description="Create an item discount group.",
        graphql_type=group_types.ItemDiscountGroupCreatePayload,
    )
    async def item_discount_group_create(
        self, info: Info, input: Annotated[group_types.ItemDiscountGroupCreateInput, ARG]
    ) -> Payload:
        return await groups.create(info, models.ItemDiscountGroup, input)

    @strawberry.mutation(
        description="Change an item discount group.",
        graphql_type=group_types.ItemDiscountGroupUpdatePayload,
    )
    async def item_discount_group_update(
        self, info: Info, input: Annotated[group_types.ItemDiscountGroupUpdateInput, ARG]
    ) -> Payload:
        return await groups.update(info, models.ItemDiscountGroup, input)

    @strawberry.mutation(
        description="Delete an item discount group no item uses.",
        graphql_type=group_types.ItemDiscountGroupDeletePayload,
    )
    async def item_discount_group_delete(
        self, info: Info, input: Annotated[group_types.ItemDiscountGroupDeleteInput, KEY]
    ) -> Payload:
        return await groups.delete(info, models.ItemDiscountGroup, input.code)

    @strawberry.mutation(
        description="Create a sales price.", graphql_type=pricing_types.PriceLineCreatePayload
    )
    async def price_line_create(
        self, info: Info, input: Annotated[pricing_types.PriceLineCreateInput, ARG]
    ) -> Payload:
        return await pricing_resolvers.price_line_create(info, input)

    @strawberry.mutation(
        description="Change a sales price.", graphql_type=pricing_types.PriceLineUpdatePayload
    )
    async def price_line_update(
        self, info: Info, input: Annotated[pricing_types.PriceLineUpdateInput, ARG]
    ) -> Payload:
        return await pricing_resolvers.price_line_update(info, input)

    @strawberry.mutation(
        description="Delete a sales price.", graphql_type=pricing_types.PriceLineDeletePayload
    )
    async def price_line_delete(
        self, info: Info, input: Annotated[pricing_types.PriceLineDeleteInput, ARG]
    ) -> Payload:
        return await pricing_resolvers.price_line_delete(info, input)

    @strawberry.mutation(
        description="Create a line discount.", graphql_type=pricing_types.DiscountLineCreatePayload
    )
    async def discount_line_create(
        self, info: Info, input: Annotated[pricing_types.DiscountLineCreateInput, ARG]
    ) -> Payload:
        return await pricing_resolvers.discount_line_create(info, input)

    @strawberry.mutation(
        description="Change a line discount.", graphql_type=pricing_types.DiscountLineUpdatePayload
    )
    async def discount_line_update(
        self, info: Info, input: Annotated[pricing_types.DiscountLineUpdateInput, ARG]
    ) -> Payload:
        return await pricing_resolvers.discount_line_update(info, input)

    @strawberry.mutation(
        description="Delete a line discount.", graphql_type=pricing_types.DiscountLineDeletePayload
    )
    async def discount_line_delete(
        self, info: Info, input: Annotated[pricing_types.DiscountLineDeleteInput, ARG]
    ) -> Payload:
        return await pricing_resolvers.discount_line_delete(info, input)

    @strawberry.mutation(
        description="Activate a campaign's prices and discounts for its targets (A1-A5).",
        graphql_type=pricing_types.CampaignPricingActivatePayload,
    )
    async def campaign_pricing_activate(
        self, info: Info, input: Annotated[pricing_types.CampaignPricingActivateInput, ARG]
    ) -> Payload:
        return await pricing_resolvers.activate(info, input)

    @strawberry.mutation(
        description="Deactivate a campaign: its target group goes, its prices stay (A6).",
        graphql_type=pricing_types.CampaignPricingDeactivatePayload,
    )
    async def campaign_pricing_deactivate(
        self, info: Info, input: Annotated[pricing_types.CampaignPricingDeactivateInput, ARG]
    ) -> Payload:
        return await pricing_resolvers.deactivate(info, input)


@strawberry.type(description="The price explanation.")
class PriceExplanationQueries:
    """The price explanation."""

    @strawberry.field(
        description="How a quote line for this customer or contact would be priced, with every "
        "price and discount agreement considered and why it won or not (DOMAIN P8). Give a "
        "customer, a contact, or both.",
        graphql_type=PriceExplanation,
    )
    async def price_explanation(
        self,
        info: Info,
        item_no: Annotated[str, strawberry.argument(description="The item.")],
        quantity: Annotated[Decimal, strawberry.argument(description="Quantity (> 0).")],
        date: Annotated[date, strawberry.argument(description="The pricing date.")],
        customer_no: Annotated[
            str | None, strawberry.argument(description="Bill-to customer.")
        ] = None,
        contact_no: Annotated[
            str | None, strawberry.argument(description="Contact (a prospect's).")
        ] = None,
        unit_of_measure: Annotated[
            str | None, strawberry.argument(description="Unit (default the item's base unit).")
        ] = None,
    ) -> Any:
        return await sales_resolvers.price_explanation(
            info,
            customer_no=customer_no,
            contact_no=contact_no,
            item_no=item_no,
            quantity=quantity,
            unit_of_measure=unit_of_measure,
            date=date,
        )
