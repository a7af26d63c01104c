"""Mutation families of the role matrix on the marketing side: campaigns, setup (salespeople,
teams, status codes), contacts, interaction groups and templates, users and API tokens,
segments, logging and campaign entries."""

from __future__ import annotations

from server.models import (
    ApiToken,
    Campaign,
    CampaignEntry,
    CampaignStatus,
    Contact,
    Interaction,
    InteractionGroup,
    InteractionTemplate,
    Salesperson,
    Segment,
    SegmentLine,
    Team,
    User,
)
from tests.api.accounts.role_families import ADMINS, BUSINESS_WRITERS, Family

MARKETING_FAMILIES = [
    Family(
        "campaignCreate",
        'mutation { campaignCreate(input: {description: "New"}) '
        "{ campaign { no } errors { code } } }",
        Campaign,
        BUSINESS_WRITERS,
    ),
    Family(
        "campaignUpdate",
        'mutation { campaignUpdate(input: {no: "CPX", description: "Changed"}) '
        "{ campaign { description } errors { code } } }",
        Campaign,
        BUSINESS_WRITERS,
    ),
    Family(
        "campaignDelete",
        'mutation { campaignDelete(input: {no: "CPX"}) { deletedId errors { code } } }',
        Campaign,
        BUSINESS_WRITERS,
    ),
    Family(
        "salespersonCreate",
        'mutation { salespersonCreate(input: {code: "NEW", name: "New"}) '
        "{ salesperson { code } errors { code } } }",
        Salesperson,
        BUSINESS_WRITERS,
    ),
    Family(
        "teamUpdate",
        'mutation { teamUpdate(input: {code: "TX", name: "Renamed"}) '
        "{ team { name } errors { code } } }",
        Team,
        BUSINESS_WRITERS,
    ),
    Family(
        "campaignStatusDelete",
        'mutation { campaignStatusDelete(input: {code: "STX"}) { deletedId errors { code } } }',
        CampaignStatus,
        BUSINESS_WRITERS,
    ),
    Family(
        "contactCreate",
        'mutation { contactCreate(input: {type: PERSON, name: "New", companyNo: "CTX"}) '
        "{ contact { no } errors { code } } }",
        Contact,
        BUSINESS_WRITERS,
    ),
    Family(
        "contactUpdate",
        'mutation { contactUpdate(input: {no: "CTX", name: "Changed"}) '
        "{ contact { name } errors { code } } }",
        Contact,
        BUSINESS_WRITERS,
    ),
    Family(
        "contactDelete",
        'mutation { contactDelete(input: {no: "CTX"}) { deletedId errors { code } } }',
        Contact,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionGroupCreate",
        'mutation { interactionGroupCreate(input: {code: "NEW", description: "New"}) '
        "{ interactionGroup { code } errors { code } } }",
        InteractionGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionGroupUpdate",
        'mutation { interactionGroupUpdate(input: {code: "GX", description: "Changed"}) '
        "{ interactionGroup { description } errors { code } } }",
        InteractionGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionGroupDelete",
        'mutation { interactionGroupDelete(input: {code: "GSPARE"}) '
        "{ deletedId errors { code } } }",
        InteractionGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionTemplateCreate",
        "mutation { interactionTemplateCreate(input: "
        '{code: "NEW", description: "New", groupCode: "GX", unitCost: "1.50"}) '
        "{ interactionTemplate { code } errors { code } } }",
        InteractionTemplate,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionTemplateUpdate",
        'mutation { interactionTemplateUpdate(input: {code: "TPLX", description: "Changed"}) '
        "{ interactionTemplate { description } errors { code } } }",
        InteractionTemplate,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionTemplateDelete",
        'mutation { interactionTemplateDelete(input: {code: "TPLX"}) '
        "{ deletedId errors { code } } }",
        InteractionTemplate,
        BUSINESS_WRITERS,
    ),
    Family(
        "userCreate",
        'mutation { userCreate(input: {username: "newbie", name: "New", role: VIEWER}) '
        "{ user { username } errors { code } } }",
        User,
        ADMINS,
    ),
    Family(
        "apiTokenCreate",
        'mutation { apiTokenCreate(input: {username: "target", name: "x"}) '
        "{ secret errors { code } } }",
        ApiToken,
        ADMINS,
    ),
    Family(
        "segmentCreate",
        'mutation { segmentCreate(input: {description: "New"}) '
        "{ segment { no } errors { code } } }",
        Segment,
        BUSINESS_WRITERS,
    ),
    Family(
        "segmentCampaignTargetSet",
        'mutation { segmentCampaignTargetSet(input: {segmentNo: "SEGX", value: true}) '
        "{ count errors { code } } }",
        SegmentLine,
        BUSINESS_WRITERS,
    ),
    Family(
        "interactionLog",
        'mutation { interactionLog(input: {contactNo: "CTX", description: "Hi"}) '
        "{ interaction { entryNo } errors { code } } }",
        Interaction,
        BUSINESS_WRITERS,
    ),
    Family(
        "campaignEntryCancel",
        "mutation { campaignEntryCancel(input: {entryNo: 1}) { errors { code } } }",
        CampaignEntry,
        BUSINESS_WRITERS,
    ),
]
