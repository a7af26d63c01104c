"""Tests of the interactions area (services tests)."""
