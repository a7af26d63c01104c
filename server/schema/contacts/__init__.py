"""The contacts area's GraphQL types, inputs, payloads and root fields.

Contacts (DOMAIN "Parties and products"): companies and the persons who work for them.
"""
