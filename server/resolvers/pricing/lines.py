"""Price lines, discount lines, the target group and activation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from server.engine.lists import Nested
from server.engine.pagination import SortField, SortKeys
from server.engine.reads import InfoLike
from server.models import Campaign, CampaignTarget, DiscountLine, PriceLine
from server.resolvers.ids import decode_id, encode_id
from server.resolvers.mutations import Payload, once, provided, run_mutation
from server.services.core.errors import NotFound
from server.services.pricing import activation as targeting
from server.services.pricing import lines as service

BY_ID = SortKeys(SortField("ID", "id", int))


def _price_lines(info: InfoLike, _filter: object) -> QuerySet[PriceLine]:
    return service.price_lines_query(info.context.service)


def _discount_lines(info: InfoLike, _filter: object) -> QuerySet[DiscountLine]:
    return service.discount_lines_query(info.context.service)


def _targets(info: InfoLike, _filter: object) -> QuerySet[CampaignTarget]:
    return targeting.targets_query(info.context.service)


#: Campaign.priceLines, batched over campaigns.
CAMPAIGN_PRICE_LINES = Nested(_price_lines, "campaign_id", BY_ID)
#: Campaign.discountLines, batched over campaigns.
CAMPAIGN_DISCOUNT_LINES = Nested(_discount_lines, "campaign_id", BY_ID)
#: Campaign.targetGroup, batched over campaigns.
CAMPAIGN_TARGETS = Nested(_targets, "campaign_id", BY_ID)


async def activated(info: InfoLike, row: Campaign) -> bool:
    """Campaign.activated (C4), batched over campaigns (unless read with the campaign)."""
    known = getattr(row, "activated_now", None)
    if known is not None:
        return bool(known)
    ctx = info.context.service

    async def fetch(ids: Sequence[int]) -> dict[int, bool]:
        on = await targeting.activated_campaign_ids(ctx, ids)
        return {i: i in on for i in ids}

    loader = info.context.loaders.keyed("Campaign.activated", fetch, lambda _: False)
    result: bool = await loader.load(row.id)
    return result


async def activation_state(info: InfoLike, row: Campaign) -> targeting.ActivationState:
    """Campaign.activationState: the activation asked for, and whether targets hold it."""
    return targeting.activation_state(row.activation_requested, await activated(info, row))


def _line_id(global_id: str, type_name: str, entity: str) -> int:
    kind, pk = decode_id(global_id)
    if kind != type_name or not pk.isdigit():
        raise NotFound(entity, global_id, ("id",))
    return int(pk)


async def price_line_create(info: InfoLike, data: object) -> Payload:
    """Mutation.priceLineCreate."""
    draft = service.PriceLineDraft(**provided(data))
    return await run_mutation(
        "price_line",
        lambda: service.create_price_line(info.context.service, draft),
        guard=once(info.context, "priceLineCreate", data),
    )


async def price_line_update(info: InfoLike, data: object) -> Payload:
    """Mutation.priceLineUpdate."""
    values = provided(data)
    global_id = values.pop("id")
    changes = service.PriceLineChanges(**values)

    async def update() -> PriceLine:
        line_id = _line_id(global_id, "PriceLine", "Price line")
        return await service.update_price_line(info.context.service, line_id, changes)

    return await run_mutation("price_line", update)


async def price_line_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.priceLineDelete."""
    global_id = provided(data)["id"]

    async def delete() -> PriceLine:
        line_id = _line_id(global_id, "PriceLine", "Price line")
        return await service.delete_price_line(info.context.service, line_id)

    def shape(row: PriceLine) -> dict[str, Any]:
        return {"deleted_id": encode_id("PriceLine", row.pk)}

    return await run_mutation("price_line", delete, shape)


async def discount_line_create(info: InfoLike, data: object) -> Payload:
    """Mutation.discountLineCreate."""
    draft = service.DiscountLineDraft(**provided(data))
    return await run_mutation(
        "discount_line",
        lambda: service.create_discount_line(info.context.service, draft),
        guard=once(info.context, "discountLineCreate", data),
    )


async def discount_line_update(info: InfoLike, data: object) -> Payload:
    """Mutation.discountLineUpdate."""
    values = provided(data)
    global_id = values.pop("id")
    changes = service.DiscountLineChanges(**values)

    async def update() -> DiscountLine:
        line_id = _line_id(global_id, "DiscountLine", "Discount line")
        return await service.update_discount_line(info.context.service, line_id, changes)

    return await run_mutation("discount_line", update)


async def discount_line_delete(info: InfoLike, data: object) -> Payload:
    """Mutation.discountLineDelete."""
    global_id = provided(data)["id"]

    async def delete() -> DiscountLine:
        line_id = _line_id(global_id, "DiscountLine", "Discount line")
        return await service.delete_discount_line(info.context.service, line_id)

    def shape(row: DiscountLine) -> dict[str, Any]:
        return {"deleted_id": encode_id("DiscountLine", row.pk)}

    return await run_mutation("discount_line", delete, shape)


def _activation(result: targeting.ActivationResult) -> dict[str, Any]:
    return {
        "campaign": result.campaign,
        "targeted_customers": result.customers,
        "targeted_contacts": result.contacts,
    }


async def activate(info: InfoLike, data: object) -> Payload:
    """Mutation.campaignPricingActivate."""
    values = provided(data)
    return await run_mutation(
        "campaign",
        lambda: targeting.activate(
            info.context.service,
            values["campaign_no"],
            allow_without_pricing=bool(values.get("allow_without_pricing")),
        ),
        _activation,
    )


async def deactivate(info: InfoLike, data: object) -> Payload:
    """Mutation.campaignPricingDeactivate."""
    values = provided(data)
    return await run_mutation(
        "campaign",
        lambda: targeting.deactivate(info.context.service, values["campaign_no"]),
        _activation,
    )
