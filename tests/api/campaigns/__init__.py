"""Tests of the campaigns area (GraphQL API tests)."""
