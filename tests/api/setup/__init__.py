"""Tests of the setup area (GraphQL API tests)."""
