"""The opportunities area's GraphQL types, inputs, payloads and root fields.

Opportunities (DOMAIN O1-O4): sales cycles with their stages and opportunities moving
through them.
"""
