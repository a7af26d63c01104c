"""The pricing area's GraphQL types, inputs, payloads and root fields.

Pricing (DOMAIN A1-A8, P1-P8): price and discount lines, customer and item groups,
activation of campaigns (the target group), the choice of the winning agreement, and the
explanation of a price.
"""
