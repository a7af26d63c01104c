"""Tests of the interactions area (GraphQL API tests)."""
