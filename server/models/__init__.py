"""Tortoise models, one module per aggregate; no logic beyond field constraints."""

from server.models.campaign import Campaign
from server.models.numbering import NumberSeries
from server.models.setup import CampaignStatus, Salesperson, Team

__all__ = ["Campaign", "CampaignStatus", "NumberSeries", "Salesperson", "Team"]
