"""The items area's GraphQL types, inputs, payloads and root fields.

Items (DOMAIN "Parties and products"): list prices and units of measure.
"""
