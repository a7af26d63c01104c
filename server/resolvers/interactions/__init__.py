"""Interaction resolvers: the ledger (logging, cancelling, correcting, reading) and the
interaction groups and templates."""
