"""Assembles the schema with its extensions."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError, GraphQLObjectType
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from server.engine.executor import BatchedExecutionContext, batched
from server.engine.library import core_schema
from server.schema.accounts.types import ApiToken, User
from server.schema.activities.types import Activity, Task
from server.schema.campaigns.types import Campaign
from server.schema.common import node_ids, to_one_batches
from server.schema.contacts.types import Contact
from server.schema.customers.types import Customer
from server.schema.errors import ErrorPolicy
from server.schema.guard import GuardExtension
from server.schema.interactions.templates import InteractionGroup, InteractionTemplate
from server.schema.interactions.types import CampaignEntry, Interaction, LoggedSegment
from server.schema.items.types import Item, ItemUnitOfMeasure
from server.schema.mutation import Mutation
from server.schema.observed import OperationMetrics
from server.schema.opportunities.types import Opportunity, SalesCycle
from server.schema.pricing.groups import (
    CustomerDiscountGroup,
    CustomerPriceGroup,
    ItemDiscountGroup,
)
from server.schema.pricing.types import CampaignTarget, DiscountLine, PriceLine
from server.schema.query import Query
from server.schema.sales.types import SalesDocument, SalesLine
from server.schema.scalars import SCALAR_MAP
from server.schema.segments.types import Segment, SegmentLine
from server.schema.setup.types import CampaignStatus, Salesperson, Team
from server.schema.subscription import Subscription
from server.settings import BATCH_CEILING

#: Every type implementing Node (node(id:) resolves them; a test keeps this list complete).
NODE_TYPES = [
    SalesDocument,
    SalesLine,
    CampaignTarget,
    DiscountLine,
    PriceLine,
    Activity,
    Task,
    Opportunity,
    SalesCycle,
    ApiToken,
    Campaign,
    CampaignEntry,
    CampaignStatus,
    Contact,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    Interaction,
    InteractionGroup,
    InteractionTemplate,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
    LoggedSegment,
    Salesperson,
    Segment,
    SegmentLine,
    Team,
    User,
]


class CampaignGraphSchema(strawberry.Schema):
    """Our schema: errors are logged by ErrorPolicy (with request id), not by Strawberry."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


schema = CampaignGraphSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=NODE_TYPES,
    extensions=[OperationMetrics, ErrorPolicy, GuardExtension],
    execution_context_class=BatchedExecutionContext,
    config=StrawberryConfig(
        batching_config={"max_operations": BATCH_CEILING}, scalar_map=SCALAR_MAP
    ),
)

# Every Node type's `id` has a batched form (schema/common.py: node_ids), and so has every
# many-to-one field made with `to_one`.
for _type in core_schema(schema).type_map.values():
    if isinstance(_type, GraphQLObjectType) and any(i.name == "Node" for i in _type.interfaces):
        batched(_type.name, "id")(node_ids(_type.name))
    if isinstance(_type, GraphQLObjectType):
        for _name, _field in _type.fields.items():
            _definition = _field.extensions.get("strawberry-definition")
            _resolver = getattr(_definition, "base_resolver", None)
            _to_one = getattr(getattr(_resolver, "wrapped_func", None), "to_one", None)
            if _to_one is not None:
                batched(_type.name, _name)(to_one_batches(*_to_one))
