"""Tortoise models, one module per aggregate; no logic beyond field constraints."""

from server.models.auth import ApiToken, Role, User
from server.models.campaign import Campaign
from server.models.numbering import NumberSeries
from server.models.setup import CampaignStatus, Salesperson, Team

__all__ = [
    "ApiToken",
    "Campaign",
    "CampaignStatus",
    "NumberSeries",
    "Role",
    "Salesperson",
    "Team",
    "User",
]
