"""Tests of the pricing area (services tests)."""
