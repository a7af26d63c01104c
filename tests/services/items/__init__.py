"""Tests of the items area (services tests)."""
