"""Tests of the interactions area (unit tests)."""
