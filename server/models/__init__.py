"""Tortoise models, one module per aggregate; no logic beyond field constraints."""

from server.models.auth import ApiToken, Role, User
from server.models.campaign import Campaign
from server.models.contact import Contact, ContactType
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
from server.models.numbering import NumberSeries
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
    "Activity",
    "ActivityStep",
    "ApiToken",
    "Campaign",
    "CampaignEntry",
    "CampaignStatus",
    "Contact",
    "ContactType",
    "CorrespondenceType",
    "Evaluation",
    "InformationFlow",
    "InitiatedBy",
    "Interaction",
    "InteractionGroup",
    "InteractionTemplate",
    "LoggedSegment",
    "NumberSeries",
    "Priority",
    "Role",
    "Salesperson",
    "Segment",
    "SegmentLine",
    "SegmentStatus",
    "Task",
    "TaskAttendee",
    "TaskStatus",
    "TaskType",
    "Team",
    "User",
]
