"""Tests of the customers area (GraphQL API tests)."""
