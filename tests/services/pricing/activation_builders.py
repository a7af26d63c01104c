"""What the activation tests share: a campaign with a price line to activate."""

from __future__ import annotations

from decimal import Decimal

from server.models import Campaign, PriceLine
from tests.builders import make_campaign, make_item


async def _priced_campaign(no: str = "CP1") -> Campaign:
    campaign = await make_campaign(no=no)
    await PriceLine.create(
        item=await make_item(),
        source_type="CAMPAIGN",
        source_code=no,
        campaign=campaign,
        unit_price=Decimal("9.99"),
    )
    return campaign
