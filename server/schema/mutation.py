"""The root Mutation type, assembled from the areas' root fields.

The order of the bases is the order of the fields in the schema (and in schema.graphql).
"""

from __future__ import annotations

import strawberry

from server.schema.accounts.root import AccountMutations
from server.schema.activities.root import ActivityMutations
from server.schema.campaigns.root import CampaignMutations
from server.schema.contacts.root import ContactMutations
from server.schema.customers.root import CustomerMutations
from server.schema.interactions.root import InteractionMutations, InteractionTemplateMutations
from server.schema.items.root import ItemMutations
from server.schema.opportunities.root import OpportunityMutations
from server.schema.pricing.root import PricingMutations
from server.schema.sales.root import SalesMutations
from server.schema.segments.root import SegmentMutations
from server.schema.setup.root import SetupMutations


@strawberry.type(description="Everything that changes data.")
class Mutation(
    CustomerMutations,
    ItemMutations,
    PricingMutations,
    SegmentMutations,
    InteractionMutations,
    ActivityMutations,
    OpportunityMutations,
    SalesMutations,
    CampaignMutations,
    ContactMutations,
    SetupMutations,
    InteractionTemplateMutations,
    AccountMutations,
):
    """Everything that changes data."""
