"""An opportunity's probability (O3): per calculation method, from the chances of success
given for a move, rounded half up to cents, and the current value it gives."""

from __future__ import annotations

import pytest

from server.models import ProbabilityCalculation
from server.services.core.context import ServiceContext
from server.services.opportunities import stages as svc
from server.services.opportunities.stages import StageAction
from tests.services.opportunities.opportunity_stage_builders import D, _do, _entries, _opportunity

pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize(
    ("method", "completed", "chances", "probability", "value"),
    [
        (ProbabilityCalculation.MULTIPLY, "33.33", "50", "16.67", "166.70"),
        (ProbabilityCalculation.ADD, "33.33", "50", "41.67", "416.70"),
        (ProbabilityCalculation.CHANCES_OF_SUCCESS, "33.33", "50", "50.00", "500.00"),
        (ProbabilityCalculation.COMPLETED, "33.33", "50", "33.33", "333.30"),
        (ProbabilityCalculation.MULTIPLY, "0", "0", "0.00", "0.00"),
        (ProbabilityCalculation.ADD, "100", "100", "100.00", "1000.00"),
    ],
)
async def test_o3_probability_per_method_and_current_value(
    manager: ServiceContext,
    method: ProbabilityCalculation,
    completed: str,
    chances: str,
    probability: str,
    value: str,
):
    await _opportunity(method, [(completed, chances)])

    await _do(manager, StageAction.NEXT, estimated_value=D(1000))

    (entry,) = await _entries()
    assert (entry.probability_percent, entry.calculated_current_value) == (D(probability), D(value))


async def test_the_chances_of_success_can_be_given_for_a_move(manager: ServiceContext):
    await _opportunity()  # MULTIPLY; stage 1 is 10 % completed, 50 % chances; stage 2 40/60
    await _do(manager, StageAction.NEXT, estimated_value=D(1000))

    await _do(manager, StageAction.UPDATE, chances_of_success_percent=D("35"))
    await _do(manager, StageAction.NEXT)

    first, updated, second = await _entries()
    assert (first.chances_of_success_percent, first.probability_percent) == (D(50), D(5))
    # 35 x 10 / 100 = 3.50 %, worth 35.00 of 1,000
    assert (
        updated.chances_of_success_percent,
        updated.probability_percent,
        updated.calculated_current_value,
    ) == (D(35), D("3.50"), D("35.00"))
    # the next stage starts from its own chances again: 60 x 40 / 100 = 24 %
    assert (second.chances_of_success_percent, second.probability_percent) == (D(60), D(24))


def test_o3_probability_rounds_half_up_to_cents():
    # MULTIPLY 12.5 x 50.01 / 100 = 6.25125 -> 6.25; ADD (0.01 + 0) / 2 = 0.005 -> 0.01
    assert svc.probability(ProbabilityCalculation.MULTIPLY, D("50.01"), D("12.5")) == D("6.25")
    assert svc.probability(ProbabilityCalculation.ADD, D("0.01"), D(0)) == D("0.01")
