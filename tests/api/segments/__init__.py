"""Tests of the segments area (GraphQL API tests)."""
