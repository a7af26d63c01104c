"""What the stage tests share: an opportunity on a four-stage sales cycle, a move of it, and
its entries in order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from server.models import Opportunity, OpportunityEntry, ProbabilityCalculation
from server.services.core.context import ServiceContext
from server.services.opportunities import stages as svc
from server.services.opportunities.stages import StageAction, StageMove
from tests.builders import make_contact, make_opportunity, make_sales_cycle, make_salesperson
from tests.conftest import TODAY

DAY = TODAY.date()
D = Decimal
#: (completed %, chances of success %) of stages 1..4.
STAGES = [("10", "50"), ("40", "60"), ("70", "75"), ("90", "80")]


async def _opportunity(
    method: ProbabilityCalculation = ProbabilityCalculation.MULTIPLY,
    stages: list[tuple[str, str]] | None = None,
) -> Opportunity:
    cycle = await make_sales_cycle(STAGES if stages is None else stages, method, code="CYC")
    return await make_opportunity(
        no="OP1",
        contact=await make_contact(no="CT1"),
        salesperson=await make_salesperson(code="ANN"),
        sales_cycle=cycle,
        creation_date=date(2026, 3, 1),
    )


async def _do(ctx: ServiceContext, action: StageAction, **values: Any) -> Opportunity:
    return await svc.stage_update(ctx, "op1", StageMove(action=action, **values))


async def _entries() -> list[OpportunityEntry]:
    return await OpportunityEntry.all().order_by("entry_no")
