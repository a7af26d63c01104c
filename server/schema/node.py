"""Relay's root fields `node` and `nodes`: any object by its global ID, mixed into Query."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from server.resolvers import node as node_resolvers
from server.schema.common import Node


@strawberry.type(description="Any object by its global ID.")
class NodeQueries:
    """Any object by its global ID."""

    @strawberry.field(description="Any object by its global ID; null if it does not exist.")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
    ) -> Node | None:
        result: Node | None = await node_resolvers.node(info, id)
        return result

    @strawberry.field(description="Several objects by global ID, in order; null for unknown IDs.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="Up to 100 global IDs.")
        ],
    ) -> list[Node | None]:
        result: list[Node | None] = await node_resolvers.nodes(info, list(ids))
        return result
