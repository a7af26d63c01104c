"""The services kernel: who acts and what they may do (`context`), domain errors, input
cleaning (`values`), the transaction and after-commit hooks (`storage`), campaign events,
idempotent mutations, number series, date formulas, money rounding and dialect-aware raw SQL.
Imports no area."""
