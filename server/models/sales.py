"""Sales documents (quotes, orders, invoices) and their lines: where campaign prices show up.

A line keeps which agreement won its price and its discount as text (source type and code)
plus links. Deleting a price or discount line clears the link to it (SET NULL) but keeps the
text and the campaign the agreement came from, so the line still explains itself and still
counts towards the campaign's revenue (DOMAIN T6). A campaign cited by a line cannot be
deleted (C5).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from server.models.campaigns import Campaign
from server.models.contacts import Contact
from server.models.core import AMOUNT_PLACES
from server.models.setup import Salesperson

if TYPE_CHECKING:
    from server.models.customers import Customer
    from server.models.items import Item
    from server.models.pricing import DiscountLine, PriceLine


class SalesDocumentType(StrEnum):
    """What a sales document is."""

    QUOTE = "QUOTE"
    ORDER = "ORDER"
    INVOICE = "INVOICE"


class SalesLineSource(StrEnum):
    """Where a sales line's unit price or line discount came from."""

    ITEM = "ITEM"
    ALL_CUSTOMERS = "ALL_CUSTOMERS"
    CUSTOMER = "CUSTOMER"
    CUSTOMER_PRICE_GROUP = "CUSTOMER_PRICE_GROUP"
    CUSTOMER_DISCOUNT_GROUP = "CUSTOMER_DISCOUNT_GROUP"
    CAMPAIGN = "CAMPAIGN"


class SalesDocument(Model):
    """A quote, order or invoice for a customer (bill-to) or, on a quote, a prospect contact."""

    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    type = fields.CharEnumField(SalesDocumentType, max_length=10)
    customer: fields.ForeignKeyNullableRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="sales_documents", null=True, on_delete=fields.RESTRICT
    )
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="sales_documents", null=True, on_delete=fields.RESTRICT
    )
    #: The pricing date: order date of quotes and orders, posting date of invoices.
    document_date: dt.date = fields.DateField()
    #: Attribution only, it never makes prices eligible (DOMAIN P1).
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="sales_documents", null=True, on_delete=fields.RESTRICT
    )
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson",
        related_name="sales_documents",
        null=True,
        on_delete=fields.RESTRICT,
    )
    created_by = fields.CharField(max_length=50, null=True)

    lines: fields.ReverseRelation[SalesLine]

    customer_id: int | None
    contact_id: int | None
    campaign_id: int | None
    salesperson_id: int | None

    class Meta:
        table = "sales_document"
        ordering = ("no",)
        indexes = (
            ("customer_id", "no"),
            ("contact_id", "no"),
            ("campaign_id", "no"),
            ("salesperson_id", "no"),
            ("document_date", "no"),
        )


class SalesLine(Model):
    """One item on a sales document, priced by DOMAIN P1-P7."""

    id = fields.IntField(primary_key=True)
    document: fields.ForeignKeyRelation[SalesDocument] = fields.ForeignKeyField(
        "models.SalesDocument", related_name="lines", on_delete=fields.CASCADE
    )
    line_no = fields.IntField()
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="sales_lines", on_delete=fields.RESTRICT
    )
    quantity: Decimal = fields.DecimalField(max_digits=20, decimal_places=5)
    unit_of_measure = fields.CharField(max_length=10)
    quantity_per_unit: Decimal = fields.DecimalField(max_digits=20, decimal_places=5)
    unit_price: Decimal = fields.DecimalField(max_digits=20, decimal_places=5)
    line_discount_percent: Decimal = fields.DecimalField(max_digits=5, decimal_places=2)
    line_amount: Decimal = fields.DecimalField(max_digits=20, decimal_places=AMOUNT_PLACES)
    price_source_type = fields.CharEnumField(SalesLineSource, max_length=25)
    #: Item no, customer no, price group code or campaign no of the winning price.
    price_source_code = fields.CharField(max_length=20, null=True)
    price_line: fields.ForeignKeyNullableRelation[PriceLine] = fields.ForeignKeyField(
        "models.PriceLine", related_name="sales_lines", null=True, on_delete=fields.SET_NULL
    )
    price_campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign",
        related_name="priced_sales_lines",
        null=True,
        on_delete=fields.RESTRICT,
    )
    #: Null when the line has no discount.
    discount_source_type = fields.CharEnumField(SalesLineSource, max_length=25, null=True)
    discount_source_code = fields.CharField(max_length=20, null=True)
    discount_line: fields.ForeignKeyNullableRelation[DiscountLine] = fields.ForeignKeyField(
        "models.DiscountLine", related_name="sales_lines", null=True, on_delete=fields.SET_NULL
    )
    discount_campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign",
        related_name="discounted_sales_lines",
        null=True,
        on_delete=fields.RESTRICT,
    )

    document_id: int
    item_id: int
    price_line_id: int | None
    price_campaign_id: int | None
    discount_line_id: int | None
    discount_campaign_id: int | None

    class Meta:
        table = "sales_line"
        ordering = ("document_id", "line_no")
        unique_together = (("document", "line_no"),)
        indexes = (("price_campaign_id",), ("discount_campaign_id",), ("item_id",))
