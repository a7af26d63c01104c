"""Business rules, by area: the only layer that opens transactions and checks permissions.

`core/` is the kernel every area uses (acting user, errors, input values, transactions,
events, idempotency, numbering, date formulas, exact SQL sums); each other package is one area
of DOMAIN.md, holding its rules, its transactions and the read queries the engine runs for it.
Never imports GraphQL, HTTP or the read engine."""
