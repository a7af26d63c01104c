"""Tests of the items area (GraphQL API tests)."""
