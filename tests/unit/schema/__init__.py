"""Tests of the schema and its protection (unit tests)."""
