"""Business rules, by area: the only layer that opens transactions and checks permissions.

`core/` is the kernel every area uses (acting user, errors, input values, transactions,
events, idempotency, numbering, date formulas, exact SQL sums); each other package is one area
of docs/domain.md, holding its rules, its transactions and the read queries the engine runs for it.
Never imports GraphQL, HTTP or the read engine."""

# Areas declare the rules that follow up what a transaction changed (core/unit_of_work) when
# their module is imported. They are imported here, with the package, so that a change recorded
# by any service finds its rule whichever services a program happens to import.
from server.services.pricing import activation as _a7_upkeep  # noqa: F401
