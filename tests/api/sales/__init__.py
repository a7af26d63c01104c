"""Tests of the sales area (GraphQL API tests)."""
