"""Business rules: the only layer that opens transactions. Never imports GraphQL or HTTP."""
