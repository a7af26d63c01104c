"""Tests of the schema and its protection (GraphQL API tests)."""
