"""The demo's sales documents show campaign prices winning and losing (docs/domain.md, the demo
company)."""

from __future__ import annotations

import pytest

from server.demo.company import load_demo
from server.models import SalesDocument, SalesLine, SalesLineSource
from tests.conftest import make_ctx

pytestmark = pytest.mark.usefixtures("db")


async def test_demo_documents_show_campaign_prices_winning_and_losing():
    await load_demo(make_ctx())

    documents = await SalesDocument.all().order_by("no")
    assert [d.type.value for d in documents] == ["QUOTE", "ORDER", "QUOTE", "QUOTE"]
    chairs = {
        line.document_id: line
        for line in await SalesLine.filter(item__no="I00001").order_by("document_id")
    }
    winners = [chairs[d.id].price_source_type for d in documents]
    assert winners == [
        SalesLineSource.CAMPAIGN,
        SalesLineSource.CAMPAIGN,
        SalesLineSource.CUSTOMER,
        SalesLineSource.ITEM,
    ]
    desks = await SalesLine.filter(item__no="I00006").order_by("document_id")
    assert [d.discount_source_type for d in desks] == [
        SalesLineSource.CAMPAIGN,
        SalesLineSource.CAMPAIGN,
        SalesLineSource.CAMPAIGN,
        None,
    ]
