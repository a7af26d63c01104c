"""The interactions area's GraphQL types, inputs, payloads and root fields.

Interactions (DOMAIN L1-L6, T1-T7): interaction groups and templates, logging segments and
single interactions, cancelling and correcting entries, reading the ledger, and statistics.
"""
