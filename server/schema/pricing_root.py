"""Root mutations for prices, discounts and activation, mixed into Mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server.resolvers.mutations import Payload
from server.resolvers.pricing import lines as pricing
from server.schema.pricing import types as p

ARG = strawberry.argument(description="What to do.")


@strawberry.type(description="Campaign prices, line discounts and activation.")
class PricingMutations:
    """Campaign prices, line discounts and activation."""

    @strawberry.mutation(description="Create a sales price.", graphql_type=p.PriceLineCreatePayload)
    async def price_line_create(
        self, info: Info, input: Annotated[p.PriceLineCreateInput, ARG]
    ) -> Payload:
        return await pricing.price_line_create(info, input)

    @strawberry.mutation(description="Change a sales price.", graphql_type=p.PriceLineUpdatePayload)
    async def price_line_update(
        self, info: Info, input: Annotated[p.PriceLineUpdateInput, ARG]
    ) -> Payload:
        return await pricing.price_line_update(info, input)

    @strawberry.mutation(description="Delete a sales price.", graphql_type=p.PriceLineDeletePayload)
    async def price_line_delete(
        self, info: Info, input: Annotated[p.PriceLineDeleteInput, ARG]
    ) -> Payload:
        return await pricing.price_line_delete(info, input)

    @strawberry.mutation(
        description="Create a line discount.", graphql_type=p.DiscountLineCreatePayload
    )
    async def discount_line_create(
        self, info: Info, input: Annotated[p.DiscountLineCreateInput, ARG]
    ) -> Payload:
        return await pricing.discount_line_create(info, input)

    @strawberry.mutation(
        description="Change a line discount.", graphql_type=p.DiscountLineUpdatePayload
    )
    async def discount_line_update(
        self, info: Info, input: Annotated[p.DiscountLineUpdateInput, ARG]
    ) -> Payload:
        return await pricing.discount_line_update(info, input)

    @strawberry.mutation(
        description="Delete a line discount.", graphql_type=p.DiscountLineDeletePayload
    )
    async def discount_line_delete(
        self, info: Info, input: Annotated[p.DiscountLineDeleteInput, ARG]
    ) -> Payload:
        return await pricing.discount_line_delete(info, input)

    @strawberry.mutation(
        description="Activate a campaign's prices and discounts for its targets (A1-A5).",
        graphql_type=p.CampaignPricingActivatePayload,
    )
    async def campaign_pricing_activate(
        self, info: Info, input: Annotated[p.CampaignPricingActivateInput, ARG]
    ) -> Payload:
        return await pricing.activate(info, input)

    @strawberry.mutation(
        description="Deactivate a campaign: its target group goes, its prices stay (A6).",
        graphql_type=p.CampaignPricingDeactivatePayload,
    )
    async def campaign_pricing_deactivate(
        self, info: Info, input: Annotated[p.CampaignPricingDeactivateInput, ARG]
    ) -> Payload:
        return await pricing.deactivate(info, input)
