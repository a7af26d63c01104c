"""Mutation families of the role matrix on the sales side: customers, items and units of
measure, customer and item groups, activities and tasks, sales cycles and their stages,
opportunities, sales documents and their lines."""

from __future__ import annotations

from server.models import (
    Activity,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
    Opportunity,
    OpportunityEntry,
    SalesCycle,
    SalesCycleStage,
    SalesDocument,
    SalesLine,
    Task,
)
from tests.api.accounts.role_families import BUSINESS_WRITERS, Family

SALES_FAMILIES = [
    Family(
        "customerCreate",
        'mutation { customerCreate(input: {name: "New", contactNo: "CTF"}) '
        "{ customer { no } errors { code } } }",
        Customer,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerUpdate",
        'mutation { customerUpdate(input: {no: "CUX", contactNo: null, name: "Changed"}) '
        "{ customer { name } errors { code } } }",
        Customer,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerDelete",
        'mutation { customerDelete(input: {no: "CUX"}) { deletedId errors { code } } }',
        Customer,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemCreate",
        'mutation { itemCreate(input: {description: "New", baseUnitOfMeasure: "PCS"}) '
        "{ item { no } errors { code } } }",
        Item,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemUpdate",
        'mutation { itemUpdate(input: {no: "ITX", unitPrice: "99"}) '
        "{ item { unitPrice } errors { code } } }",
        Item,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemDelete",
        'mutation { itemDelete(input: {no: "ITX"}) { deletedId errors { code } } }',
        Item,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemUnitOfMeasureSet",
        'mutation { itemUnitOfMeasureSet(input: {itemNo: "ITX", code: "BOX", '
        'quantityPerUnit: "10"}) { unitOfMeasure { code } errors { code } } }',
        ItemUnitOfMeasure,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemUnitOfMeasureDelete",
        'mutation { itemUnitOfMeasureDelete(input: {itemNo: "ITX", code: "PALLET"}) '
        "{ deletedId errors { code } } }",
        ItemUnitOfMeasure,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerPriceGroupCreate",
        'mutation { customerPriceGroupCreate(input: {code: "NEW", description: "New"}) '
        "{ group { code } errors { code } } }",
        CustomerPriceGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "customerDiscountGroupUpdate",
        'mutation { customerDiscountGroupUpdate(input: {code: "CDX", description: "Changed"}) '
        "{ group { code } errors { code } } }",
        CustomerDiscountGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "itemDiscountGroupDelete",
        'mutation { itemDiscountGroupDelete(input: {code: "IDX"}) { deletedId errors { code } } }',
        ItemDiscountGroup,
        BUSINESS_WRITERS,
    ),
    Family(
        "activityCreate",
        'mutation { activityCreate(input: {code: "NEW", description: "New", '
        'steps: [{description: "Call", dateFormula: "1W"}]}) '
        "{ activity { code } errors { code } } }",
        Activity,
        BUSINESS_WRITERS,
    ),
    Family(
        "activityAssign",
        'mutation { activityAssign(input: {activityCode: "ACTX", startDate: "2026-04-01", '
        'teamCode: "TX"}) { tasks { no } errors { code } } }',
        Task,
        BUSINESS_WRITERS,
    ),
    Family(
        "taskCreate",
        'mutation { taskCreate(input: {description: "New", date: "2026-04-01", teamCode: "TX"}) '
        "{ task { no } errors { code } } }",
        Task,
        BUSINESS_WRITERS,
    ),
    Family(
        "taskClose",
        'mutation { taskClose(input: {no: "TDX"}) { task { closed } errors { code } } }',
        Task,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleCreate",
        'mutation { salesCycleCreate(input: {code: "NEW", description: "New"}) '
        "{ salesCycle { code } errors { code } } }",
        SalesCycle,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleUpdate",
        'mutation { salesCycleUpdate(input: {code: "SCX", description: "Changed"}) '
        "{ salesCycle { code } errors { code } } }",
        SalesCycle,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleDelete",
        'mutation { salesCycleDelete(input: {code: "SCSPARE"}) { deletedId errors { code } } }',
        SalesCycle,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleStageCreate",
        'mutation { salesCycleStageCreate(input: {salesCycleCode: "SCX", stage: 2, '
        'description: "Two"}) { stage { stage } errors { code } } }',
        SalesCycleStage,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleStageUpdate",
        'mutation { salesCycleStageUpdate(input: {salesCycleCode: "SCX", stage: 1, '
        'description: "Changed"}) { stage { stage } errors { code } } }',
        SalesCycleStage,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesCycleStageDelete",
        'mutation { salesCycleStageDelete(input: {salesCycleCode: "SCSPARE", stage: 1}) '
        "{ stage { stage } errors { code } } }",
        SalesCycleStage,
        BUSINESS_WRITERS,
    ),
    Family(
        "opportunityCreate",
        'mutation { opportunityCreate(input: {description: "New", contactNo: "CTX", '
        'salespersonCode: "SPX", salesCycleCode: "SCX"}) { opportunity { no } errors { code } } }',
        Opportunity,
        BUSINESS_WRITERS,
    ),
    Family(
        "opportunityUpdate",
        'mutation { opportunityUpdate(input: {no: "OPX", description: "Changed"}) '
        "{ opportunity { no } errors { code } } }",
        Opportunity,
        BUSINESS_WRITERS,
    ),
    Family(
        "opportunityDelete",
        'mutation { opportunityDelete(input: {no: "OPSPARE"}) { deletedId errors { code } } }',
        Opportunity,
        BUSINESS_WRITERS,
    ),
    Family(
        "opportunityStageUpdate",
        'mutation { opportunityStageUpdate(input: {opportunityNo: "OPX", action: NEXT}) '
        "{ opportunity { no } errors { code } } }",
        OpportunityEntry,
        BUSINESS_WRITERS,
    ),
    # SALES users may work on documents whose salesperson is theirs; `bearer` users have none.
    Family(
        "salesDocumentCreate",
        'mutation { salesDocumentCreate(input: {type: QUOTE, contactNo: "CTS", '
        'lines: [{itemNo: "ITS", quantity: "2"}]}) { salesDocument { no } errors { code } } }',
        SalesDocument,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesDocumentUpdate",
        'mutation { salesDocumentUpdate(input: {no: "SOX", documentDate: "2026-05-01"}) '
        "{ salesDocument { no } errors { code } } }",
        SalesDocument,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesDocumentRecalculate",
        'mutation { salesDocumentRecalculate(input: {no: "SOX"}) '
        "{ salesDocument { no } errors { code } } }",
        SalesLine,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesDocumentDelete",
        'mutation { salesDocumentDelete(input: {no: "SOX"}) { deletedId errors { code } } }',
        SalesDocument,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesLineAdd",
        'mutation { salesLineAdd(input: {documentNo: "SOX", itemNo: "ITS", quantity: "1"}) '
        "{ salesLine { lineNo } errors { code } } }",
        SalesLine,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesLineUpdate",
        'mutation { salesLineUpdate(input: {documentNo: "SOX", lineNo: 10000, quantity: "4"}) '
        "{ salesLine { lineNo } errors { code } } }",
        SalesLine,
        BUSINESS_WRITERS,
    ),
    Family(
        "salesLineDelete",
        'mutation { salesLineDelete(input: {documentNo: "SOX", lineNo: 10000}) '
        "{ deletedId errors { code } } }",
        SalesLine,
        BUSINESS_WRITERS,
    ),
]
