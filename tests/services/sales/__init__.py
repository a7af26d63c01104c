"""Tests of the sales area (services tests)."""
