"""Tests of the read engine (GraphQL API tests)."""
