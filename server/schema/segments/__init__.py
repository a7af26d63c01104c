"""The segments area's GraphQL types, inputs, payloads and root fields.

Segments and their lines (DOMAIN S1-S6): who a campaign reaches and how logging records it.
"""
