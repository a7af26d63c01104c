"""Tests of the accounts area (GraphQL API tests)."""
