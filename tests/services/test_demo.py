"""The demo company loads through the services and is idempotent."""

from __future__ import annotations

import pytest

from server.models import Campaign, CampaignStatus, Salesperson, Team
from server.services.demo import load_demo
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


async def test_demo_loads_once_and_reruns_add_nothing():
    first = await load_demo(make_ctx())
    second = await load_demo(make_ctx())

    assert first == "demo company ready (26 records added)"
    assert second == "demo company ready (0 records added)"
    assert await CampaignStatus.all().count() == 5
    assert await Salesperson.all().count() == 10
    assert await Team.all().count() == 3
    assert await Campaign.all().count() == 8
    running = await Campaign.filter(status__code="RUNNING").count()
    assert running == 3
