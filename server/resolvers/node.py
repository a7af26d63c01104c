"""Relay `node(id:)` / `nodes(ids:)`: any entity by its opaque global ID."""

from __future__ import annotations

import asyncio
from typing import Any

from tortoise.models import Model

from server.engine.problems import bad_input
from server.engine.reads import InfoLike
from server.models import (
    Activity,
    ApiToken,
    Campaign,
    CampaignEntry,
    CampaignStatus,
    CampaignTarget,
    Contact,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    DiscountLine,
    Interaction,
    InteractionGroup,
    InteractionTemplate,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
    LoggedSegment,
    Opportunity,
    PriceLine,
    SalesCycle,
    SalesDocument,
    SalesLine,
    Salesperson,
    Segment,
    SegmentLine,
    Task,
    Team,
    User,
)
from server.resolvers.ids import decode_id

#: GraphQL type name -> model; every Node type must be listed (a test checks it).
NODE_MODELS: dict[str, type[Model]] = {
    "SalesDocument": SalesDocument,
    "SalesLine": SalesLine,
    "CampaignTarget": CampaignTarget,
    "DiscountLine": DiscountLine,
    "PriceLine": PriceLine,
    "Activity": Activity,
    "Task": Task,
    "Opportunity": Opportunity,
    "SalesCycle": SalesCycle,
    "ApiToken": ApiToken,
    "Campaign": Campaign,
    "CampaignEntry": CampaignEntry,
    "CampaignStatus": CampaignStatus,
    "Contact": Contact,
    "Customer": Customer,
    "CustomerDiscountGroup": CustomerDiscountGroup,
    "CustomerPriceGroup": CustomerPriceGroup,
    "Interaction": Interaction,
    "InteractionGroup": InteractionGroup,
    "InteractionTemplate": InteractionTemplate,
    "Item": Item,
    "ItemDiscountGroup": ItemDiscountGroup,
    "ItemUnitOfMeasure": ItemUnitOfMeasure,
    "LoggedSegment": LoggedSegment,
    "Salesperson": Salesperson,
    "Segment": Segment,
    "SegmentLine": SegmentLine,
    "Team": Team,
    "User": User,
}

MAX_NODES = 100


async def node(info: InfoLike, global_id: str) -> Any:
    """The object with this ID, or null when it does not exist (or never could)."""
    type_name, raw_pk = decode_id(global_id)
    model = NODE_MODELS.get(type_name)
    if model is None or not raw_pk.isdigit():
        return None
    return await info.context.loaders.by_id(model).load(int(raw_pk))


async def nodes(info: InfoLike, global_ids: list[str]) -> list[Any]:
    """Several objects by ID, in the order asked (null for each unknown one)."""
    if len(global_ids) > MAX_NODES:
        raise bad_input(f"`ids` may hold at most {MAX_NODES} IDs.", "ids")
    return list(await asyncio.gather(*(node(info, gid) for gid in global_ids)))
