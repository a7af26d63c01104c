"""Tests of the activities area (GraphQL API tests)."""
