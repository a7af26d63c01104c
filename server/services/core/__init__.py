"""The services kernel: who acts and what they may do (`context`), domain errors, input
cleaning (`values`), the transaction with its unit of work - rules run before commit, hooks after
it (`unit_of_work`) - the changes areas record for others to follow up (`changes`), database
helpers (`storage`), campaign events, idempotent mutations, number series, date formulas, money
rounding and dialect-aware raw SQL. Imports no area: areas declare their rules with it."""
