"""Shorthands the sales document tests share: the document types, a line draft, a quote for
the contact LONELY, a price line, the codes of a refusal and the rows stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from server.models import PriceLine, PriceSourceType, SalesDocument, SalesDocumentType, SalesLine
from server.services.core.context import ServiceContext
from server.services.core.errors import ErrorCode, ValidationFailed
from server.services.pricing import lines as pricing
from server.services.sales import documents as svc
from tests.conftest import make_ctx

QUOTE, ORDER = SalesDocumentType.QUOTE, SalesDocumentType.ORDER
D = Decimal


def _codes(exc: ValidationFailed) -> list[tuple[ErrorCode, tuple[str | int, ...]]]:
    return [(e.code, e.field) for e in exc.errors]


def line(item_no: str, quantity: str, unit: str | None = None) -> svc.SalesLineDraft:
    return svc.SalesLineDraft(item_no=item_no, quantity=D(quantity), unit_of_measure=unit)


async def _counts() -> tuple[int, int]:
    return await SalesDocument.all().count(), await SalesLine.all().count()


async def _price(source: PriceSourceType, code: str | None, price: str, **extra: Any) -> PriceLine:
    return await pricing.create_price_line(
        make_ctx(),
        pricing.PriceLineDraft(
            item_no=extra.pop("item_no", "CHAIR"),
            source_type=source,
            source_code=code,
            unit_price=D(price),
            **extra,
        ),
    )


async def _quote(manager: ServiceContext, **extra: Any) -> SalesDocument:
    return await svc.create_document(
        manager, svc.SalesDocumentDraft(type=QUOTE, contact_no="LONELY", **extra)
    )
