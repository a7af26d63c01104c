"""Tests of the contacts area (GraphQL API tests)."""
