"""Tests of the pricing area (GraphQL API tests)."""
