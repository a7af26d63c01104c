"""What the opportunity API tests share: the test day, and a world with a salesperson, a
contact, an active and an inactive campaign, and a two-step activity."""

from __future__ import annotations

from datetime import date

from server.models import TaskType
from tests.builders import activate, make_activity, make_campaign, make_contact, make_salesperson
from tests.conftest import TODAY

DAY = TODAY.date()


async def _world() -> None:
    await make_salesperson(code="ANN")
    await make_contact(no="CT1")
    campaign = await make_campaign(no="CP1", starting_date=date(2026, 1, 1))
    await activate(campaign)
    await make_campaign(no="CPOFF", starting_date=date(2026, 1, 1))
    await make_activity([(TaskType.PHONE_CALL, "0D"), (TaskType.MEETING, "1W")], code="CALL")
