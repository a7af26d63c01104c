"""The customers area's GraphQL types, inputs, payloads and root fields.

Customers (DOMAIN "Parties and products") and their business relation to company contacts.
"""
