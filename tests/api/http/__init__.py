"""Tests of the HTTP transport (GraphQL API tests)."""
