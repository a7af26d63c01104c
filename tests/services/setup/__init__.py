"""Tests of the setup area (services tests)."""
