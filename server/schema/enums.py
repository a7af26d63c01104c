"""Enums shared across the schema."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from server.models.accounts import Role as DomainRole
from server.models.contacts import ContactType as DomainContactType
from server.models.interactions import CorrespondenceType as DomainCorrespondenceType
from server.models.interactions import Evaluation as DomainEvaluation
from server.models.interactions import InformationFlow as DomainInformationFlow
from server.models.interactions import InitiatedBy as DomainInitiatedBy
from server.models.pricing import DiscountSourceType as DomainDiscountSourceType
from server.models.pricing import DiscountType as DomainDiscountType
from server.models.pricing import PriceSourceType as DomainPriceSourceType
from server.models.pricing import TargetType as DomainTargetType
from server.models.segments import SegmentStatus as DomainSegmentStatus
from server.services.core.errors import ERROR_CODE_DESCRIPTIONS
from server.services.core.errors import ErrorCode as DomainErrorCode

E = TypeVar("E", bound=type[Enum])


def described_enum(cls: E, *, name: str, description: str, values: dict[str, str]) -> E:
    """Expose a Python enum defined in a lower layer, with a description for every value."""
    exposed = strawberry.enum(cls, name=name, description=description)
    for value in exposed.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[value.name]
    return exposed


described_enum(
    DomainErrorCode,
    name="ErrorCode",
    description="Stable code of an expected failure; clients switch on it.",
    values={code.name: text for code, text in ERROR_CODE_DESCRIPTIONS.items()},
)
ErrorCode = DomainErrorCode


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    """Sort direction."""

    ASC = strawberry.enum_value("ASC", description="Ascending (A-Z, oldest first, blanks first).")
    DESC = strawberry.enum_value("DESC", description="Descending (Z-A, newest first, blanks last).")


described_enum(
    DomainRole,
    name="Role",
    description="What a user may do: each role's value says what it allows.",
    values={
        "ADMIN": "Everything, plus users and API tokens.",
        "MANAGER": "All business reads and writes: campaigns, pricing, segments, setup, logging.",
        "SALES": "Reads everything; logs as themselves; works on their own or their teams' "
        "segments, tasks, quotes and opportunities.",
        "VIEWER": "Reads only.",
    },
)
Role = DomainRole

described_enum(
    DomainContactType,
    name="ContactType",
    description="Whether a contact is a company or a person.",
    values={
        "COMPANY": "A company; it can have persons and is its own company.",
        "PERSON": "A person, who may belong to one company contact.",
    },
)
ContactType = DomainContactType

described_enum(
    DomainInformationFlow,
    name="InformationFlow",
    description="Which way information went in an interaction.",
    values={
        "NONE": "Not stated.",
        "OUTBOUND": "From us to the contact (a letter, an offer sent).",
        "INBOUND": "From the contact to us (a reply, an enquiry).",
    },
)
InformationFlow = DomainInformationFlow

described_enum(
    DomainInitiatedBy,
    name="InitiatedBy",
    description="Who started an interaction.",
    values={
        "NONE": "Not stated.",
        "US": "We did (a salesperson, a mailing).",
        "THEM": "The contact did.",
    },
)
InitiatedBy = DomainInitiatedBy

described_enum(
    DomainCorrespondenceType,
    name="CorrespondenceType",
    description="How an interaction template's correspondence is sent.",
    values={
        "NONE": "No correspondence (a call, a meeting).",
        "HARD_COPY": "Printed and posted.",
        "EMAIL": "Sent by e-mail.",
    },
)
CorrespondenceType = DomainCorrespondenceType


described_enum(
    DomainEvaluation,
    name="Evaluation",
    description="How an interaction went, as the salesperson judged it.",
    values={
        "VERY_POSITIVE": "Very positive.",
        "POSITIVE": "Positive.",
        "NEUTRAL": "Neutral.",
        "NEGATIVE": "Negative.",
        "VERY_NEGATIVE": "Very negative.",
    },
)
Evaluation = DomainEvaluation

described_enum(
    DomainSegmentStatus,
    name="SegmentStatus",
    description="Whether a segment can still change.",
    values={
        "OPEN": "Being prepared: contacts and values can change.",
        "LOGGED": "Logged: its interactions are recorded and it is read-only.",
    },
)
SegmentStatus = DomainSegmentStatus


described_enum(
    DomainPriceSourceType,
    name="PriceSourceType",
    description="Whom a sales price is for.",
    values={
        "ALL_CUSTOMERS": "Every customer (no source code).",
        "CUSTOMER": "One customer (source code: customer no).",
        "CUSTOMER_PRICE_GROUP": "A customer price group (source code: group code).",
        "CAMPAIGN": "An activated campaign's targets (source code: campaign no).",
    },
)
PriceSourceType = DomainPriceSourceType

described_enum(
    DomainDiscountSourceType,
    name="DiscountSourceType",
    description="Whom a line discount is for.",
    values={
        "ALL_CUSTOMERS": "Every customer (no source code).",
        "CUSTOMER": "One customer (source code: customer no).",
        "CUSTOMER_DISCOUNT_GROUP": "A customer discount group (source code: group code).",
        "CAMPAIGN": "An activated campaign's targets (source code: campaign no).",
    },
)
DiscountSourceType = DomainDiscountSourceType

described_enum(
    DomainDiscountType,
    name="DiscountType",
    description="What a line discount is for.",
    values={
        "ITEM": "One item.",
        "ITEM_DISCOUNT_GROUP": "Every item of an item discount group.",
    },
)
DiscountType = DomainDiscountType

described_enum(
    DomainTargetType,
    name="TargetType",
    description="Whom a campaign target row names.",
    values={
        "CUSTOMER": "A customer (its company contact is linked to it).",
        "CONTACT": "A company without a customer, or a person without a company.",
    },
)
TargetType = DomainTargetType
