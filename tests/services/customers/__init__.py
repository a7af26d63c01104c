"""Tests of the customers area (services tests)."""
