"""An interaction logged about an opportunity (Interaction.opportunity)."""

from __future__ import annotations

import pytest

from server.models import Contact, Interaction
from server.services.core.context import ServiceContext
from server.services.core.errors import ErrorCode, ValidationFailed
from server.services.interactions import logging as svc
from tests.builders import make_contact, make_opportunity, make_sales_cycle, make_salesperson

pytestmark = pytest.mark.usefixtures("db")


async def _opportunity_with(contact_no: str) -> tuple[Contact, str]:
    company = await make_contact(no=contact_no)
    opportunity = await make_opportunity(
        contact=company,
        salesperson=await make_salesperson(),
        sales_cycle=await make_sales_cycle([("10", "50")]),
    )
    return company, opportunity.no


async def test_a_person_of_the_opportunitys_company_may_log_about_it(manager: ServiceContext):
    company, no = await _opportunity_with("ACME")
    person = await make_contact(company=company, no="ANNA")

    logged = await svc.interaction_log(
        manager, svc.InteractionDraft(contact_no=person.no, description="Demo", opportunity_no=no)
    )

    stored = await Interaction.get(entry_no=logged.entry_no).prefetch_related("opportunity")
    assert stored.opportunity is not None
    assert stored.opportunity.no == no


@pytest.mark.parametrize(
    ("opportunity_no", "code"), [("NOPE", ErrorCode.NOT_FOUND), (None, ErrorCode.INVALID)]
)
async def test_an_unknown_or_foreign_opportunity_is_refused_and_nothing_is_logged(
    manager: ServiceContext, opportunity_no: str | None, code: ErrorCode
):
    _, theirs = await _opportunity_with("OTHER")
    mine = await make_contact(no="MINE")

    with pytest.raises(ValidationFailed) as refused:
        await svc.interaction_log(
            manager,
            svc.InteractionDraft(
                contact_no=mine.no, description="Call", opportunity_no=opportunity_no or theirs
            ),
        )

    assert [(e.code, e.field) for e in refused.value.errors] == [(code, ("opportunity_no",))]
    assert await Interaction.all().count() == 0
