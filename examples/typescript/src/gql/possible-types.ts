
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "Node": [
      "Activity",
      "ApiToken",
      "Campaign",
      "CampaignEntry",
      "CampaignStatus",
      "CampaignTarget",
      "Contact",
      "Customer",
      "CustomerDiscountGroup",
      "CustomerPriceGroup",
      "DiscountLine",
      "Interaction",
      "InteractionGroup",
      "InteractionTemplate",
      "Item",
      "ItemDiscountGroup",
      "ItemUnitOfMeasure",
      "LoggedSegment",
      "Opportunity",
      "PriceLine",
      "SalesCycle",
      "SalesDocument",
      "SalesLine",
      "Salesperson",
      "Segment",
      "SegmentLine",
      "Task",
      "Team",
      "User"
    ],
    "PricingCandidate": [
      "DiscountCandidate",
      "PriceCandidate"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "Node": [
      "Activity",
      "ApiToken",
      "Campaign",
      "CampaignEntry",
      "CampaignStatus",
      "CampaignTarget",
      "Contact",
      "Customer",
      "CustomerDiscountGroup",
      "CustomerPriceGroup",
      "DiscountLine",
      "Interaction",
      "InteractionGroup",
      "InteractionTemplate",
      "Item",
      "ItemDiscountGroup",
      "ItemUnitOfMeasure",
      "LoggedSegment",
      "Opportunity",
      "PriceLine",
      "SalesCycle",
      "SalesDocument",
      "SalesLine",
      "Salesperson",
      "Segment",
      "SegmentLine",
      "Task",
      "Team",
      "User"
    ],
    "PricingCandidate": [
      "DiscountCandidate",
      "PriceCandidate"
    ]
  }
};
      export default result;
    