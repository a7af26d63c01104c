"""Tests of the opportunities area (GraphQL API tests)."""
