"""Tests of the contacts area (services tests)."""
