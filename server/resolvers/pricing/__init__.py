"""Pricing resolvers: price and discount lines, activation and the target group, and the
customer and item groups."""
