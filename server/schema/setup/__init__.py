"""The setup area's GraphQL types, inputs, payloads and root fields.

Setup (DOMAIN section 2 "Setup"): salespeople, teams and campaign status codes.
"""
