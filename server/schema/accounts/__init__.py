"""The accounts area's GraphQL types, inputs, payloads and root fields.

Accounts (docs/domain.md "Who may do what"): users, API tokens and the viewer's own day.
"""
