"""The root Query type, assembled from the areas' root fields.

The order of the bases is the order of the fields in the schema (and in schema.graphql).
"""

from __future__ import annotations

import strawberry

from server.schema.accounts.root import AccountQueries
from server.schema.activities.root import ActivityQueries
from server.schema.campaigns.root import CampaignQueries
from server.schema.contacts.root import ContactQueries
from server.schema.customers.root import CustomerQueries
from server.schema.interactions.root import InteractionQueries, InteractionTemplateQueries
from server.schema.items.root import ItemQueries
from server.schema.node import NodeQueries
from server.schema.opportunities.root import OpportunityQueries
from server.schema.pricing.root import PriceExplanationQueries, PricingQueries
from server.schema.sales.root import SalesQueries
from server.schema.segments.root import SegmentQueries
from server.schema.setup.root import SetupQueries


@strawberry.type(description="Everything that can be read.")
class Query(
    CustomerQueries,
    ItemQueries,
    PricingQueries,
    SegmentQueries,
    InteractionQueries,
    ActivityQueries,
    OpportunityQueries,
    SalesQueries,
    PriceExplanationQueries,
    NodeQueries,
    CampaignQueries,
    ContactQueries,
    SetupQueries,
    InteractionTemplateQueries,
    AccountQueries,
):
    """Everything that can be read."""
