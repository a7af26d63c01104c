"""The campaigns area's GraphQL types, inputs, payloads and root fields.

Campaigns (DOMAIN C1-C5): create, change, delete and find them.
"""
