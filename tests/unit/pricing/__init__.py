"""Tests of the pricing area (unit tests)."""
