"""The setup area's GraphQL types, inputs, payloads and root fields.

Setup (docs/domain.md "Setup"): salespeople, teams and campaign status codes.
"""
