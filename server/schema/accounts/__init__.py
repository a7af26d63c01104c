"""The accounts area's GraphQL types, inputs, payloads and root fields.

Accounts (DOMAIN section 5): users, API tokens and the viewer's own day.
"""
