"""Tortoise models, one module per aggregate; no logic beyond field constraints."""

from server.models.auth import ApiToken, Role, User
from server.models.campaign import Campaign
from server.models.contact import Contact, ContactType
from server.models.customer import Customer, CustomerDiscountGroup, CustomerPriceGroup
from server.models.idempotency import IdempotencyRecord
from server.models.interaction import (
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
from server.models.item import Item, ItemDiscountGroup, ItemUnitOfMeasure
from server.models.numbering import NumberSeries
from server.models.opportunity import (
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
    DiscountLine,
    DiscountSourceType,
    DiscountType,
    PriceLine,
    PriceSourceType,
    TargetType,
)
from server.models.sales import SalesDocument, SalesDocumentType, SalesLine, SalesLineSource
from server.models.segment import Segment, SegmentLine, SegmentStatus
from server.models.setup import CampaignStatus, Salesperson, Team
from server.models.task import (
    Activity,
    ActivityStep,
    Priority,
    Task,
    TaskAttendee,
    TaskStatus,
    TaskType,
)

__all__ = [
    "ActionTaken",
    "Activity",
    "ActivityStep",
    "ApiToken",
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
    "User",
]
