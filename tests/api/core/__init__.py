"""Tests of the kernel (GraphQL API tests)."""
