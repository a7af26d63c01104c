"""Tests of the accounts area (services tests)."""
