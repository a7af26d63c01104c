"""Tests of the opportunities area (services tests)."""
