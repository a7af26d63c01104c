"""Tests of the campaigns area (services tests)."""
