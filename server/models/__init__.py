"""Tortoise models, one module per area (the same names as services/, resolvers/, schema/),
plus `core` for the kernel's records; no logic beyond field constraints. Imports nothing else
of the server."""

from server.models.accounts import (
    ApiToken,
    Role,
    TrustedDocument,
    TrustedDocumentRegistry,
    TrustedDocumentRelease,
    User,
)
from server.models.activities import (
    Activity,
    ActivityStep,
    Priority,
    Task,
    TaskAttendee,
    TaskStatus,
    TaskType,
)
from server.models.campaigns import Campaign
from server.models.contacts import Contact, ContactType
from server.models.core import AMOUNT_PLACES, BrokerEvent, IdempotencyRecord, NumberSeries
from server.models.customers import Customer
from server.models.interactions import (
    CampaignEntry,
    CorrespondenceType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    Interaction,
    InteractionGroup,
    InteractionTemplate,
    LoggedSegment,
)
from server.models.items import Item, ItemUnitOfMeasure
from server.models.opportunities import (
    ActionTaken,
    Opportunity,
    OpportunityEntry,
    OpportunityStatus,
    ProbabilityCalculation,
    SalesCycle,
    SalesCycleStage,
)
from server.models.pricing import (
    CampaignTarget,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    ItemDiscountGroup,
    PriceLine,
    PriceSourceType,
    TargetType,
)
from server.models.sales import SalesDocument, SalesDocumentType, SalesLine, SalesLineSource
from server.models.segments import Segment, SegmentLine, SegmentStatus
from server.models.setup import CampaignStatus, Salesperson, Team

__all__ = [
    "AMOUNT_PLACES",
    "ActionTaken",
    "Activity",
    "ActivityStep",
    "ApiToken",
    "BrokerEvent",
    "Campaign",
    "CampaignEntry",
    "CampaignStatus",
    "CampaignTarget",
    "Contact",
    "ContactType",
    "CorrespondenceType",
    "Customer",
    "CustomerDiscountGroup",
    "CustomerPriceGroup",
    "DiscountLine",
    "DiscountSourceType",
    "DiscountType",
    "Evaluation",
    "IdempotencyRecord",
    "InformationFlow",
    "InitiatedBy",
    "Interaction",
    "InteractionGroup",
    "InteractionTemplate",
    "Item",
    "ItemDiscountGroup",
    "ItemUnitOfMeasure",
    "LoggedSegment",
    "NumberSeries",
    "Opportunity",
    "OpportunityEntry",
    "OpportunityStatus",
    "PriceLine",
    "PriceSourceType",
    "Priority",
    "ProbabilityCalculation",
    "Role",
    "SalesCycle",
    "SalesCycleStage",
    "SalesDocument",
    "SalesDocumentType",
    "SalesLine",
    "SalesLineSource",
    "Salesperson",
    "Segment",
    "SegmentLine",
    "SegmentStatus",
    "TargetType",
    "Task",
    "TaskAttendee",
    "TaskStatus",
    "TaskType",
    "Team",
    "TrustedDocument",
    "TrustedDocumentRegistry",
    "TrustedDocumentRelease",
    "User",
]
